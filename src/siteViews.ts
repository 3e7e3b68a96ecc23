// What the whole-site index shows: the "Check All Posts" command, a status bar item with what only this
// extension knows, the posts Jekyll will not publish as written (click: the view), and the explorer view
// "Posts Jekyll Will Not Publish as Written", grouped by reason, each post opening on click.
import * as path from 'path';
import * as vscode from 'vscode';
import { HOLD_REASONS, HoldReason, PostSummary } from './core/postIndex';
import { SiteIndexService, registerSiteIndex } from './siteIndex';
import { SECTION } from './config';
import { t } from './core/l10n';
import { setVocabularySource } from './footer';
import { sites } from './posts';
import { siteAsBuilt } from './diagnostics';
import { builderName } from './core/builder';

/** Posts listed under one reason; the rest are counted in a last item (the Problems panel has them all). */
const MAX_LISTED = 2000;

type Node =
  | { kind: 'site'; root: string }
  | { kind: 'reason'; root: string; reason: HoldReason; count: number }
  | { kind: 'post'; post: PostSummary }
  | { kind: 'more'; count: number };

const siteName = (root: string) => (root ? path.basename(root) : t('(posts outside any site)'));

class HeldPostsProvider implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly service: SiteIndexService) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const index = this.service.index;
    if (!node) {
      const sites = index.sites().filter(r => Object.values(index.totalsOf(r).held).some(n => n > 0));
      if (sites.length > 1) return sites.map(root => ({ kind: 'site', root }));
      return sites.length ? this.reasons(sites[0]) : [];
    }
    if (node.kind === 'site') return this.reasons(node.root);
    if (node.kind === 'reason') {
      const posts = index.held(node.root).get(node.reason) ?? [];
      const out: Node[] = posts.slice(0, MAX_LISTED).map(post => ({ kind: 'post', post }));
      if (posts.length > MAX_LISTED) out.push({ kind: 'more', count: posts.length - MAX_LISTED });
      return out;
    }
    return [];
  }

  private reasons(root: string): Node[] {
    const held = this.service.index.totalsOf(root).held;
    return HOLD_REASONS.filter(r => held[r.reason] > 0).map(r => ({ kind: 'reason', root, reason: r.reason, count: held[r.reason] }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'site': {
        const item = new vscode.TreeItem(siteName(node.root), vscode.TreeItemCollapsibleState.Expanded);
        item.tooltip = node.root;
        item.iconPath = new vscode.ThemeIcon('globe');
        return item;
      }
      case 'reason': {
        const info = HOLD_REASONS.find(r => r.reason === node.reason)!;
        const item = new vscode.TreeItem(info.label(), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = node.count.toLocaleString();
        item.tooltip = `${info.label()}: ${info.detail()}`;
        item.iconPath = new vscode.ThemeIcon(node.reason === 'unpublished' || node.reason === 'future' ? 'eye-closed' : 'error');
        item.contextValue = `newsPost.heldReason.${node.reason}`;
        return item;
      }
      case 'post': {
        const uri = vscode.Uri.file(node.post.file);
        const item = new vscode.TreeItem(path.basename(node.post.file), vscode.TreeItemCollapsibleState.None);
        item.resourceUri = uri;
        item.description = node.post.title || undefined;
        item.tooltip = new vscode.MarkdownString().appendText(vscode.workspace.asRelativePath(uri)).appendMarkdown('\n\n').appendText(node.post.firstMessage ?? '');
        item.command = { command: 'vscode.open', title: t('Open Post'), arguments: [uri] };
        item.contextValue = 'newsPost.heldPost';
        return item;
      }
      case 'more':
        return new vscode.TreeItem(t('… and {0} more (all are in the Problems panel)', node.count.toLocaleString()), vscode.TreeItemCollapsibleState.None);
    }
  }
}

/**
 * The builder that judges a site's posts ("Jekyll 4.3", "GitHub Pages"…), when the site model knows it: a hook
 * for the `builder` field the site model is getting (read if present, so nothing here depends on it yet).
 */
export function builderOf(root: string): string | undefined {
  const site = siteAsBuilt(sites.forFile(path.join(root, '_config.yml')), vscode.Uri.file(root));
  return site ? t('Built by {0}: {1}.', builderName(site.builder), site.builderReason) : undefined;
}

/** The posts Jekyll will not publish as written, of the active post's site (or of every site), hidden until something was scanned. */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('newsPost.siteProblems', vscode.StatusBarAlignment.Left, 10);
  private progress?: { done: number; total: number };

  constructor(private readonly service: SiteIndexService) {
    this.item.name = t('News Post: Posts Not Published as Written');
    this.item.command = 'newsPost.heldPosts.focus';
  }

  dispose(): void {
    this.item.dispose();
  }

  setProgress(p: { done: number; total: number } | undefined): void {
    this.progress = p;
    this.update();
  }

  update(): void {
    const index = this.service.index;
    if (this.progress) {
      this.item.text = this.progress.total
        ? `$(sync~spin) News Post ${this.progress.done.toLocaleString()}/${this.progress.total.toLocaleString()}`
        : `$(sync~spin) ${t('News Post: finding posts…')}`;
      this.item.accessibilityInformation = undefined;
      this.item.backgroundColor = undefined;
      this.item.tooltip = t('News Post: reading the posts of the workspace');
      this.item.show();
      return;
    }
    if (!this.service.isScanned() || index.size === 0) {
      this.item.hide();
      return;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const activeRoot = active?.scheme === 'file' ? index.get(active.fsPath)?.siteRoot : undefined;
    const sites = index.sites();
    const n = index.totalsOf(activeRoot);
    const held = Object.values(n.held).reduce((a, b) => a + b, 0);
    const root = activeRoot ?? (sites.length === 1 ? sites[0] : undefined);
    // what only this item knows (VS Code's own counter has the errors and warnings): the posts Jekyll will not
    // publish as written, and which builder judges them
    const builder = root !== undefined ? builderOf(root) : undefined;
    this.item.text = held
      ? `$(eye-closed) ${t('News Post: {0} not published as written', held.toLocaleString())}`
      : `$(check) ${t('News Post: all {0} posts publish', n.posts.toLocaleString())}`;
    const lines = [
      `News Post — ${root !== undefined ? t('site {0}', siteName(root)) : t('{0} sites', sites.length)}`,
      ...(builder ? [builder] : []),
      t('{0} posts: {1} errors, {2} warnings, {3} infos; {4} posts Jekyll will not publish as written.', n.posts.toLocaleString(), n.errors.toLocaleString(), n.warnings.toLocaleString(), n.infos.toLocaleString(), held.toLocaleString()),
      t('Click to show them in the Posts Jekyll Will Not Publish as Written view.'),
    ];
    // plain text: it is also what a screen reader says
    this.item.tooltip = lines.join('\n');
    this.item.accessibilityInformation = { label: lines.slice(0, builder ? 3 : 2).join('. '), role: 'button' };
    this.item.backgroundColor = undefined;
    this.item.show();
  }
}

export function registerSiteViews(context: vscode.ExtensionContext): SiteIndexService {
  const service = registerSiteIndex(context);
  // the footer rules, completion and did-you-mean read each site's vocabulary from the index (no scan of their own)
  setVocabularySource(service);
  const tree = new HeldPostsProvider(service);
  const status = new StatusItem(service);
  const view = vscode.window.createTreeView('newsPost.heldPosts', { treeDataProvider: tree, showCollapseAll: true });
  const refresh = () => {
    tree.refresh();
    status.update();
    void vscode.commands.executeCommand('setContext', 'newsPost.scanned', service.isScanned());
  };
  context.subscriptions.push(
    view, status,
    service.onDidChange(refresh),
    service.onDidProgress(p => status.setProgress(p)),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
    vscode.commands.registerCommand('newsPost.checkAllPosts', async () => {
      const stats = await service.checkAll();
      refresh();
      if (!stats.cancelled && stats.found === 0) {
        vscode.window.showInformationMessage(t('News Post: no posts found in the workspace (files under _posts/ or _drafts/, or matching newsPost.include).'));
      } else if (!stats.cancelled) {
        // the result in one line (the status bar keeps the count of posts not published as written)
        const held = Object.values(stats.held).reduce((a, b) => a + b, 0);
        vscode.window.showInformationMessage(t('News Post: {0} posts checked, {1} not published as written ({2} errors, {3} warnings).', stats.posts.toLocaleString(), held.toLocaleString(), stats.errors.toLocaleString(), stats.warnings.toLocaleString()));
      }
      return stats;
    }),
  );
  // a workspace with a Jekyll site shows the view (its welcome text offers Check All Posts)
  void vscode.workspace.findFiles('**/_config.yml', '**/{node_modules,_site,vendor}/**', 1).then(found => {
    void vscode.commands.executeCommand('setContext', 'newsPost.hasSite', found.length > 0);
  });
  if (vscode.workspace.getConfiguration(SECTION).get<boolean>('checkOnStartup', false)) {
    // in the background, after the window has settled; progress in the status bar only
    const timer = setTimeout(() => void service.checkAll(vscode.ProgressLocation.Window).then(refresh), 3000);
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }
  return service;
}
