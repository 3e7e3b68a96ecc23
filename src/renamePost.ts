// "Rename Post" (newsPost.renamePost) and the file-name quick fix: the post's file is renamed and every
// {% post_url %} / {% link %} that names it is rewritten, and every link written as its URL when the URL changes,
// as one WorkspaceEdit (one undo). The work is core's (src/core/rename.ts); here: where the texts come from (open
// documents as edited, the others from disk).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { asPost, sites } from './posts';
import { findSiteRoot } from './core/site';
import { postUrlAt, referenceEdits, referrerCandidates, urlLinkEdits, urlNeedles, validPostName } from './core/rename';
import { siteAddress } from './core/siteMap';
import { checkOptions } from './config';
import { TextEdit } from './core/types';
import { applyEdits } from './core/fixAll';
import { t } from './core/l10n';

const rel = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

/**
 * The edit that renames `uri` to `newName` (a base name in the same folder) and makes every post_url/link of its
 * site follow, and every link written as its URL when the URL changes; `extra` are edits of the post itself (a
 * quick fix's), applied first.
 */
export async function renamePostEdit(uri: vscode.Uri, newName: string, extra: TextEdit[] = []): Promise<{ edit: vscode.WorkspaceEdit; references: number; files: number }> {
  const file = uri.fsPath;
  const newUri = vscode.Uri.file(path.join(path.dirname(file), newName));
  const edit = new vscode.WorkspaceEdit();
  const root = findSiteRoot(file);
  let references = 0;
  let files = 0;
  const open = new Map(vscode.workspace.textDocuments.filter(d => d.uri.scheme === 'file').map(d => [d.uri.fsPath, d]));
  const self = open.get(file);
  if (self) for (const e of extra) edit.replace(uri, new vscode.Range(self.positionAt(e.start), self.positionAt(e.end)), e.newText);
  if (root) {
    const oldRel = rel(root, file);
    const newRel = rel(root, newUri.fsPath);
    // the post's URL before and after (the quick fix's edits included): links written as it follow when it changes
    const site = sites.forFile(file);
    let text: string | undefined;
    try { text = self?.getText() ?? fs.readFileSync(file, 'utf8'); } catch { /* unreadable: no URL to follow */ }
    const options = checkOptions(uri);
    const oldUrl = text === undefined ? undefined : postUrlAt(text, file, site, options);
    const newUrl = text === undefined ? undefined : postUrlAt(applyEdits(text, extra), newUri.fsPath, site, options);
    const moved = oldUrl && newUrl && oldUrl !== newUrl ? { from: oldUrl, to: newUrl, address: site ? siteAddress(site) : {} } : undefined;
    // open documents as edited (they may mention the post only in unsaved text), the others as on disk
    const candidates = new Set([...referrerCandidates(root, moved ? urlNeedles(moved.from) : []), ...[...open.keys()].filter(f => f.startsWith(root + path.sep))]);
    for (const f of candidates) {
      const doc = open.get(f) ?? (f === file ? undefined : await vscode.workspace.openTextDocument(vscode.Uri.file(f)).then(d => d, () => undefined));
      if (!doc || (f === file && extra.length)) continue;
      const edits = [...referenceEdits(doc.getText(), oldRel, newRel), ...(moved ? urlLinkEdits(doc.getText(), moved.from, moved.to, moved.address) : [])];
      if (!edits.length) continue;
      files++;
      references += edits.length;
      for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    }
  }
  edit.renameFile(uri, newUri, { overwrite: false });
  return { edit, references, files };
}

/** Rename Post: asks for the new name (the slug selected), then renames the file and what links to it. */
export async function renamePost(uri?: vscode.Uri, newName?: string, extra?: TextEdit[]): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const doc = target && (vscode.workspace.textDocuments.find(d => d.uri.toString() === target.toString()) ?? await vscode.workspace.openTextDocument(target));
  if (!target || !doc || !asPost(doc)) {
    void vscode.window.showInformationMessage(t('News Post: the active file is not a Jekyll post (a .md or .html file under _posts/ or _drafts/).'));
    return false;
  }
  const base = path.basename(target.fsPath);
  let name = newName;
  if (name === undefined) {
    const m = /^(\d{4}-\d{1,2}-\d{1,2}-)(.*?)(\.[^.]+)$/.exec(base);
    name = await vscode.window.showInputBox({
      title: t('Rename Post'),
      prompt: t('The new file name (YYYY-MM-DD-slug.md): every post_url and link that names this post follows, and every link to its URL.'),
      value: base,
      valueSelection: m ? [m[1].length, m[1].length + m[2].length] : undefined,
      validateInput: v => (!validPostName(v.trim()) ? t('A post\'s name is YYYY-MM-DD-slug.md (or .markdown, .html), with no folder.')
        : v.trim() !== base && fs.existsSync(path.join(path.dirname(target.fsPath), v.trim())) ? t('{0} exists already.', v.trim()) : undefined),
    });
    if (!name) return false;
    name = name.trim();
  }
  if (name === base) return false;
  const { edit, references, files } = await renamePostEdit(target, name, extra);
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok && references) vscode.window.setStatusBarMessage(references === 1 ? t('News Post: renamed; 1 link updated') : t('News Post: renamed; {0} links updated in {1} files', references, files), 5000);
  return ok;
}

export function registerRenamePost(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('newsPost.renamePost', (uri?: vscode.Uri, name?: string, extra?: TextEdit[]) => renamePost(uri, name, extra)));
}
