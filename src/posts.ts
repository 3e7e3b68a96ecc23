// Which documents are posts, and their site: shared by the diagnostics, code actions, preview and commands.
import * as path from 'path';
import * as vscode from 'vscode';
import { postKind } from './core/check';
import { Site, SiteCache } from './core/site';
import { globToRegExp } from './core/files';
import { excludeGlobs } from './config';

export const sites = new SiteCache();

export const POST_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'markdown' }, { scheme: 'file', language: 'html' },
  { scheme: 'file', pattern: '**/_{posts,drafts}/**/*.{md,markdown,html}' },
];

export interface PostDoc {
  site: Site | undefined;
  file: string;
}

/** The post a document is, or undefined when Jekyll would not read it as a post (no diagnostics then). */
export function asPost(doc: vscode.TextDocument): PostDoc | undefined {
  if (doc.uri.scheme !== 'file') return undefined;
  const file = doc.uri.fsPath;
  if (!/[\\/]_(posts|drafts)[\\/]/.test(file)) return undefined;
  const site = sites.forFile(file);
  if (!postKind(file, site)) return undefined;
  const excluded = excludeGlobs(doc.uri);
  if (excluded.length) {
    const rel = vscode.workspace.asRelativePath(doc.uri, false).split(path.sep).join('/');
    if (excluded.some(g => globToRegExp(g).test(rel))) return undefined;
  }
  return { site, file };
}
