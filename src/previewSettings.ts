// The preview's settings (newsPost.preview.*), read in one place for the preview pane and the strip command.
import * as path from 'path';
import * as vscode from 'vscode';
import type { RuleSet, UserRuleConfig } from './core/stripRules';
import { SECTION } from './config';

export const PREVIEW_SECTION = `${SECTION}.preview`;

let loaded: typeof import('./renderers') | undefined;
/**
 * The preview's renderers (src/renderers.ts: dist/renderers.js, a bundle of its own), loaded on first use: not
 * with the extension, whose activation they would slow (docs/packaging.md, "Activation time").
 */
export function renderers(): typeof import('./renderers') {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    loaded = require('./renderers') as typeof import('./renderers');
    loaded.setCatalog(vscode.l10n.bundle);
  }
  return loaded;
}

/** The strip rules in force for a document: the built-ins and the user's, minus the disabled ones. */
export function stripRules(scope?: vscode.Uri): RuleSet {
  const c = vscode.workspace.getConfiguration(PREVIEW_SECTION, scope);
  const user = c.get<UserRuleConfig[]>('stripRules', []);
  const disabled = c.get<string[]>('disabledStripRules', []);
  return renderers().stripRules.buildRules(Array.isArray(user) ? user : [], Array.isArray(disabled) ? disabled : []);
}

export function allowHttpImages(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(PREVIEW_SECTION, scope).get<boolean>('allowHttpImages', false) === true;
}

/** Files the preview renders: Markdown and HTML posts (any .md, .markdown or .html file, or those languages). */
export function isPreviewable(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  if (!doc || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return false;
  return ['.md', '.markdown', '.html'].includes(path.extname(doc.fileName).toLowerCase()) || doc.languageId === 'markdown' || doc.languageId === 'html';
}

/** The view the preview opens in (newsPost.preview.defaultView): the site page, or the article only. */
export function defaultView(scope?: vscode.Uri): 'site' | 'article' {
  return vscode.workspace.getConfiguration(PREVIEW_SECTION, scope).get<string>('defaultView', 'site') === 'article' ? 'article' : 'site';
}
