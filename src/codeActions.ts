// Quick fixes: each core fix becomes one WorkspaceEdit (one undo step); renames move the file.
import * as path from 'path';
import * as vscode from 'vscode';
import { coreOf, SOURCE } from './diagnostics';
import { POST_SELECTOR } from './posts';
import { Fix } from './core/types';

export function fixToAction(doc: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  if (fix.renameTo) edit.renameFile(doc.uri, vscode.Uri.file(path.join(path.dirname(doc.uri.fsPath), fix.renameTo)), { overwrite: false });
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = !!fix.preferred;
  return action;
}

class FixProvider implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE) continue;
      const core = coreOf.get(d);
      // offsets are only good for the text they were computed on
      if (!core || core.version !== doc.version) continue;
      for (const fix of core.diagnostic.fixes ?? []) actions.push(fixToAction(doc, fix, d));
    }
    return actions;
  }
}

export function registerCodeActions(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerCodeActionsProvider(POST_SELECTOR, new FixProvider(), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  }));
}
