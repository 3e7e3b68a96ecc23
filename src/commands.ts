// Commands of the checker: Jekyll's verdict on the active post.
import * as vscode from 'vscode';
import { checkDocument } from './diagnostics';
import { JekyllOutcome } from './core/types';
import { t } from './core/l10n';

const FATE: Record<JekyllOutcome['fate'], () => string> = {
  abort: () => t('Jekyll aborts the build'),
  skipped: () => t('Jekyll skips this post'),
  unpublished: () => t('Jekyll does not publish it (published: false)'),
  future: () => t('Jekyll holds it back until its date'),
  built: () => t('Jekyll publishes it'),
};

/** Jekyll's verdict in one line: its fate, then what it reads (a list of items, each translated whole). */
export function describeOutcome(o: JekyllOutcome): string {
  const parts = [FATE[o.fate]()];
  if (o.frontMatter !== 'read') parts.push(o.frontMatter === 'none' ? t('without reading its front matter') : t('ignoring its front matter'));
  if (o.date) parts.push(o.date === 'build-time' ? t('date the time of the build') : t('date {0}', o.date));
  if (o.title) parts.push(t('title “{0}”', o.title));
  if (o.categories?.length) parts.push(t('categories {0}', o.categories.join(t(', '))));
  if (o.tags?.length) parts.push(t('tags {0}', o.tags.join(t(', '))));
  return t('{0}.', parts.join(t('; ')));
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('newsPost.showVerdict', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      const result = doc && checkDocument(doc);
      if (!result) {
        vscode.window.showInformationMessage(t('News Post: the active file is not a Jekyll post (a .md or .html file under _posts/ or _drafts/).'));
        return undefined;
      }
      vscode.window.showInformationMessage(describeOutcome(result.jekyll));
      return result.jekyll;
    }),
  );
}
