// Where a post will be: a CodeLens on its front matter ("published at <absolute URL>, <date>") with Copy Link and
// Open on the Site (setting newsPost.codeLens.publishedAt), and the commands behind them. The URL is the checker's
// (src/core/url.ts, as the site's builder computes it), the absolute link from the site's url/CNAME and baseurl.
import * as vscode from 'vscode';
import { POST_SELECTOR, asPost } from './posts';
import { resultOf } from './commands';
import { absoluteUrl } from './core/url';
import { t } from './core/l10n';
import { SECTION } from './config';

/** The post's link: absolute when the site's address is known, else site-relative; with its fate and date. */
export function postLink(doc: vscode.TextDocument): { url: string; absolute?: string; fate: string; date?: string } | undefined {
  const post = asPost(doc);
  const r = post && resultOf(doc);
  if (!r || !r.jekyll.url || r.jekyll.fate === 'skipped' || r.jekyll.fate === 'abort') return undefined;
  const absolute = post.site ? absoluteUrl(post.site, r.jekyll.url) : undefined;
  return { url: r.jekyll.url, absolute, fate: r.jekyll.fate, date: r.jekyll.date === 'build-time' ? undefined : r.jekyll.date };
}

class PublishedAtLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration(SECTION, doc.uri).get<boolean>('codeLens.publishedAt', true)) return [];
    const link = postLink(doc);
    if (!link) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    const where = link.absolute ?? link.url;
    const title = link.fate === 'built'
      ? (link.date ? t('published at {0}, {1}', where, link.date) : t('published at {0}', where))
      : link.fate === 'future'
        ? t('to be published at {0} on {1}', where, link.date ?? '')
        : t('not published (published: false); it would be at {0}', where);
    const lenses = [
      new vscode.CodeLens(range, { title: `$(globe) ${title}`, command: 'newsPost.copyPostLink', arguments: [doc.uri], tooltip: t('Copy Link') }),
      new vscode.CodeLens(range, { title: t('Copy Link'), command: 'newsPost.copyPostLink', arguments: [doc.uri] }),
    ];
    if (link.absolute && link.fate === 'built') lenses.push(new vscode.CodeLens(range, { title: t('Open on the Site'), command: 'newsPost.openPostOnSite', arguments: [doc.uri] }));
    return lenses;
  }
}

async function docOf(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  if (!uri) return vscode.window.activeTextEditor?.document;
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()) ?? vscode.workspace.openTextDocument(uri).then(d => d, () => undefined);
}

export function registerPostLink(context: vscode.ExtensionContext): void {
  const lens = new PublishedAtLens();
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(POST_SELECTOR, lens),
    vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration(`${SECTION}.codeLens`)) lens.refresh(); }),
    vscode.commands.registerCommand('newsPost.copyPostLink', async (uri?: vscode.Uri) => {
      const doc = await docOf(uri);
      const link = doc && postLink(doc);
      if (!link) {
        void vscode.window.showInformationMessage(t('News Post: this post has no URL on the site (it is skipped, aborts the build, or is not a post).'));
        return undefined;
      }
      const text = link.absolute ?? link.url;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(t('News Post: copied {0}', text), 3000);
      return text;
    }),
    vscode.commands.registerCommand('newsPost.openPostOnSite', async (uri?: vscode.Uri) => {
      const doc = await docOf(uri);
      const link = doc && postLink(doc);
      if (!link?.absolute) {
        void vscode.window.showInformationMessage(t("News Post: the site's address is not known (set url: in _config.yml, or add a CNAME file)."));
        return false;
      }
      return vscode.env.openExternal(vscode.Uri.parse(link.absolute));
    }),
  );
}
