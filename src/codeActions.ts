// Quick fixes: each core fix becomes one WorkspaceEdit (one undo step); renames move the file. "Fix all": the
// preferred text-edit fix of every problem of the file (`source.fixAll.newspost`, also on save when the user
// lists it in editor.codeActionsOnSave), and one rule's fixes in every post of the site, as one WorkspaceEdit.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { checkText, coreOf, SOURCE } from './diagnostics';
import { asPost, POST_SELECTOR } from './posts';
import { Fix } from './core/types';
import { fixAll, safeFixOf } from './core/fixAll';
import { minimalEdit } from './core/footer';
import { footerKnowledgeReady } from './footer';
import { includeGlobs, excludeGlobs } from './config';
import { MAX_READ_BYTES, decodePost } from './core/files';
import { t } from './core/l10n';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(SOURCE);

export function fixToAction(doc: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  if (fix.renameTo) {
    // a rename: the file, and every post_url/link that names it, as one edit (renamePost.ts), made when chosen
    action.command = { command: 'newsPost.renamePost', title: fix.title, arguments: [doc.uri, fix.renameTo, fix.edits] };
    action.diagnostics = [diagnostic];
    action.isPreferred = !!fix.preferred;
    return action;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  if (fix.renameTo) edit.renameFile(doc.uri, vscode.Uri.file(path.join(path.dirname(doc.uri.fsPath), fix.renameTo)), { overwrite: false });
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = !!fix.preferred;
  return action;
}

/** The document with every safe fix applied (several passes), as one edit; undefined when nothing changes. */
function fixAllEdit(doc: vscode.TextDocument): { edit: vscode.WorkspaceEdit; fixed: number } | undefined {
  const text = doc.getText();
  const r = fixAll(text, t => checkText(doc, t)?.diagnostics ?? []);
  if (r.text === text) return undefined;
  const e = minimalEdit(text, r.text);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return { edit, fixed: r.fixed };
}

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

class FixProvider implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter(d => d.source === SOURCE);
    const siteWide = new Set<string>();
    for (const d of ours) {
      const core = coreOf.get(d);
      // offsets are only good for the text they were computed on
      if (!core || core.version !== doc.version) continue;
      for (const fix of core.diagnostic.fixes ?? []) actions.push(fixToAction(doc, fix, d));
      if (safeFixOf(core.diagnostic)) siteWide.add(codeOf(d));
    }
    // the same fix in every post of the site (e.g. +0800 on every date without an offset)
    for (const code of siteWide) {
      const a = new vscode.CodeAction(t("Fix all '{0}' problems in the site's posts", code), vscode.CodeActionKind.QuickFix);
      a.command = { command: 'newsPost.fixAllInSite', title: a.title, arguments: [code, doc.uri] };
      a.diagnostics = ours.filter(d => codeOf(d) === code);
      actions.push(a);
    }
    // and every safe fix of this file, as ESLint's "Fix all auto-fixable problems"
    if (siteWide.size) {
      const all = fixAllEdit(doc);
      if (all) {
        const a = new vscode.CodeAction(t('Fix All News Post Problems in This File ({0} with a safe fix)', all.fixed), vscode.CodeActionKind.QuickFix);
        a.edit = all.edit;
        a.diagnostics = ours;
        actions.push(a);
      }
    }
    return actions;
  }
}

/** `source.fixAll.newspost`: Source Action… menu, and editor.codeActionsOnSave. */
class FixAllProvider implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(FIX_ALL_KIND) && !FIX_ALL_KIND.contains(context.only)) return [];
    const all = fixAllEdit(doc);
    if (!all) return [];
    const a = new vscode.CodeAction(t('Fix All News Post Problems in This File'), FIX_ALL_KIND);
    a.edit = all.edit;
    return [a];
  }
}

/** The position of an offset in a text (lines end at \n; a \r before it belongs to the line's end). */
function positionIn(text: string, offset: number): vscode.Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new vscode.Position(line, offset - lineStart);
}

export interface FixAllInSiteArgs {
  /** Ask before changing the posts (default true). */
  confirm?: boolean;
}

/**
 * One rule's safe fixes in every post of the site holding `from` (every workspace post when none): each post is
 * checked (open ones as they are in the editor), fixed in memory, and all changes go in one WorkspaceEdit.
 * Resolves with the number of problems fixed and of posts changed.
 */
export async function fixAllInSite(code: string, from?: vscode.Uri, args: FixAllInSiteArgs = {}): Promise<{ fixed: number; posts: number } | undefined> {
  const folders = from ? [vscode.workspace.getWorkspaceFolder(from)].filter((f): f is vscode.WorkspaceFolder => !!f) : vscode.workspace.workspaceFolders ?? [];
  const root = from ? asPost(await vscode.workspace.openTextDocument(from))?.site?.root : undefined;
  const edit = new vscode.WorkspaceEdit();
  let fixed = 0;
  let posts = 0;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t("News Post: fixing '{0}' in the site's posts", code), cancellable: true }, async (progress, token) => {
    const files: vscode.Uri[] = [];
    for (const folder of folders) {
      for (const glob of includeGlobs(folder.uri)) {
        const ex = excludeGlobs(folder.uri);
        files.push(...await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), ex.length ? `{${ex.join(',')}}` : '**/{node_modules,_site,vendor}/**'));
      }
    }
    const unique = [...new Map(files.map(f => [f.toString(), f])).values()];
    for (let i = 0; i < unique.length && !token.isCancellationRequested; i++) {
      const uri = unique[i];
      if (root !== undefined && !uri.fsPath.startsWith(root + path.sep)) continue;
      if (i % 200 === 0) progress.report({ message: t('{0} of {1}', i.toLocaleString(), unique.length.toLocaleString()) });
      const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      let text: string;
      let doc = open;
      if (open) text = open.getText();
      else {
        try {
          if (fs.statSync(uri.fsPath).size > MAX_READ_BYTES) continue;
          const decoded = decodePost(fs.readFileSync(uri.fsPath));
          if (decoded.invalidUtf8) continue;
          text = decoded.text;
        } catch {
          continue;
        }
      }
      // (the checker reads only the document's uri: a post not open is not opened for it)
      doc ??= { uri } as vscode.TextDocument;
      const post = asPost(doc);
      if (!post) continue;
      const knowledge = await footerKnowledgeReady(doc, post.site?.root);
      const r = fixAll(text, t => checkText(doc!, t, knowledge)?.diagnostics ?? [], d => d.code === code);
      if (r.text === text || !r.fixed) continue;
      const e = minimalEdit(text, r.text);
      edit.replace(uri, new vscode.Range(positionIn(text, e.start), positionIn(text, e.end)), e.newText);
      fixed += r.fixed;
      posts++;
    }
  });
  if (!posts) {
    vscode.window.showInformationMessage(t("News Post: no '{0}' problem with a safe fix in the site's posts.", code));
    return { fixed: 0, posts: 0 };
  }
  if (args.confirm !== false) {
    const go = t('Fix {0} Posts', posts);
    const answer = await vscode.window.showWarningMessage(t("Fix {0} '{1}' problems in {2} posts? The posts not open in an editor are saved.", fixed, code, posts), { modal: true }, go);
    if (answer !== go) return undefined;
  }
  const wasDirty = new Set(vscode.workspace.textDocuments.filter(d => d.isDirty).map(d => d.uri.toString()));
  const wasOpen = new Set(vscode.window.tabGroups.all.flatMap(g => g.tabs).map(tab => (tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : '')));
  if (!await vscode.workspace.applyEdit(edit)) return undefined;
  // the posts nobody was editing are saved (the others stay for their editor to save)
  for (const uri of edit.entries().map(([u]) => u)) {
    if (wasDirty.has(uri.toString()) || wasOpen.has(uri.toString())) continue;
    const d = vscode.workspace.textDocuments.find(x => x.uri.toString() === uri.toString());
    if (d?.isDirty) await d.save();
  }
  vscode.window.showInformationMessage(t("News Post: fixed {0} '{1}' problems in {2} posts.", fixed, code, posts));
  return { fixed, posts };
}

export function registerCodeActions(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(POST_SELECTOR, new FixProvider(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCodeActionsProvider(POST_SELECTOR, new FixAllProvider(), { providedCodeActionKinds: [FIX_ALL_KIND] }),
    vscode.commands.registerCommand('newsPost.fixAllInFile', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      const all = doc && fixAllEdit(doc);
      if (!all) {
        vscode.window.showInformationMessage(t('News Post: nothing in this file has a safe fix.'));
        return 0;
      }
      await vscode.workspace.applyEdit(all.edit);
      return all.fixed;
    }),
    vscode.commands.registerCommand('newsPost.fixAllInSite', (code?: string, from?: vscode.Uri, args?: FixAllInSiteArgs) => {
      if (!code) return undefined;
      return fixAllInSite(code, from, args);
    }),
  );
}
