// Shared helpers for the integration tests (they run inside the real VS Code extension host).
import * as vscode from 'vscode';

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls get() until ok(value) or the time runs out; returns the last value. */
export async function waitFor<T>(get: () => T, ok: (v: T) => boolean, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  let v = get();
  while (!ok(v) && Date.now() < end) {
    await sleep(50);
    v = get();
  }
  return v;
}

/** URI of a file in the test workspace (test/integration/workspace). */
export function wsFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsFile(rel));
  return vscode.window.showTextDocument(doc);
}

/** This extension's diagnostics on a file. */
export function newspostDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'newspost');
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
