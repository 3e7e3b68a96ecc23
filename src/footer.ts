// Source attribution footers in the editor: the site knowledge the checker, the command and the completions use
// (vocabulary, category pages, newsPost.footer.* settings), the "Insert Attribution Footer" command, the
// site-aware footer snippets, and a code action that runs the command for a missing footer.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { asPost, POST_SELECTOR, sites } from './posts';
import { SECTION } from './config';
import { splitFrontMatter } from './core/frontmatter';
import { parseFooter, replaceFooter, minimalEdit, footerSyntaxOf } from './core/footer';
import { SiteVocabulary, PostFacts, emptyVocabulary, addPostToVocabulary, removePostFromVocabulary, postFactsOf, fileIdOf } from './core/vocabulary';
import { FooterKnowledge, FooterSettings, SiteFooters, buildFooter, categoryUrl } from './core/footerKnowledge';
import { footerSettingsOf, readCategoryPages, readFactsText } from './core/footerSite';
import { relativeToSite } from './core/check';
import { eolOf } from './core/text';
import { SOURCE } from './diagnostics';

// ---------------------------------------------------------------- the site's vocabulary

/** Where a site's vocabulary comes from: the whole-site index when there is one, else a scan of our own. */
export interface VocabularySource {
  /** The vocabulary if known now (no waiting). */
  vocabulary(root: string): SiteVocabulary | undefined;
  /** The vocabulary, reading the site first if needed. */
  ensureSite(root: string): Promise<SiteVocabulary | undefined>;
  /** The facts of a file as the vocabulary counts them (its saved version), if it is counted. */
  factsOf(file: string): PostFacts | undefined;
}

/**
 * A scan of our own: every post of the site read in slices (the extension host stays responsive), then kept
 * current file by file as posts are saved, created and deleted.
 */
class ScannedSites implements VocabularySource, vscode.Disposable {
  private readonly sites = new Map<string, { vocabulary: SiteVocabulary; facts: Map<string, PostFacts> }>();
  private readonly pending = new Map<string, Promise<SiteVocabulary | undefined>>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/_{posts,drafts}/**/*.{md,markdown,html}');
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly changed: () => void) {
    const update = (uri: vscode.Uri) => this.update(uri.fsPath);
    this.subs.push(this.watcher, this.watcher.onDidCreate(update), this.watcher.onDidChange(update), this.watcher.onDidDelete(update));
  }

  dispose(): void {
    this.subs.forEach(d => d.dispose());
  }

  vocabulary(root: string): SiteVocabulary | undefined {
    return this.sites.get(root)?.vocabulary;
  }

  factsOf(file: string): PostFacts | undefined {
    const root = sites.forFile(file)?.root;
    return root !== undefined ? this.sites.get(root)?.facts.get(file) : undefined;
  }

  ensureSite(root: string): Promise<SiteVocabulary | undefined> {
    const known = this.sites.get(root);
    if (known) return Promise.resolve(known.vocabulary);
    let p = this.pending.get(root);
    if (!p) {
      p = this.scan(root).finally(() => this.pending.delete(root));
      this.pending.set(root, p);
    }
    return p;
  }

  private async scan(root: string): Promise<SiteVocabulary | undefined> {
    const files: string[] = [];
    const walk = async (dir: string, inPosts: boolean, depth: number): Promise<void> => {
      if (depth > 12) return;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      // a folder with its own _config.yml is another site
      if (depth > 0 && entries.some(e => e.name === '_config.yml' && e.isFile())) return;
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '_site' || e.name === 'vendor') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p, inPosts || e.name === '_posts' || e.name === '_drafts', depth + 1);
        else if (inPosts && /\.(md|markdown|html)$/i.test(e.name)) files.push(p);
      }
    };
    await walk(root, false, 0);
    const vocabulary = emptyVocabulary();
    const facts = new Map<string, PostFacts>();
    for (let i = 0; i < files.length; i += 200) {
      for (const f of files.slice(i, i + 200)) {
        const text = readFactsText(f);
        if (text === undefined) continue;
        const fa = postFactsOf(text, path.relative(root, f).split(path.sep).join('/'));
        facts.set(f, fa);
        addPostToVocabulary(vocabulary, fa);
      }
      await new Promise(r => setImmediate(r));
    }
    this.sites.set(root, { vocabulary, facts });
    this.changed();
    return vocabulary;
  }

  private update(file: string): void {
    const root = sites.forFile(file)?.root;
    const s = root !== undefined ? this.sites.get(root) : undefined;
    if (root !== undefined && s) {
      const old = s.facts.get(file);
      if (old) removePostFromVocabulary(s.vocabulary, old);
      s.facts.delete(file);
      const text = fs.existsSync(file) ? readFactsText(file) : undefined;
      if (text !== undefined) {
        const fa = postFactsOf(text, path.relative(root, file).split(path.sep).join('/'));
        s.facts.set(file, fa);
        addPostToVocabulary(s.vocabulary, fa);
      }
      this.changed();
    }
  }
}

let source: VocabularySource | undefined;
const knowledgeChanged = new vscode.EventEmitter<void>();
/** Fires when a site's footer knowledge changed (a site was read, category pages or settings changed). */
export const onDidChangeFooterKnowledge = knowledgeChanged.event;

/** Lets the whole-site index provide the vocabulary (instead of our own scan). */
export function setVocabularySource(s: VocabularySource): void {
  // our own scan (if it ran) has nothing more to do
  if (source instanceof ScannedSites && source !== s) source.dispose();
  source = s;
  asked.clear();
  knowledgeChanged.fire();
}

const categoryPages = new Map<string, Map<string, string>>();

function pagesOf(root: string): Map<string, string> {
  let p = categoryPages.get(root);
  if (!p) categoryPages.set(root, (p = readCategoryPages(root)));
  return p;
}

/** `newsPost.footer.*` for a document. */
export function footerSettings(scope?: vscode.Uri): FooterSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return footerSettingsOf({
    'newsPost.footer.siteUrl': c.get('footer.siteUrl'),
    'newsPost.footer.shareLinkBase': c.get('footer.shareLinkBase'),
    'newsPost.footer.sources': c.get('footer.sources'),
  });
}

/** Sites whose reading was asked for: true while it runs, false once it ended (read, or not readable). */
const asked = new Map<string, boolean>();

/** Whether a site's posts are being read now (its vocabulary is not known yet). */
export function readingSite(root: string | undefined): boolean {
  return !!root && asked.get(root) === true;
}

/**
 * What the site knows about footers, for a post (its own saved version left out of the counts). Never waits: a
 * site not read yet is read in the background, and onDidChangeFooterKnowledge fires when it is. Until then the
 * answer is undefined: the rules that need the site's vocabulary (footer conventions, category-unknown) say
 * nothing rather than judge a site of thousands of posts as if it had none.
 */
export function footerKnowledgeFor(doc: vscode.TextDocument, root: string | undefined): FooterKnowledge | undefined {
  const settings = footerSettings(doc.uri);
  if (!root || !source) return { settings };
  const vocabulary = source.vocabulary(root);
  if (!vocabulary) {
    if (!asked.has(root)) {
      asked.set(root, true);
      const from = source;
      // (a source replaced meanwhile has its own reading: this one's end says nothing about it)
      const done = () => { if (source === from) { asked.set(root, false); knowledgeChanged.fire(); } };
      source.ensureSite(root).then(done, done);
    }
    if (asked.get(root)) return undefined;
  }
  return { vocabulary, categoryPages: pagesOf(root), settings, self: vocabulary ? source.factsOf(doc.uri.fsPath) : undefined };
}

/** The same, after the site was read. */
export async function footerKnowledgeReady(doc: vscode.TextDocument, root: string | undefined): Promise<FooterKnowledge> {
  if (root && source) await source.ensureSite(root).catch(() => undefined);
  if (root) asked.set(root, false);
  return footerKnowledgeFor(doc, root) ?? { settings: footerSettings(doc.uri) };
}

// ---------------------------------------------------------------- the command

export interface InsertFooterArgs {
  /** The share link URL (skips the prompt; '' for none). */
  shareLink?: string;
  /** The source (skips the quick pick); null: no source line. */
  source?: string | null;
}

const ANOTHER = () => vscode.l10n.t('$(edit) Another source…');
const NONE = () => vscode.l10n.t('$(circle-slash) No source line');

async function pickSource(site: SiteFooters, categories: string[]): Promise<string | null | undefined> {
  const items: vscode.QuickPickItem[] = site.sourceChoices(categories).map(s => {
    const cat = site.categoryOfSource(s);
    return { label: s, description: cat ? vscode.l10n.t('category {0}', cat) : undefined };
  });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: ANOTHER() }, { label: NONE() });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Insert Attribution Footer: source of this post'),
    placeHolder: categories.length ? vscode.l10n.t("The site does not know the source of category '{0}': pick or type one", categories[0]) : vscode.l10n.t('Pick the source of this post'),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.label === NONE()) return null;
  if (picked.label !== ANOTHER()) return picked.label;
  const typed = await vscode.window.showInputBox({ title: vscode.l10n.t('Insert Attribution Footer: source'), prompt: vscode.l10n.t('The source name as the footer shows it (文章来源：…)'), validateInput: v => (v.trim() ? undefined : vscode.l10n.t('Type a name')) });
  return typed === undefined ? undefined : typed.trim();
}

async function askShareLink(guess: string | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Insert Attribution Footer: share link'),
    prompt: vscode.l10n.t("The article's share link (shown as <…> above the navigation line). Leave empty for none."),
    value: guess ?? '',
    placeHolder: 'http://…',
    ignoreFocusOut: true,
    validateInput: v => (!v.trim() || /^(?:https?:)?\/\/\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('A link starting with http://, https:// or //')),
  });
}

/**
 * Builds the post's footer from its front matter and the site, asks only what it cannot know, and replaces the
 * post's footer (or adds one) in one edit. Resolves with the post's new footer text, or undefined when cancelled.
 */
export async function insertFooter(args: InsertFooterArgs = {}): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  if (!editor || !doc) {
    vscode.window.showInformationMessage(vscode.l10n.t('News Post: open a post to insert its attribution footer.'));
    return undefined;
  }
  const text = doc.getText();
  const split = splitFrontMatter(text);
  if (split.kind !== 'ok') {
    vscode.window.showWarningMessage(vscode.l10n.t('News Post: this file has no front matter Jekyll reads, so its category and tag are unknown. Fix the front matter first.'));
    return undefined;
  }
  const post = asPost(doc);
  const siteModel = post?.site ?? sites.forFile(doc.uri.fsPath);
  const root = siteModel?.root;
  const rel = relativeToSite(doc.uri.fsPath, siteModel);
  const facts = postFactsOf(text, rel);
  const footer = parseFooter(text, split.bodyStart);
  const k = await footerKnowledgeReady(doc, root);
  const site = new SiteFooters(k);
  const fileId = fileIdOf(rel);
  let req = { categories: facts.categories, tags: facts.tags, fileId, existing: footer, source: args.source, share: args.shareLink };
  let built = buildFooter(req, site);
  if (built.needs.includes('source') && args.source === undefined) {
    const s = await pickSource(site, facts.categories);
    if (s === undefined) return undefined;
    req = { ...req, source: s };
    built = buildFooter(req, site);
  }
  let shareUrl = built.shareUrl;
  if (shareUrl === undefined && args.shareLink === undefined) {
    const typed = await askShareLink(site.shareLinkGuess(facts.categories, fileId));
    if (typed === undefined) return undefined;
    shareUrl = typed.trim() || undefined;
  }
  if (args.shareLink === '') shareUrl = undefined;
  if (!facts.categories.length) vscode.window.showWarningMessage(vscode.l10n.t('News Post: this post has no category, so the footer links only to the home page. Add categories: to the front matter.'));
  // an .html post gets HTML links (Jekyll converts no Markdown there)
  const next = replaceFooter(text, split.bodyStart, footer, { sourceLine: built.sourceLine, shareUrl, nav: built.nav }, eolOf(text), footerSyntaxOf(doc.uri.fsPath));
  if (next !== text) {
    // one edit: one undo step
    const edit = minimalEdit(text, next);
    const ok = await editor.edit(b => b.replace(new vscode.Range(doc.positionAt(edit.start), doc.positionAt(edit.end)), edit.newText));
    if (!ok) return undefined;
  }
  const now = doc.getText();
  const after = parseFooter(now, splitFrontMatter(now).bodyStart);
  return after.start !== undefined ? now.slice(after.start, after.end) : '';
}

class InsertFooterAction implements vscode.CodeActionProvider {
  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const d = context.diagnostics.find(x => x.source === SOURCE && ['footer-missing', 'footer-share-empty'].includes(String(typeof x.code === 'object' ? x.code.value : x.code)));
    if (!d) return [];
    const a = new vscode.CodeAction(vscode.l10n.t('Insert Attribution Footer… (asks for the share link)'), vscode.CodeActionKind.QuickFix);
    a.command = { command: 'newsPost.insertFooter', title: vscode.l10n.t('Insert Attribution Footer') };
    a.diagnostics = [d];
    return [a];
  }
}

// ---------------------------------------------------------------- site-aware snippets

/** A snippet choice list: `,`, `|` and `\` escaped as the snippet syntax wants. */
function choice(n: number, values: string[]): string {
  const esc = (v: string) => v.replace(/[\\,|$}]/g, m => '\\' + m);
  const uniq = [...new Set(values.filter(Boolean))];
  return uniq.length ? `\${${n}|${uniq.map(esc).join(',')}|}` : `\${${n}}`;
}

const esc$ = (s: string) => s.replace(/[\\$}]/g, m => '\\' + m);

/** The footer snippets with choices from the settings and the site (sources, category links, the share link). */
export function footerSnippets(site: SiteFooters, facts: PostFacts, fileId: string | undefined): Array<{ prefix: string; label: string; detail: string; body: string }> {
  const cats = facts.categories;
  const sources = [...(site.k.settings?.sources ?? []).map(s => s.source), ...site.sourceChoices(cats)];
  const own = cats.map(c => site.category(c).source).filter((s): s is string => !!s);
  const sourceList = [...own, ...sources];
  const siteUrl = site.siteUrl;
  // category links: the post's categories first, then the site's, each with its label (one choice keeps them together)
  const links: string[] = [];
  const seen = new Set<string>();
  const addLink = (slug: string) => {
    if (seen.has(slug)) return;
    const info = site.category(slug);
    const label = cats.includes(slug) && facts.tags.length === 1 ? facts.tags[0] : info.label;
    if (!label) return;
    seen.add(slug);
    links.push(`${label}](${categoryUrl(siteUrl, slug, info.style)}`);
  };
  cats.forEach(addLink);
  for (const s of site.k.settings?.sources ?? []) addLink(s.category);
  [...site.knownCategories()].sort((a, b) => b[1] - a[1]).slice(0, 30).forEach(([c]) => addLink(c));
  const share = site.shareLinkFor(cats, fileId) ?? site.shareLinkGuess(cats, fileId);
  const form = site.majorityForm;
  const [before, after] = form.split('…');
  const sourceLine = (n: number) => `<p class="em_media">${esc$(before)}${choice(n, sourceList)}${esc$(after)}</p>`;
  const shareLine = (n: number) => `<\${${n}:${esc$(share ?? 'http://')}}>`;
  const navLine = (n: number) => `[返回${links.length ? choice(n, links) : `\${${n}:来源新闻](${esc$(siteUrl)}category/slug.html}`})｜[返回首页](${esc$(siteUrl)})`;
  return [
    { prefix: 'np-source', label: 'np-source', detail: vscode.l10n.t('Source line, sources of this site'), body: `${sourceLine(1)}$0` },
    { prefix: 'np-share', label: 'np-share', detail: vscode.l10n.t('Share link'), body: `${shareLine(1)}$0` },
    { prefix: 'np-nav', label: 'np-nav', detail: vscode.l10n.t('Navigation line, categories of this site'), body: `${navLine(1)}$0` },
    { prefix: 'np-footer', label: 'np-footer', detail: vscode.l10n.t('Attribution footer for this site'), body: `${sourceLine(1)}\n\n${shareLine(2)}\n\n${navLine(3)}$0` },
  ];
}

class FooterSnippetProvider implements vscode.CompletionItemProvider {
  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const text = doc.getText();
    const split = splitFrontMatter(text);
    // in the body only (a front matter not closed yet is a new post's, being typed)
    if (split.kind === 'ok' && doc.offsetAt(pos) < split.bodyStart) return undefined;
    if (split.kind === 'unclosed') return undefined;
    const post = asPost(doc);
    if (!post) return undefined;
    const rel = relativeToSite(doc.uri.fsPath, post.site);
    const k = await footerKnowledgeReady(doc, post.site?.root);
    const site = new SiteFooters(k);
    const facts = postFactsOf(text, rel);
    const line = doc.lineAt(pos.line).text.slice(0, pos.character);
    const word = /[\w-]*$/.exec(line)![0];
    const range = new vscode.Range(pos.line, pos.character - word.length, pos.line, pos.character);
    return footerSnippets(site, facts, fileIdOf(rel)).map((s, i) => {
      const item = new vscode.CompletionItem({ label: s.label, description: vscode.l10n.t('this site') }, vscode.CompletionItemKind.Snippet);
      item.insertText = new vscode.SnippetString(s.body);
      item.detail = s.detail;
      item.filterText = s.prefix;
      item.sortText = `0${i}`;
      item.range = range;
      item.documentation = new vscode.MarkdownString().appendCodeblock(new vscode.SnippetString(s.body).value.replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d/g, ''), 'markdown');
      return item;
    });
  }
}

// ---------------------------------------------------------------- wiring

export function registerFooter(context: vscode.ExtensionContext): void {
  if (!source) source = new ScannedSites(() => knowledgeChanged.fire());
  const pageWatcher = vscode.workspace.createFileSystemWatcher('**/category/*.{html,md,markdown}');
  const pagesChanged = () => { categoryPages.clear(); knowledgeChanged.fire(); };
  context.subscriptions.push(
    knowledgeChanged, pageWatcher,
    ...(source instanceof ScannedSites ? [source] : []),
    pageWatcher.onDidCreate(pagesChanged), pageWatcher.onDidChange(pagesChanged), pageWatcher.onDidDelete(pagesChanged),
    vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration(`${SECTION}.footer`)) knowledgeChanged.fire(); }),
    vscode.commands.registerCommand('newsPost.insertFooter', (args?: InsertFooterArgs) => insertFooter(args ?? {})),
    vscode.languages.registerCodeActionsProvider(POST_SELECTOR, new InsertFooterAction(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCompletionItemProvider(POST_SELECTOR, new FooterSnippetProvider()),
  );
  // the diagnostics registered before us: let them read the sites now
  knowledgeChanged.fire();
}
