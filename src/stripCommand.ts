// "Strip Ad Markup in This Post": the preview's strip rules applied to the post's source as one undoable edit
// (deletions only: the front matter and everything else stay byte-identical).
import * as vscode from 'vscode';
import type { RuleCount } from './core/stripRules';
import { isPreviewable, renderers, stripRules } from './previewSettings';

export interface StripResult {
  counts: RuleCount[];
  total: number;
  summary: string;
}

export function registerStripCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('newsPost.stripAdMarkup', async (uri?: vscode.Uri): Promise<StripResult | undefined> => {
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!isPreviewable(doc)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('News Post: open a Markdown or HTML post to strip its ad markup.'));
      return undefined;
    }
    const rules = stripRules(doc.uri);
    const kind = doc.languageId === 'html' || /\.html?$/i.test(doc.fileName) ? 'html' : 'markdown';
    const version = doc.version;
    const r = renderers().stripSource.stripSource(doc.getText(), { rules: rules.rules, kind });
    const result = { counts: r.counts, total: r.total, summary: r.summary };
    if (!r.edits.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('News Post: no ad markup to strip in this post.'));
      return result;
    }
    if (doc.version !== version) return undefined; // changed while we computed: nothing applied
    const edit = new vscode.WorkspaceEdit();
    for (const e of r.edits) edit.delete(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)));
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('News Post: the post changed meanwhile; nothing was stripped. Try again.'));
      return undefined;
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('News Post: {0} (Undo restores them).', r.summary));
    return result;
  }));
}
