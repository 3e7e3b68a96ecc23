// Which documents are posts, and their site: shared by the diagnostics, code actions, preview and commands.
import * as path from 'path';
import * as vscode from 'vscode';
import { postKind } from './core/check';
import { Site, SiteCache, POST_EXTENSIONS } from './core/site';
import { globToRegExp } from './core/files';
import { excludeGlobs, includeGlobs } from './config';

export const sites = new SiteCache();

export const POST_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'markdown' }, { scheme: 'file', language: 'html' },
  { scheme: 'file', pattern: '**/_{posts,drafts}/**/*.{md,markdown,html}' },
];

export interface PostDoc {
  site: Site | undefined;
  file: string;
}

/** The post a document is, or undefined when it is not one to check (no diagnostics then). */
export function asPost(doc: vscode.TextDocument): PostDoc | undefined {
  if (doc.uri.scheme !== 'file') return undefined;
  const file = doc.uri.fsPath;
  if (!POST_EXTENSIONS.includes(path.extname(file).toLowerCase())) return undefined;
  const rel = vscode.workspace.asRelativePath(doc.uri, false).split(path.sep).join('/');
  const matches = (globs: string[]) => globs.some(g => globToRegExp(g).test(rel));
  if (!matches(includeGlobs(doc.uri)) || matches(excludeGlobs(doc.uri))) return undefined;
  const site = sites.forFile(file);
  // under _posts/ or _drafts/, Jekyll's own rules say what is a post (e.g. _hidden.md is not)
  if (/[\\/]_(posts|drafts)[\\/]/.test(file) && !postKind(file, site)) return undefined;
  return { site, file };
}
