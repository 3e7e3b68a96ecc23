// Commands of the checker: Jekyll's verdict on the active post.
import * as vscode from 'vscode';
import { checkDocument } from './diagnostics';
import { JekyllOutcome } from './core/types';

const FATE: Record<JekyllOutcome['fate'], string> = {
  abort: 'aborts the build',
  skipped: 'skips this post',
  unpublished: 'does not publish it (published: false)',
  future: 'holds it back until its date',
  built: 'publishes it',
};

export function describeOutcome(o: JekyllOutcome): string {
  const parts = [`Jekyll ${FATE[o.fate]}`];
  if (o.frontMatter !== 'read') parts.push(o.frontMatter === 'none' ? 'without reading its front matter' : 'ignoring its front matter');
  if (o.date) parts.push(`date ${o.date === 'build-time' ? 'the time of the build' : o.date}`);
  if (o.title) parts.push(`title “${o.title}”`);
  if (o.categories?.length) parts.push(`categories ${o.categories.join(', ')}`);
  if (o.tags?.length) parts.push(`tags ${o.tags.join(', ')}`);
  return parts.join('; ') + '.';
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('newsPost.showVerdict', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      const result = doc && checkDocument(doc);
      if (!result) {
        vscode.window.showInformationMessage('News Post: the active file is not a Jekyll post (a .md or .html file under _posts/ or _drafts/).');
        return undefined;
      }
      vscode.window.showInformationMessage(describeOutcome(result.jekyll));
      return result.jekyll;
    }),
  );
}
