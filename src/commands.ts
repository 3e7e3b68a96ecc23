// Jekyll's verdict on the active post: a hover on the front matter's opening line (or the first line), and the
// command "Show Jekyll's Verdict on This Post", which shows the same in a dialog (the whole of it: reason first).
import * as vscode from 'vscode';
import { checkDocument, lastResults } from './diagnostics';
import { POST_SELECTOR } from './posts';
import { CheckResult } from './core/check';
import { Verdict, verdictOf, verdictText } from './core/verdict';
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

function resultOf(doc: vscode.TextDocument): CheckResult | undefined {
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
    const md = verdictMarkdown(verdictOf(r));
    return new vscode.Hover([new vscode.MarkdownString(`$(law) ${t("News Post: Jekyll's verdict")}`, true), md], doc.lineAt(first).range);
  }
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
      const v = verdictOf(result);
      // a dialog: the whole verdict, never cut (not awaited: the command answers at once)
      void vscode.window.showInformationMessage(v.headline, { modal: true, detail: verdictText(v) });
      return result.jekyll;
    }),
  );
}
