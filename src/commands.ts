// Jekyll's verdict on the active post: a hover on the front matter's opening line (or the first line), and the
// command "Show Jekyll's Verdict on This Post", which shows the same in a dialog (the whole of it: reason first).
import * as vscode from 'vscode';
import { checkDocument, lastResults, siteAsBuilt } from './diagnostics';
import { POST_SELECTOR, asPost } from './posts';
import { CheckResult } from './core/check';
import { Verdict, verdictOf, verdictText } from './core/verdict';
import { Site } from './core/site';
import { builderName } from './core/builder';
import { absoluteUrl } from './core/url';
import { t } from './core/l10n';

/** Text as Markdown that shows it as written (spaces kept as spaces: appendText turns them into &nbsp;). */
const text = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, m => '\\' + m).replace(/\n/g, '  \n');

/** The verdict as a hover: headline in bold, the reason, Jekyll's own words, what is lost, what the page carries. */
export function verdictMarkdown(v: Verdict): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${text(v.headline)}**\n\n`);
  if (v.why) md.appendMarkdown(`${text(v.why)}\n\n`);
  if (v.jekyllSays) md.appendMarkdown(`${text(t('Jekyll says:'))}\n`).appendCodeblock(v.jekyllSays, 'text');
  if (v.dropped.length) {
    md.appendMarkdown(`${text(t('Not as written:'))}\n\n`);
    for (const d of v.dropped) md.appendMarkdown(`- ${text(d)}\n`);
    md.appendMarkdown('\n');
  }
  for (const [k, val] of v.details) md.appendMarkdown(`- \`${k}\`: ${text(val)}\n`);
  return md;
}

export function resultOf(doc: vscode.TextDocument): CheckResult | undefined {
  const last = lastResults.get(doc.uri.toString());
  return last && last.version === doc.version ? last.result : checkDocument(doc);
}

/** On the line a post starts with (its opening `---`): Jekyll's verdict. */
class VerdictHover implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    // the opening --- (after a BOM or blank lines Jekyll does not accept, the first line that has text)
    let first = 0;
    while (first < Math.min(doc.lineCount - 1, 20) && !doc.lineAt(first).text.trim()) first++;
    if (pos.line !== first) return undefined;
    const r = resultOf(doc);
    if (!r) return undefined;
    const site = siteAsBuilt(asPost(doc)?.site, doc.uri);
    const md = verdictMarkdown(verdictOf(r, r.jekyll.url && site ? absoluteUrl(site, r.jekyll.url) : undefined));
    if (site) md.appendMarkdown(`\n${text(describeBuilder(site))}\n`);
    return new vscode.Hover([new vscode.MarkdownString(`$(law) ${t("News Post: Jekyll's verdict")}`, true), md], doc.lineAt(first).range);
  }
}

/** Which Jekyll the verdict is for, and why (the site's builder: detected, or set by newsPost.builder). */
export function describeBuilder(site: Site): string {
  return t('Built by {0}: {1}.', builderName(site.builder), site.builderReason);
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(POST_SELECTOR, new VerdictHover()),
    vscode.commands.registerCommand('newsPost.showVerdict', () => {
      const doc = vscode.window.activeTextEditor?.document;
      const result = doc && resultOf(doc);
      if (!result) {
        vscode.window.showInformationMessage(t('News Post: the active file is not a Jekyll post (a .md or .html file under _posts/ or _drafts/).'));
        return undefined;
      }
      const site = siteAsBuilt(asPost(doc)?.site, doc.uri);
      const v = verdictOf(result, result.jekyll.url && site ? absoluteUrl(site, result.jekyll.url) : undefined);
      // a dialog: the whole verdict, never cut, and the builder it is for (not awaited: the command answers at once)
      void vscode.window.showInformationMessage(v.headline, { modal: true, detail: site ? `${verdictText(v)}\n\n${describeBuilder(site)}` : verdictText(v) });
      // (the builder with the outcome, for tests and other extensions; not a field of the engine's outcome)
      return site ? { ...result.jekyll, builder: site.builder, builderReason: site.builderReason } : result.jekyll;
    }),
  );
}
