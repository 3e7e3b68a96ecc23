// A hover on a post's {{ … }}: what Liquid will print there on this site (the core runs the body as Jekyll's Liquid).
import * as vscode from 'vscode';
import { liquidAt } from './core/liquidHover';
import { asPost, POST_SELECTOR } from './posts';
import { checkDocument, lastResults } from './diagnostics';

const MAX_SHOWN = 400;

export function registerLiquidHover(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(POST_SELECTOR, {
    provideHover(doc, position) {
      const post = asPost(doc);
      if (!post) return undefined;
      const text = doc.getText();
      const offset = doc.offsetAt(position);
      // cheap test first: only a position inside {{ … }} is worth running the body for
      const open = text.lastIndexOf('{{', offset);
      if (open < 0 || text.lastIndexOf('}}', offset - 1) > open) return undefined;
      const last = lastResults.get(doc.uri.toString());
      const result = last && last.version === doc.version ? last.result : checkDocument(doc);
      if (!result) return undefined;
      const at = liquidAt(text, offset, post.file, post.site, result);
      if (!at) return undefined;
      const md = new vscode.MarkdownString();
      const code = (s: string) => '`` ' + s.replace(/`/g, 'ˋ').slice(0, MAX_SHOWN) + (s.length > MAX_SHOWN ? '…' : '') + ' ``';
      if (at.notRun) md.appendMarkdown(vscode.l10n.t('Liquid reads {0} here, but what it prints could not be worked out before the build.', code(`{{ ${at.markup} }}`)));
      else if (at.printed === undefined) md.appendMarkdown(vscode.l10n.t('{0} does not run on this page (a branch not taken, or a loop over nothing).', code(`{{ ${at.markup} }}`)));
      else if (at.printed === '') md.appendMarkdown(vscode.l10n.t('{0} renders as nothing on this site.', code(`{{ ${at.markup} }}`)));
      else if (at.partly) md.appendMarkdown(vscode.l10n.t('{0} renders as {1} (… is what only the build knows: the site\'s posts, this page\'s URL, an include).', code(`{{ ${at.markup} }}`), code(at.printed)));
      else md.appendMarkdown(vscode.l10n.t('{0} renders as {1}.', code(`{{ ${at.markup} }}`), code(at.printed)));
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end)));
    },
  }));
}
