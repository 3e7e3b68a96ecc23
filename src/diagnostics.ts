// Publishes the checker's diagnostics for open posts: on open at once, on typing after a pause (300 ms).
import * as fs from 'fs';
import * as vscode from 'vscode';
import { checkPost, CheckResult } from './core/check';
import { Diagnostic as CoreDiagnostic, Severity } from './core/types';
import { decodePost, MAX_READ_BYTES } from './core/files';
import { asPost, sites } from './posts';
import { checkOptions, diagnosticsEnabled, SECTION } from './config';
import { footerKnowledgeFor, onDidChangeFooterKnowledge } from './footer';
import { FooterKnowledge } from './core/footerKnowledge';
import { linkedCode } from './ruleDocs';

export const SOURCE = 'newspost';
const DEBOUNCE_MS = 300;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The core diagnostic behind each published one, for the code actions (valid for the version checked). */
export const coreOf = new WeakMap<vscode.Diagnostic, { diagnostic: CoreDiagnostic; version: number }>();

/** The last result per document, for the commands that show Jekyll's verdict. */
export const lastResults = new Map<string, { version: number; result: CheckResult }>();

export function toVsDiagnostic(doc: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
  const v = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  v.source = SOURCE;
  // the code links to the rule's documentation (docs/rules.md#code)
  v.code = linkedCode(d.code);
  return v;
}

/** Whether the bytes on disk are valid UTF-8 (VS Code shows U+FFFD for what it could not decode). */
function invalidOnDisk(doc: vscode.TextDocument, text: string): boolean {
  if (!text.includes('\uFFFD') || doc.isDirty) return false;
  try {
    if (fs.statSync(doc.uri.fsPath).size > MAX_READ_BYTES) return false;
    return decodePost(fs.readFileSync(doc.uri.fsPath)).invalidUtf8;
  } catch {
    return false;
  }
}

export function checkDocument(doc: vscode.TextDocument): CheckResult | undefined {
  const post = asPost(doc);
  if (!post || !diagnosticsEnabled(doc.uri)) return undefined;
  const text = doc.getText();
  return checkPost({ text, path: post.file, site: post.site, invalidUtf8: invalidOnDisk(doc, text) }, { ...checkOptions(doc.uri), footer: footerKnowledgeFor(doc, post.site?.root) });
}

/** A text of a post checked as if it were the document's (for "fix all": the text after a pass of fixes). */
export function checkText(doc: vscode.TextDocument, text: string, footer?: FooterKnowledge): CheckResult | undefined {
  const post = asPost(doc);
  if (!post || !diagnosticsEnabled(doc.uri)) return undefined;
  return checkPost({ text, path: post.file, site: post.site }, { ...checkOptions(doc.uri), footer: footer ?? footerKnowledgeFor(doc, post.site?.root) });
}

export function registerDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const timers = new Map<string, NodeJS.Timeout>();

  const refresh = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    const version = doc.version;
    const result = checkDocument(doc);
    if (!result) {
      collection.delete(doc.uri);
      lastResults.delete(key);
      return;
    }
    lastResults.set(key, { version, result });
    collection.set(doc.uri, result.diagnostics.map(d => {
      const v = toVsDiagnostic(doc, d);
      coreOf.set(v, { diagnostic: d, version });
      return v;
    }));
  };
  const schedule = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      // the document may have closed or moved on meanwhile: check what is there now
      if (!doc.isClosed) refresh(doc);
    }, DEBOUNCE_MS));
  };
  const refreshAll = () => vscode.workspace.textDocuments.forEach(refresh);

  const siteFiles = vscode.workspace.createFileSystemWatcher('**/{_config.yml,_layouts/**,_includes/**}');
  const siteChanged = () => { sites.invalidate(); refreshAll(); };
  context.subscriptions.push(
    collection, siteFiles,
    siteFiles.onDidChange(siteChanged), siteFiles.onDidCreate(siteChanged), siteFiles.onDidDelete(siteChanged),
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument(e => { if (e.contentChanges.length) schedule(e.document); }),
    vscode.workspace.onDidSaveTextDocument(doc => { if (/_config\.yml$/.test(doc.fileName)) siteChanged(); }),
    vscode.workspace.onDidCloseTextDocument(doc => {
      clearTimeout(timers.get(doc.uri.toString()));
      lastResults.delete(doc.uri.toString());
      collection.delete(doc.uri);
    }),
    vscode.workspace.onDidRenameFiles(e => e.files.forEach(f => collection.delete(f.oldUri))),
    onDidChangeFooterKnowledge(refreshAll),
    vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration(SECTION)) refreshAll(); }),
    { dispose: () => timers.forEach(t => clearTimeout(t)) },
  );
  refreshAll();
  return collection;
}
