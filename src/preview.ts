// The live preview pane: a webview beside the editor showing the active post as the site shows it (its layouts,
// includes and styles: src/core/sitePage.ts) or the article only (date in the site time zone, title, body with
// the ad markup stripped, tags; the toggle in the banner switches), updated as the user types
// (throttled, block by block through postMessage), scroll synced both ways, links opened by the editor.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PreviewModel, PreviewMode } from './core/previewPage';
import type { BodyKind } from './core/render';
import type { SitePage } from './core/sitePage';
import { sites, asPost } from './posts';
import { allowHttpImages, defaultView, isPreviewable, renderers, stripRules, PREVIEW_SECTION } from './previewSettings';
import { registerStripCommand } from './stripCommand';

/** The renderers (a bundle of their own, loaded when a preview first renders: previewSettings.ts). */
function render(): { page: typeof import('./core/previewPage'); site: typeof import('./core/sitePage'); sanitize: typeof import('./core/sanitize') } {
  const r = renderers();
  return { page: r.previewPage, site: r.sitePage, sanitize: r.sanitize };
}

export const VIEW_TYPE = 'newsPost.preview';
/** At most one render per this many ms while typing (the first change after a pause renders at once). */
export const THROTTLE_MS = 250;
const SHOW_STRIPPED_KEY = 'newsPost.preview.showStripped';

/** What the webview reports back when asked (tests read the real page through this). */
export interface PreviewSnapshot {
  version: number;
  title: string;
  banner: string;
  header: string;
  content: string;
  tags: string;
  blocks: number;
  scrollY: number;
  showStripped: boolean;
  lineAtTop: { line: number; ch: number } | null;
  /** The blocks the last update replaced. */
  lastPatch: { start: number; deleteCount: number; inserted: number } | null;
  /** The document shown. */
  uri: string;
  /** What the page keeps for VS Code to hand back after a reload. */
  state: { uri?: string } | undefined;
  /** The view shown: the site page or the article only. */
  mode: PreviewMode;
  /** The page's text outside the banner (whitespace folded, at most 4000 characters). */
  page: string;
  /** Computed styles of the page (whether media/preview.css applies): the banner, the article, the first stripped item shown. */
  styles: {
    banner: { position: string; backgroundColor: string };
    post: { maxWidth: string };
    body: { fontFamily: string; color: string; backgroundColor: string };
    /** Stylesheets of the page, and how many of them loaded. */
    stylesheets: number;
    stylesheetsLoaded: number;
    stripped: { outlineStyle: string; outlineWidth: string; label: string | null } | null;
  };
}

/** A URL path decoded (as written when it is not valid percent-encoding). */
function decodePath(url: string): string {
  const p = url.replace(/[?#].*$/, '');
  try {
    return decodeURI(p);
  } catch {
    return p;
  }
}

function kindOf(doc: vscode.TextDocument): BodyKind {
  return doc.languageId === 'html' || /\.html?$/i.test(doc.fileName) ? 'html' : 'markdown';
}

class PreviewPanel {
  readonly panel: vscode.WebviewPanel;
  private doc: vscode.TextDocument;
  private version = 0;
  /** Blocks the webview holds (as of the last update posted). */
  private sent: string[] = [];
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private lastRenderAt = 0;
  private lastCost = 0;
  private httpImages: boolean;
  private snapshots = new Map<number, (s: PreviewSnapshot) => void>();
  /** The view chosen (the site page is shown only when the site has layouts). */
  private view: PreviewMode;
  /** What the webview's site page holds outside the body (an update that changes it sets the whole page). */
  private shellKey: string | undefined;
  private nextSnapshot = 1;
  private readonly disposables: vscode.Disposable[] = [];

  /** A new panel beside the editor, or `restored`: the panel VS Code brings back after a reload. */
  constructor(private readonly context: vscode.ExtensionContext, doc: vscode.TextDocument, column: vscode.ViewColumn, private readonly onDispose: () => void,
    restored?: vscode.WebviewPanel) {
    this.doc = doc;
    this.httpImages = allowHttpImages(doc.uri);
    this.view = defaultView(doc.uri);
    const roots = [vscode.Uri.joinPath(context.extensionUri, 'media'), ...(vscode.workspace.workspaceFolders ?? []).map(f => f.uri)];
    const site = sites.forFile(doc.uri.fsPath);
    if (site) roots.push(vscode.Uri.file(site.root));
    if (doc.uri.scheme === 'file') roots.push(vscode.Uri.file(path.dirname(doc.uri.fsPath)));
    const options: vscode.WebviewOptions = { enableScripts: true, enableForms: false, localResourceRoots: roots };
    if (restored) {
      this.panel = restored;
      this.panel.webview.options = options;
      this.panel.title = this.titleFor(doc);
    } else {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, this.titleFor(doc), { viewColumn: column, preserveFocus: true }, { ...options, enableFindWidget: true });
    }
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon.svg');
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage(m => this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument(e => { if (e.document === this.doc && e.contentChanges.length) this.schedule(); }),
      vscode.window.onDidChangeActiveTextEditor(ed => { if (ed && isPreviewable(ed.document) && ed.document !== this.doc) this.show(ed.document); }),
      vscode.window.onDidChangeTextEditorVisibleRanges(e => this.onEditorScroll(e)),
      // the site page follows edits of the site's layouts, includes and data (their parsed forms are kept by mtime)
      ...this.siteWatchers(),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (!e.affectsConfiguration(PREVIEW_SECTION)) return;
        const http = allowHttpImages(this.doc.uri);
        if (http !== this.httpImages) { this.httpImages = http; this.setPage(); } else this.update();
      }),
    );
    this.setPage();
  }

  private siteWatchers(): vscode.Disposable[] {
    const w = vscode.workspace.createFileSystemWatcher('**/{_layouts,_includes,_data}/**');
    // the site's stylesheets too (their URIs carry their mtimes: see model())
    const css = vscode.workspace.createFileSystemWatcher('**/*.css');
    const changed = () => { if (this.view === 'site') this.schedule(); };
    return [w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed), css, css.onDidChange(changed), css.onDidCreate(changed), css.onDidDelete(changed)];
  }

  get document(): vscode.TextDocument {
    return this.doc;
  }

  private get showStripped(): boolean {
    return this.context.workspaceState.get<boolean>(SHOW_STRIPPED_KEY, false);
  }

  private titleFor(doc: vscode.TextDocument): string {
    return vscode.l10n.t('Preview {0}', path.basename(doc.fileName));
  }

  /** Shows another document (the panel follows the active post). */
  show(doc: vscode.TextDocument): void {
    if (doc === this.doc) return;
    this.doc = doc;
    this.panel.title = this.titleFor(doc);
    const topLine = vscode.window.visibleTextEditors.find(e => e.document === doc)?.visibleRanges[0]?.start.line ?? 0;
    this.update(true, topLine);
  }

  private model(): PreviewModel & { problems: string[]; page?: SitePage; notes?: string[]; siteAvailable: boolean } {
    const doc = this.doc;
    const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.fileName;
    const site = doc.uri.scheme === 'file' ? sites.forFile(file) : undefined;
    const siteAvailable = render().site.siteHasLayouts(site);
    const rules = stripRules(doc.uri);
    const webview = this.panel.webview;
    const resolveImage = (url: string): string | undefined => {
      if (doc.uri.scheme !== 'file') return undefined;
      const clean = decodePath(url);
      const abs = clean.startsWith('/') ? path.join(site?.root ?? path.dirname(file), clean) : path.resolve(path.dirname(file), clean);
      try {
        return webview.asWebviewUri(vscode.Uri.file(abs)).toString();
      } catch {
        return undefined;
      }
    };
    const options = { kind: kindOf(doc), rules: rules.rules, mode: this.showStripped ? 'show' as const : 'strip' as const, allowHttpImages: this.httpImages, resolveImage };
    // (a post too long to render: the article view says so)
    if (this.view === 'site' && site && siteAvailable && doc.getText().length <= render().page.MAX_PREVIEW_CHARS) {
      // (a stylesheet's URI carries its mtime: an edited one is a new URI, so the page is set again and loads it)
      const toUri = (f: string) => {
        try {
          const uri = webview.asWebviewUri(vscode.Uri.file(f));
          return (/\.css$/i.test(f) ? uri.with({ query: `v=${Math.round(fs.statSync(f).mtimeMs)}` }) : uri).toString();
        } catch {
          return undefined;
        }
      };
      const page = render().site.renderSitePage({ text: doc.getText(), path: file, site, themesDir: path.join(this.context.extensionUri.fsPath, 'media', 'themes') }, { ...options, toUri });
      return { header: {}, body: page.body, page, notes: render().page.sitePageNotes(page), problems: rules.problems, siteAvailable };
    }
    const model = render().page.previewModel({ text: doc.getText(), path: file, site }, options);
    return { ...model, problems: rules.problems, siteAvailable };
  }

  /** Switches between the site page and the article only. */
  toggleView(): PreviewMode {
    this.view = this.view === 'site' ? 'article' : 'site';
    this.setPage();
    return this.view;
  }

  /** Sets the whole page (first show, and when the CSP changes with newsPost.preview.allowHttpImages). */
  private setPage(): void {
    const t0 = Date.now();
    const m = this.model();
    const webview = this.panel.webview;
    this.version++;
    this.ready = false;
    this.sent = m.body.blocks;
    const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', name)).toString();
    const common = {
      nonce: (require('crypto') as typeof import('crypto')).randomBytes(18).toString('base64'), cspSource: webview.cspSource, scriptUri: media('preview.js'), styleUri: media('preview.css'),
      chromeUri: media('preview-chrome.css'), allowHttpImages: this.httpImages, showStripped: this.showStripped, problems: m.problems,
      version: this.version, state: { uri: this.doc.uri.toString() },
    };
    this.shellKey = m.page ? render().page.siteShellKey(m.page) : undefined;
    webview.html = m.page
      ? render().page.buildSitePreviewPage({ ...common, page: m.page, notes: m.notes })
      : render().page.buildPreviewPage({ ...common, header: m.header, body: m.body, mode: { mode: 'article', available: m.siteAvailable } });
    this.lastRenderAt = Date.now();
    this.lastCost = this.lastRenderAt - t0;
  }

  /** Throttled update: at once after a pause, then at most every THROTTLE_MS (or twice a slow render's cost). */
  private schedule(): void {
    if (this.timer) return;
    const gap = Math.max(THROTTLE_MS, 2 * this.lastCost);
    const wait = Math.max(0, this.lastRenderAt + gap - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, wait);
  }

  /** Renders and posts what changed: the header, banner and tags, and the blocks between the common head and tail. */
  update(reset = false, scrollLine?: number): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const t0 = Date.now();
    const m = this.model();
    // the site page: anything outside the body changed (title, layouts, the mode itself): the whole page again
    if ((m.page ? render().page.siteShellKey(m.page) : undefined) !== this.shellKey) {
      this.setPage();
      return;
    }
    const blocks = m.body.blocks;
    this.version++;
    const patch = reset ? { start: 0, deleteCount: this.sent.length, insert: blocks } : render().page.diffBlocks(this.sent, blocks);
    this.sent = blocks;
    this.lastRenderAt = Date.now();
    this.lastCost = this.lastRenderAt - t0;
    if (!this.ready) return; // the page will ask for everything when its script starts
    const showStripped = this.showStripped;
    void this.panel.webview.postMessage({
      type: 'update', version: this.version, reset, ...patch, scrollLine,
      ...(m.page ? {} : { header: render().page.headerHtml(m.header), tags: render().page.tagsHtml(m.header) }),
      banner: render().page.bannerHtml(m.body, showStripped, m.problems, { mode: m.page ? 'site' : 'article', available: m.siteAvailable }, m.notes),
      title: (m.page ? m.page.title : m.header.title) || vscode.l10n.t('Preview'), total: m.body.total, showStripped, uri: this.doc.uri.toString(),
    });
  }

  private onMessage(m: { type?: string; [k: string]: unknown }): void {
    switch (m?.type) {
      case 'ready':
        this.ready = true;
        // a page older than what we rendered since (set before an update, or restored after being hidden)
        if (m.version !== this.version) this.update(true, this.editorTopLine());
        else this.scrollPreviewTo(this.editorTopLine());
        break;
      case 'reveal': this.revealInEditor(Number(m.line) || 0, Number(m.ch) || 0); break;
      case 'open': openLink(String(m.href ?? ''), this.doc).catch(() => undefined); break;
      case 'toggleStripped': void this.toggleStripped(); break;
      case 'toggleMode': this.toggleView(); break;
      case 'snapshot': {
        const resolve = this.snapshots.get(Number(m.id));
        this.snapshots.delete(Number(m.id));
        resolve?.({ ...(m as unknown as PreviewSnapshot), uri: this.doc.uri.toString() });
        break;
      }
    }
  }

  /** Shows the stripped items in place (outlined) or leaves them out; remembered per workspace. */
  async toggleStripped(): Promise<boolean> {
    await this.context.workspaceState.update(SHOW_STRIPPED_KEY, !this.showStripped);
    this.update();
    return this.showStripped;
  }

  private editorTopLine(): number | undefined {
    return vscode.window.visibleTextEditors.find(e => e.document === this.doc)?.visibleRanges[0]?.start.line;
  }

  private scrollPreviewTo(line: number | undefined): void {
    if (line === undefined || !this.ready) return;
    void this.panel.webview.postMessage({ type: 'scrollTo', line });
  }

  private onEditorScroll(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    if (e.textEditor.document !== this.doc || !e.visibleRanges.length) return;
    const top = e.visibleRanges[0].start.line;
    const pending = this.pendingReveal;
    if (pending && Date.now() - pending.at < 1000) {
      // the scroll our reveal caused: learn how far VS Code's "at top" lands from the line asked for
      // (it keeps a few lines of context above for sticky scroll), and do not echo it to the preview
      this.pendingReveal = undefined;
      const err = top - pending.line;
      const roomBelow = this.doc.lineCount - pending.line > 2 * (e.visibleRanges[0].end.line - top);
      if (err !== 0 && Math.abs(err) <= 20 && top > 0 && roomBelow) this.revealPad -= err;
      return;
    }
    this.scrollPreviewTo(top);
  }

  /** Lines VS Code keeps above a line revealed "at top" (editor.stickyScroll.maxLineCount or cursorSurroundingLines), learned after. */
  private revealPad = -1;

  private pendingReveal: { line: number; at: number } | undefined;

  private revealInEditor(line: number, ch: number): void {
    const editor = vscode.window.visibleTextEditors.find(e => e.document === this.doc);
    if (!editor || !editor.visibleRanges.length) return;
    const visible = editor.visibleRanges[0];
    if (visible.start.line === line) return;
    if (this.revealPad < 0) {
      const c = vscode.workspace.getConfiguration('editor', this.doc);
      const sticky = c.get<boolean>('stickyScroll.enabled', true) ? c.get<number>('stickyScroll.maxLineCount', 5) : 0;
      const pad = Math.max(c.get<number>('cursorSurroundingLines', 0), sticky);
      this.revealPad = Math.max(0, Math.min(Math.floor((visible.end.line - visible.start.line) / 2), pad));
    }
    const target = this.doc.validatePosition(new vscode.Position(line + this.revealPad, ch));
    this.pendingReveal = { line, at: Date.now() };
    editor.revealRange(new vscode.Range(target, target), vscode.TextEditorRevealType.AtTop);
  }

  /** Asks the webview for what it shows (its DOM, as rendered). */
  snapshot(timeoutMs = 5000): Promise<PreviewSnapshot> {
    const id = this.nextSnapshot++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.snapshots.delete(id); reject(new Error('the preview did not answer')); }, timeoutMs);
      this.snapshots.set(id, s => { clearTimeout(timer); resolve(s); });
      void this.panel.webview.postMessage({ type: 'snapshot', id });
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  scrollBy(y: number): void {
    void this.panel.webview.postMessage({ type: 'scrollBy', y });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

/** Opens a link from the preview: web and mail links outside, site paths as files when they exist. */
async function openLink(href: string, doc: vscode.TextDocument): Promise<void> {
  const { url, kind } = render().sanitize.classifyUrl(href);
  if (kind === 'https' || kind === 'http' || kind === 'mailto' || kind === 'tel') {
    let uri: vscode.Uri | undefined;
    try { uri = vscode.Uri.parse(url, true); } catch { uri = undefined; }
    if (uri) await vscode.env.openExternal(uri);
    else void vscode.window.showWarningMessage(vscode.l10n.t('The preview cannot open "{0}".', href.slice(0, 200)));
    return;
  }
  if (kind === 'relative' && doc.uri.scheme === 'file') {
    const file = doc.uri.fsPath;
    const clean = decodePath(url);
    const root = sites.forFile(file)?.root ?? path.dirname(file);
    const target = clean.startsWith('/') ? path.join(root, clean) : path.resolve(path.dirname(file), clean);
    // only files of the site (a link cannot reach outside it)
    const inside = target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    if (inside && fs.existsSync(target) && fs.statSync(target).isFile()) {
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(target));
      return;
    }
    void vscode.window.showInformationMessage(vscode.l10n.t("The link \"{0}\" is relative to the post's URL on the site; there is no such file here.", href.slice(0, 200)));
    return;
  }
  void vscode.window.showWarningMessage(vscode.l10n.t('The preview does not open "{0}".', href.slice(0, 200)));
}

let current: PreviewPanel | undefined;

/** Whether the active editor holds a post (the editor-title button shows for posts). */
function updateContext(editor: vscode.TextEditor | undefined): void {
  const isPost = !!editor && isPreviewable(editor.document) && (editor.document.uri.scheme !== 'file' || !!asPost(editor.document));
  void vscode.commands.executeCommand('setContext', 'newsPost.activeIsPost', isPost);
}

export function registerPreview(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('newsPost.openPreview', (uri?: vscode.Uri) => openPreview(context, uri)),
    // for tests and scripts: what the webview shows right now (read from its DOM)
    vscode.commands.registerCommand('newsPost.preview.snapshot', () => current?.snapshot()),
    vscode.commands.registerCommand('newsPost.preview.toggleStripped', () => current?.toggleStripped()),
    vscode.commands.registerCommand('newsPost.preview.toggleView', () => current?.toggleView()),
    // scrolls the preview as a reader would (the editor follows): for tests and keyboard bindings
    vscode.commands.registerCommand('newsPost.preview.scrollBy', (y: number) => current?.scrollBy(Number(y) || 0)),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    // after a reload VS Code brings the panel back: it shows the post it showed (state set by the page's script)
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: (panel, state) => restorePreview(context, panel, state) }),
    { dispose: () => current?.panel.dispose() },
  );
  updateContext(vscode.window.activeTextEditor);
  registerStripCommand(context);
}

/** Takes over a preview panel VS Code restored: the post of its saved state, else the active post, else it closes. */
export async function restorePreview(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const saved = state && typeof state === 'object' && typeof (state as { uri?: unknown }).uri === 'string' ? (state as { uri: string }).uri : undefined;
  let doc: vscode.TextDocument | undefined;
  if (saved) {
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(saved, true));
    } catch {
      doc = undefined; // the post is gone
    }
  }
  if (!isPreviewable(doc)) doc = vscode.window.activeTextEditor?.document;
  if (!isPreviewable(doc) || current) {
    panel.dispose();
    return;
  }
  current = new PreviewPanel(context, doc, panel.viewColumn ?? vscode.ViewColumn.Beside, previewClosed, panel);
  void vscode.commands.executeCommand('setContext', 'newsPost.previewOpen', true);
}

function previewClosed(): void {
  current = undefined;
  void vscode.commands.executeCommand('setContext', 'newsPost.previewOpen', false);
}

async function openPreview(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<boolean> {
  let doc = vscode.window.activeTextEditor?.document;
  if (uri instanceof vscode.Uri && uri.toString() !== doc?.uri.toString()) doc = await vscode.workspace.openTextDocument(uri);
  if (!isPreviewable(doc)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('News Post: open a Markdown or HTML post to preview it.'));
    return false;
  }
  if (current) {
    current.show(doc);
    current.reveal();
    return true;
  }
  current = new PreviewPanel(context, doc, vscode.ViewColumn.Beside, previewClosed);
  void vscode.commands.executeCommand('setContext', 'newsPost.previewOpen', true);
  return true;
}
