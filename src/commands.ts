// Commands of the checker: Jekyll's verdict on the active post.
import * as vscode from 'vscode';
import { checkDocument, siteAsBuilt } from './diagnostics';
import { asPost } from './posts';
import { JekyllOutcome } from './core/types';
import { Site } from './core/site';
import { builderName } from './core/builder';
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

/** Which Jekyll the verdict is for, and why (the site's builder: detected, or set by newsPost.builder). */
export function describeBuilder(site: Site): string {
  return t('Built by {0}: {1}.', builderName(site.builder), site.builderReason);
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
      const site = siteAsBuilt(asPost(doc)?.site, doc.uri);
      vscode.window.showInformationMessage(site ? `${describeOutcome(result.jekyll)} ${describeBuilder(site)}` : describeOutcome(result.jekyll));
      // (the builder with the outcome, for tests and other extensions; not a field of the engine's outcome)
      return site ? { ...result.jekyll, builder: site.builder, builderReason: site.builderReason } : result.jekyll;
    }),
  );
}
