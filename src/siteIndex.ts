// The whole-site index in the editor. "Check All Posts" walks every workspace folder in a worker thread, reads
// what each post adds to its site's vocabulary, then checks every post against its site (footer knowledge
// included) and fills the Problems panel for the files that are not open (open ones keep their live results
// from diagnostics.ts). A file watcher keeps it current, re-reading only files whose size or mtime changed.
// Completion, did-you-mean and footers read a site's vocabulary from here: ensureSite(root) reads a site once in
// the background (its facts only, nothing published). Nothing is read at activation unless
// newsPost.checkOnStartup asks for it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { linkedCode } from './ruleDocs';
import { CheckPool, FoundFile } from './core/checkPool';
import { FileCheckOptions, FileFinding, FileReport } from './core/checkFile';
import { HoldReason, PostIndex, PostSummary } from './core/postIndex';
import { PostFilter, PostMatcher, SiteRoots } from './core/postFiles';
import { PostFacts, SiteVocabulary } from './core/vocabulary';
import { FooterKnowledge } from './core/footerKnowledge';
import { footerSettingsOf, readCategoryPages } from './core/footerSite';
import { Severity } from './core/types';
import { builderSetting, checkOptions, excludeGlobs, includeGlobs, SECTION } from './config';
import { SOURCE } from './diagnostics';
import { SiteMap, siteMapFindings } from './core/siteMap';
import { t } from './core/l10n';
import { engineKey } from './core/diskIndex';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Files per request to the worker, and requests kept queued in it (so it never waits for the main thread). */
const BATCH = 100;
const IN_FLIGHT = 4;
/** Texts a worker keeps between reading a post for the vocabulary and checking it (UTF-16 units: 64 MB). */
const KEEP_UNITS = 32 * 1024 * 1024;
/** Checked posts put in the index and the Problems panel at a time. */
const PUBLISH_SLICE = 25;
/** Watcher events are gathered this long before they are handled (a checkout fires thousands at once). */
const SETTLE_MS = 150;

/** What a scan did and how the extension host fared meanwhile. */
export interface ScanStats {
  /** Posts found by the walk(s). */
  found: number;
  /** Posts read for their vocabulary facts, and posts checked (the others were unchanged since they were). */
  read: number;
  checked: number;
  unchanged: number;
  /** Posts in the index afterwards, and their problems. */
  posts: number;
  errors: number;
  warnings: number;
  /** Posts Jekyll will not publish as written, by reason. */
  held: Record<HoldReason, number>;
  ms: number;
  cancelled: boolean;
  workers: number;
  /** The longest single piece of work the scan did on the extension host's thread (ms), and what it was. */
  longestSliceMs: number;
  longestSlice: string;
  /** The longest delay of the extension host's event loop during the scan, from any cause (ms, 10 ms resolution). */
  eventLoopMaxDelayMs: number;
  eventLoopP99DelayMs: number;
  /** The longest garbage-collection pause of the extension host during the scan (ms), one cause of delays. */
  gcMaxPauseMs: number;
}

/** facts: a site read for its vocabulary only (ensureSite); check: every post checked and published. */
type Depth = 'facts' | 'check';

interface Scope {
  /** The workspace folder the include/exclude globs are relative to. */
  folder: vscode.WorkspaceFolder;
  /** The folder walked (the workspace folder, or a site inside it). */
  dir: string;
}

interface Counters {
  found: number;
  read: number;
  checked: number;
  unchanged: number;
}

/** Times the scan's pieces of work on this thread: the figure that says whether typing stays responsive. */
class SliceMeter {
  longest = 0;
  /** What the longest slice was doing. */
  longestWhat = '';
  run<T>(what: string, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const d = performance.now() - t0;
      if (d > this.longest) {
        this.longest = d;
        this.longestWhat = what;
      }
    }
  }
}

const isUnder = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
const IGNORED_PATH = /[\\/](?:\.git|node_modules|_site|\.jekyll-cache|\.sass-cache|\.bundle|vendor)(?:[\\/]|$)/;
const POST_EXT = /\.(md|markdown|html)$/i;

/**
 * _config.yml, a file of _layouts/ or _includes/, or what says which Jekyll builds the site (Gemfile,
 * Gemfile.lock, a workflow, _plugins/): changes every post's reading.
 */
function isSiteFile(p: string): boolean {
  const base = path.basename(p);
  return base === '_config.yml' || base === 'Gemfile' || base === 'Gemfile.lock'
    || /[\\/]_(layouts|includes|plugins)([\\/]|$)/.test(p) || /[\\/]\.github[\\/]workflows[\\/]/.test(p);
}

/** Category pages: their titles name the sources of categories no post has used yet. */
const isCategoryPage = (p: string) => /[\\/]category[\\/][^\\/]+\.(html|md|markdown)$/i.test(p);

export function toDiagnostic(f: FileFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1), f.message, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = linkedCode(f.code);
  return d;
}

/** Runs `work` on slices of `items`, at most `limit` at once. */
async function inBatches<T>(items: T[], size: number, limit: number, work: (batch: T[]) => Promise<void>, stop?: () => boolean): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < items.length && !stop?.(); i += size) {
    const p: Promise<void> = work(items.slice(i, i + size)).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

export class SiteIndexService implements vscode.Disposable {
  readonly index = new PostIndex();
  /** The scan's diagnostics: files that are not open (diagnostics.ts owns the open ones). */
  readonly collection = vscode.languages.createDiagnosticCollection(`${SOURCE}-site`);
  /** The whole site's problems (URL conflicts, duplicate stories, links: src/core/siteMap.ts), open files included. */
  readonly sitewide = vscode.languages.createDiagnosticCollection(`${SOURCE}-sitewide`);
  private sitewideTimer?: NodeJS.Timeout;
  private sitewideFiles = new Set<string>();
  private readonly pool: CheckPool;
  private readonly roots = new SiteRoots();
  /** Folders read so far (and watched), and how deep. */
  private readonly covered = new Map<string, { scope: Scope; depth: Depth }>();
  private readonly watchers = new Map<string, vscode.FileSystemWatcher>();
  private readonly disposables: vscode.Disposable[] = [];
  private running?: Promise<ScanStats>;
  private readonly ensuring = new Map<string, Promise<void>>();
  /** Paths deleted, with when: a worker's answer older than the deletion must not bring the post back. */
  private readonly deletedAt = new Map<string, number>();
  private readonly pendingEvents = new Map<string, 'create' | 'change' | 'delete'>();
  private eventTimer?: NodeJS.Timeout;
  private readonly categoryPages = new Map<string, Map<string, string>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private changeTimer?: NodeJS.Timeout;
  private readonly progressEmitter = new vscode.EventEmitter<{ done: number; total: number } | undefined>();
  /** Fires (at most every 250 ms) when the index changed: the status bar and the view refresh. */
  readonly onDidChange = this.changed.event;
  /** Fires while a scan runs (undefined when it ends). */
  readonly onDidProgress = this.progressEmitter.event;
  readonly log: vscode.OutputChannel;
  lastStats?: ScanStats;
  private meter = new SliceMeter();

  /** Sites whose persistent index (written by `newspost check`) was read, once per session. */
  private readonly seeded = new Set<string>();
  private engine?: string;

  constructor(private readonly workerScript: string) {
    // one core stays free for the editor itself
    const workers = Math.max(1, Math.min(2, (os.availableParallelism?.() ?? os.cpus().length) - 1));
    this.pool = new CheckPool(workerScript, workers, 60_000);
    this.log = vscode.window.createOutputChannel('News Post: Site Check');
    this.disposables.push(
      this.collection, this.sitewide, this.log, this.changed, this.progressEmitter,
      vscode.workspace.onDidOpenTextDocument(doc => this.opened(doc)),
      vscode.workspace.onDidCloseTextDocument(doc => this.closed(doc)),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (['diagnostics', 'include', 'exclude', 'footer'].some(k => e.affectsConfiguration(`${SECTION}.${k}`))) void this.recheckAll();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(e => e.removed.forEach(f => this.forgetFolder(f))),
    );
  }

  dispose(): void {
    clearTimeout(this.sitewideTimer);
    clearTimeout(this.eventTimer);
    clearTimeout(this.changeTimer);
    for (const w of this.watchers.values()) w.dispose();
    this.disposables.forEach(d => d.dispose());
    void this.pool.terminate();
  }

  // --- what the rest of the extension reads ---

  /** Whether any folder was checked (the status bar and the view show nothing before). */
  isScanned(): boolean {
    return [...this.covered.values()].some(c => c.depth === 'check');
  }

  get scanning(): boolean {
    return !!this.running;
  }

  /** The vocabulary of a site's posts (undefined until the site was read: see ensureSite). */
  vocabulary(siteRoot: string): SiteVocabulary | undefined {
    return this.depthOf(siteRoot) ? this.index.vocabulary(siteRoot) : undefined;
  }

  /** A post's facts as its site's vocabulary counts them (its saved version). */
  factsOf(file: string): PostFacts | undefined {
    return this.index.factsOf(file);
  }

  /**
   * Makes sure a site's vocabulary is known: the first time, reads its posts (their facts only: nothing is
   * published) in the background with progress in the status bar; then answers from the index, which the watcher
   * keeps current.
   */
  async ensureSite(siteRoot: string): Promise<SiteVocabulary | undefined> {
    if (!this.depthOf(siteRoot) && this.running) await this.running.catch(() => undefined);
    if (!this.depthOf(siteRoot)) {
      let p = this.ensuring.get(siteRoot);
      if (!p) {
        const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path.join(siteRoot, '_config.yml')));
        if (!folder) return undefined;
        // a site holding its workspace folder is walked from the folder (the globs are relative to it)
        const dir = isUnder(folder.uri.fsPath, siteRoot) ? folder.uri.fsPath : siteRoot;
        p = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('News Post: reading the site') },
          () => this.scan([{ folder, dir }], 'facts', false))).then(() => undefined).finally(() => this.ensuring.delete(siteRoot));
        this.ensuring.set(siteRoot, p);
      }
      await p;
    }
    return this.vocabulary(siteRoot);
  }

  /** Checks every workspace folder (unchanged files are not read again unless `force`). */
  checkAll(location: vscode.ProgressLocation = vscode.ProgressLocation.Notification, force = false): Promise<ScanStats> {
    if (this.running) return this.running;
    const scopes = (vscode.workspace.workspaceFolders ?? []).map(folder => ({ folder, dir: folder.uri.fsPath }));
    return this.track(vscode.window.withProgress({ location, title: t('News Post: checking all posts'), cancellable: true },
      (progress, token) => this.scan(scopes, 'check', force, progress, token)));
  }

  private track(p: Thenable<ScanStats>): Promise<ScanStats> {
    const run: Promise<ScanStats> = Promise.resolve(p).finally(() => { if (this.running === run) this.running = undefined; });
    this.running = run;
    return run;
  }

  /** How deep the folder holding a path was read (undefined: not at all). */
  private depthOf(p: string): Depth | undefined {
    let depth: Depth | undefined;
    for (const [dir, c] of this.covered) {
      if (isUnder(p, dir) || isUnder(dir, p)) {
        if (c.depth === 'check') return 'check';
        depth = 'facts';
      }
    }
    return depth;
  }

  // --- scanning ---

  private async scan(scopes: Scope[], depth: Depth, force: boolean, progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<ScanStats> {
    const t0 = performance.now();
    const meter = (this.meter = new SliceMeter());
    // (required when a scan first runs: not at the editor's activation, docs/packaging.md)
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { monitorEventLoopDelay, PerformanceObserver } = require('perf_hooks') as typeof import('perf_hooks');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let gcMax = 0;
    const gc = new PerformanceObserver(list => { for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration); });
    try { gc.observe({ entryTypes: ['gc'] }); } catch { /* not available */ }
    const n: Counters = { found: 0, read: 0, checked: 0, unchanged: 0 };
    let reported = 0;
    let phase: 'finding' | 'reading' | 'checking' = 'reading';
    // posts to read for the vocabulary, and posts a check covers (every post found: the unchanged ones count as done)
    let readTotal = 0;
    let checkTotal = 0;
    let readBefore = 0;
    const report = () => {
      // the figures shown are posts of the phase running, never a sum of reads and checks (no "2,901/20,001");
      // while posts are being found there is no total yet
      const [done, total] = phase === 'finding' ? [0, 0]
        : phase === 'reading' ? [n.read - readBefore, readTotal]
          : [n.checked + n.unchanged, checkTotal];
      this.progressEmitter.fire({ done: Math.min(done, total), total });
      if (!progress) return;
      const work = n.read + (depth === 'check' ? n.checked + n.unchanged : 0);
      const workTotal = readTotal + checkTotal;
      const pct = workTotal ? Math.min(100, (100 * work) / workTotal) : 0;
      const message = phase === 'finding' ? t('finding posts: {0}', n.found.toLocaleString())
        : phase === 'reading' ? t('reading {0} of {1}', Math.min(done, total).toLocaleString(), total.toLocaleString())
          : t('checking {0} of {1}', Math.min(done, total).toLocaleString(), total.toLocaleString());
      progress.report({ message, increment: Math.max(0, pct - reported) });
      reported = Math.max(reported, pct);
    };
    const stop = () => !!token?.isCancellationRequested;
    try {
      for (const scope of scopes) {
        if (stop()) break;
        const found = await this.walk(scope, n, () => { phase = 'finding'; report(); });
        if (stop()) break;
        await this.seedFromDisk(found);
        if (stop()) break;
        const needsCheck = (f: FoundFile) => {
          const s = this.index.get(f.file);
          return force || !s || s.size !== f.size || s.mtimeMs !== f.mtimeMs;
        };
        const needsFacts = (f: FoundFile) => {
          const e = this.index.entry(f.file);
          return !e || e.size !== f.size || e.mtimeMs !== f.mtimeMs;
        };
        const toRead = found.filter(needsFacts);
        const toCheck = depth === 'check' ? found.filter(needsCheck) : [];
        n.unchanged += found.length - (depth === 'check' ? toCheck.length : toRead.length);
        readBefore = n.read;
        readTotal = toRead.length;
        checkTotal = depth === 'check' ? n.checked + n.unchanged + toCheck.length : 0;
        phase = 'reading';
        await this.readFacts(toRead.map(f => f.file), n, report, stop);
        if (stop()) break;
        if (depth === 'check') {
          phase = 'checking';
          await this.checkFiles(toCheck.map(f => f.file), scope.folder, n, report, stop);
        }
        if (stop()) break;
        // files indexed earlier and gone since (deleted while nothing watched)
        const seen = new Set(found.map(f => f.file));
        meter.run('forgetting deleted posts', () => {
          for (const f of [...this.index.files()]) if (isUnder(f, scope.dir) && !seen.has(f)) this.remove(f);
        });
        this.cover(scope, depth);
      }
    } finally {
      loop.disable();
      gc.disconnect();
      this.progressEmitter.fire(undefined);
      // texts kept for checks that did not come (cancelled, or facts only)
      void this.pool.forget().catch(() => undefined);
    }
    const totals = this.index.totalsOf();
    const result: ScanStats = {
      ...n, posts: totals.posts, errors: totals.errors, warnings: totals.warnings, held: totals.held,
      ms: Math.round(performance.now() - t0), cancelled: stop(), workers: this.pool.size,
      longestSliceMs: Math.round(meter.longest * 10) / 10, longestSlice: meter.longestWhat,
      eventLoopMaxDelayMs: Math.round(loop.max / 1e5) / 10,
      eventLoopP99DelayMs: Math.round(loop.percentile(99) / 1e5) / 10,
      gcMaxPauseMs: Math.round(gcMax * 10) / 10,
    };
    if (depth === 'check') this.lastStats = result;
    this.log.appendLine(`${new Date().toISOString()} ${depth === 'check' ? 'check' : 'read'} ${result.cancelled ? 'cancelled' : 'done'}: ${result.found} posts found, ${result.read} read for the vocabulary, ${result.checked} checked, ${result.unchanged} unchanged, in ${result.ms} ms (${result.workers} worker thread${result.workers === 1 ? '' : 's'}); ${result.errors} errors, ${result.warnings} warnings; longest blocking slice on the extension host ${result.longestSliceMs} ms (${result.longestSlice}), event-loop delay max ${result.eventLoopMaxDelayMs} ms (p99 ${result.eventLoopP99DelayMs} ms), longest GC pause ${result.gcMaxPauseMs} ms`);
    this.fireChanged();
    return result;
  }

  private cover(scope: Scope, depth: Depth): void {
    const outer = [...this.covered].find(([d]) => isUnder(scope.dir, d) && d !== scope.dir);
    if (outer && (outer[1].depth === 'check' || depth === 'facts')) return; // already covered as deep
    const prev = this.covered.get(scope.dir);
    for (const d of [...this.covered.keys()]) if (d !== scope.dir && isUnder(d, scope.dir) && (depth === 'check' || this.covered.get(d)!.depth === 'facts')) this.covered.delete(d);
    this.covered.set(scope.dir, { scope, depth: prev?.depth === 'check' ? 'check' : depth });
    this.watch(scope.folder);
  }

  /** The posts below a folder, found in the worker (its listing and a stat each: nothing is read). */
  private async walk(scope: Scope, n: Counters, report: () => void): Promise<FoundFile[]> {
    const found: FoundFile[] = [];
    const seen = new Set<string>();
    await this.pool.walk(scope.dir, this.filter(scope.folder), files => this.meter.run('listing posts', () => {
      for (const f of files) {
        if (seen.has(f.file)) continue;
        seen.add(f.file);
        found.push(f);
      }
      n.found += files.length;
      report();
    }));
    return found;
  }

  /**
   * At a site's first scan in this session: the facts its persistent index (`.jekyll-cache/newspost/`, written by
   * `newspost check`) holds for the posts unchanged since, read in a worker; those posts are then not read for
   * their vocabulary.
   */
  private async seedFromDisk(found: FoundFile[]): Promise<void> {
    const bySite = new Map<string, FoundFile[]>();
    for (const f of found) {
      if (this.index.entry(f.file)) continue;
      const root = this.roots.rootOf(f.file);
      if (!root || this.seeded.has(root)) continue;
      let list = bySite.get(root);
      if (!list) bySite.set(root, (list = []));
      list.push(f);
    }
    if (!bySite.size) return;
    this.engine ??= engineKey(this.workerScript);
    for (const [root, files] of bySite) {
      this.seeded.add(root);
      let facts;
      try {
        facts = await this.pool.indexed(root, this.engine, files);
      } catch {
        continue; // no usable index: the posts are read
      }
      for (let i = 0; i < facts.length; i += PUBLISH_SLICE * 10) {
        if (i) await new Promise(r => setImmediate(r));
        this.meter.run('indexing facts', () => {
          for (const f of facts.slice(i, i + PUBLISH_SLICE * 10)) if (!this.index.entry(f.file)) this.index.setFacts({ file: f.file, siteRoot: f.siteRoot, size: f.size, mtimeMs: f.mtimeMs, facts: f.facts });
        });
      }
      this.log.appendLine(`${new Date().toISOString()} ${root}: ${facts.length} of ${files.length} posts' facts from its index (.jekyll-cache/newspost)`);
    }
  }

  /** Reads what the files add to their sites' vocabularies (the workers read; the index sums). */
  private async readFacts(files: string[], n: Counters, report: () => void, stop: () => boolean): Promise<void> {
    let k = 0;
    await inBatches(files, BATCH, IN_FLIGHT, async batch => {
      const sentAt = Date.now();
      // the worker keeps the texts for the check that follows (same batches, same worker)
      const facts = await this.pool.facts(batch, KEEP_UNITS, k++);
      this.meter.run('indexing facts', () => {
        for (const f of facts) {
          if (!f.mtimeMs || (this.deletedAt.get(f.file) ?? 0) >= sentAt) continue; // unreadable or gone
          const e = this.index.entry(f.file);
          if (e && e.mtimeMs > f.mtimeMs) continue; // an older answer overtaken by a newer one
          this.index.setFacts({ file: f.file, siteRoot: f.siteRoot, size: f.size, mtimeMs: f.mtimeMs, facts: f.facts });
        }
        n.read += batch.length;
        report();
      });
    }, stop);
  }

  /**
   * Checks the files against their sites: each site's footer knowledge (the vocabulary as the index has it, its
   * category pages, the footer settings) goes to the workers once, then the posts go in batches with their facts.
   */
  private async checkFiles(files: string[], folder: vscode.WorkspaceFolder, n: Counters, report: () => void, stop: () => boolean): Promise<void> {
    if (!files.length) return;
    await this.meter.run('sending the site knowledge', () => this.sendKnowledge(files));
    const options = this.options(folder.uri);
    let k = 0;
    await inBatches(files, BATCH, IN_FLIGHT, async batch => {
      const sentAt = Date.now();
      try {
        // (no facts sent along: the worker kept those it read, and works out the others itself)
        const reports = await this.pool.check(batch, options, undefined, k++);
        // published in small slices, the event loop free in between
        for (let i = 0; i < reports.length; i += PUBLISH_SLICE) {
          if (i) await new Promise(r => setImmediate(r));
          this.meter.run('publishing problems', () => this.apply(reports.slice(i, i + PUBLISH_SLICE), sentAt));
        }
        n.checked += batch.length;
        report();
      } catch (e) {
        this.log.appendLine(`check failed for ${batch.length} posts: ${(e as Error).message}`);
      }
    }, stop);
  }

  /** Sends the footer knowledge of the files' sites to the workers (a snapshot: the vocabulary is cloned). */
  private sendKnowledge(files: string[]): Promise<void> {
    const knowledge: Record<string, FooterKnowledge> = {};
    const settings = this.footerSettings();
    for (const f of files) {
      const root = this.index.entry(f)?.siteRoot ?? this.roots.rootOf(f) ?? '';
      if (!root || knowledge[root]) continue;
      let pages = this.categoryPages.get(root);
      if (!pages) this.categoryPages.set(root, (pages = readCategoryPages(root)));
      knowledge[root] = { vocabulary: this.index.vocabulary(root), categoryPages: pages, settings };
    }
    return this.pool.setKnowledge(knowledge);
  }

  /** The check settings (window-scoped, as package.json declares them) as plain data for the worker. */
  private options(scope: vscode.Uri): FileCheckOptions {
    const o = { ...checkOptions(), builder: builderSetting(scope) };
    // configuration values are proxies, which cannot cross to a thread: copy them
    // (facts: false: the index has every checked post's facts from the reading pass; not sent back again)
    return JSON.parse(JSON.stringify({ disabled: [...(o.disabled ?? [])], severity: o.severity ?? {}, maxBodyLength: o.maxBodyLength, builder: o.builder, facts: false }));
  }

  private footerSettings() {
    const c = vscode.workspace.getConfiguration(SECTION);
    return JSON.parse(JSON.stringify(footerSettingsOf({
      'newsPost.footer.siteUrl': c.get('footer.siteUrl'),
      'newsPost.footer.shareLinkBase': c.get('footer.shareLinkBase'),
      'newsPost.footer.sources': c.get('footer.sources'),
    })));
  }

  private filter(folder: vscode.WorkspaceFolder): PostFilter {
    return { folder: folder.uri.fsPath, include: [...includeGlobs()], exclude: [...excludeGlobs()] };
  }

  /** Puts checked files in the index and their problems in the Problems panel (not for open documents). */
  private apply(reports: FileReport[], sentAt: number): void {
    const open = new Set(vscode.workspace.textDocuments.filter(d => d.uri.scheme === 'file').map(d => d.uri.fsPath));
    const entries: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    for (const r of reports) {
      if ((this.deletedAt.get(r.file) ?? 0) >= sentAt) continue;
      if (r.missing) {
        this.remove(r.file);
        continue;
      }
      const known = this.index.entry(r.file);
      if (known && known.mtimeMs > r.mtimeMs) continue; // an older answer overtaken by a newer one
      // (the report is ours, fresh from the worker: its summary is completed in place, no copy)
      const summary = r.post as PostSummary;
      summary.file = r.file;
      summary.siteRoot = r.siteRoot ?? '';
      summary.size = r.size;
      summary.mtimeMs = r.mtimeMs;
      summary.facts = r.facts ?? known?.facts;
      this.index.set(summary);
      if (!open.has(r.file)) entries.push([vscode.Uri.file(r.file), r.findings.length ? r.findings.map(toDiagnostic) : undefined]);
    }
    if (entries.length) this.collection.set(entries);
    this.fireChanged();
  }

  private remove(p: string): void {
    const now = Date.now();
    if (this.deletedAt.size > 10_000) for (const [k, t] of this.deletedAt) if (now - t > 60_000) this.deletedAt.delete(k);
    this.deletedAt.set(p, now);
    for (const s of this.index.deleteUnder(p)) this.collection.delete(vscode.Uri.file(s.file));
    this.fireChanged();
  }

  /**
   * The site-wide problems of every checked site, from the index (the posts' summaries carry their URLs, links and
   * story ids) and the site's pages: recomputed a moment after the index changes.
   */
  private scheduleSitewide(): void {
    clearTimeout(this.sitewideTimer);
    this.sitewideTimer = setTimeout(() => this.meter.run('site-wide problems', () => this.updateSitewide()), 500);
  }

  /** (public for tests) */
  updateSitewide(): void {
    const o = checkOptions();
    const byRoot = new Map<string, Array<{ file: string; post: PostSummary }>>();
    for (const s of this.index.values()) {
      if (!s.siteRoot || this.depthOf(s.siteRoot) !== 'check') continue;
      let list = byRoot.get(s.siteRoot);
      if (!list) byRoot.set(s.siteRoot, (list = []));
      list.push({ file: s.file, post: s });
    }
    const next = new Map<string, vscode.Diagnostic[]>();
    for (const [root, posts] of byRoot) {
      const site = this.roots.site(root);
      if (!site) continue;
      for (const f of siteMapFindings(new SiteMap(site, posts), { disabled: [...(o.disabled ?? [])], severity: o.severity })) {
        let list = next.get(f.file);
        if (!list) next.set(f.file, (list = []));
        list.push(toDiagnostic(f));
      }
    }
    for (const f of this.sitewideFiles) if (!next.has(f)) this.sitewide.delete(vscode.Uri.file(f));
    this.sitewide.set([...next].map(([f, d]) => [vscode.Uri.file(f), d]));
    this.sitewideFiles = new Set(next.keys());
  }

  private fireChanged(): void {
    this.scheduleSitewide();
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, 250);
  }

  // --- open documents: diagnostics.ts shows their live results; the scan's come back when they close ---

  private opened(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === 'file' && this.collection.has(doc.uri)) this.collection.delete(doc.uri);
  }

  private closed(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !this.index.has(doc.uri.fsPath)) return;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    // re-read from disk (what Jekyll builds) and published: the document is no longer open
    if (folder) void this.update([doc.uri.fsPath], folder, true);
  }

  /** Re-reads changed files: their facts, then (where the folder is checked) their check. */
  private async update(files: string[], folder: vscode.WorkspaceFolder, recheck = false): Promise<void> {
    const n: Counters = { found: 0, read: 0, checked: 0, unchanged: 0 };
    const none = () => undefined;
    const never = () => false;
    try {
      await this.readFacts(files.filter(f => !recheck || !this.index.entry(f)), n, none, never);
      const toCheck = files.filter(f => this.depthOf(f) === 'check');
      await this.checkFiles(toCheck, folder, n, none, never);
    } catch (e) {
      this.log.appendLine(`update failed: ${(e as Error).message}`);
    }
  }

  // --- the file watcher ---

  private watch(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    if (this.watchers.has(key)) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**'));
    w.onDidCreate(u => this.event(u, 'create'));
    w.onDidChange(u => this.event(u, 'change'));
    w.onDidDelete(u => this.event(u, 'delete'));
    this.watchers.set(key, w);
  }

  private event(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    if (uri.scheme !== 'file') return;
    const p = uri.fsPath;
    // build output, dependencies and git's own files: never posts (jekyll serve rewrites _site/ all the time)
    if (IGNORED_PATH.test(p) || !this.depthOf(p)) return;
    // a change of a file that is no post, site file or category page needs nothing
    if (kind === 'change' && !POST_EXT.test(p) && !isSiteFile(p)) return;
    // a create after a delete (a rename back, an atomic save) is a create
    const prev = this.pendingEvents.get(p);
    this.pendingEvents.set(p, prev === 'create' && kind === 'change' ? 'create' : kind);
    if (!this.eventTimer) this.eventTimer = setTimeout(() => { this.eventTimer = undefined; void this.handleEvents(); }, SETTLE_MS);
  }

  private async handleEvents(): Promise<void> {
    const events = [...this.pendingEvents];
    this.pendingEvents.clear();
    const t0 = performance.now();
    try {
      await this.handle(events);
    } finally {
      this.log.appendLine(`${new Date().toISOString()} watcher: ${events.length} change${events.length === 1 ? '' : 's'} handled in ${Math.round(performance.now() - t0)} ms`);
    }
  }

  private async handle(events: Array<[string, 'create' | 'change' | 'delete']>): Promise<void> {
    let siteChanged = false;
    const changedFiles = new Map<string, vscode.WorkspaceFolder>();
    const toWalk: Scope[] = [];
    for (const [p, kind] of events) {
      if (isSiteFile(p)) { siteChanged = true; continue; }
      if (isCategoryPage(p)) this.categoryPages.clear();
      let st: fs.Stats | undefined;
      try { st = await fs.promises.stat(p); } catch { /* gone */ }
      if (!st) { this.remove(p); continue; }
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(p));
      if (!folder) continue;
      if (st.isDirectory()) {
        // a folder created or moved in: walk it (a folder's own change events say nothing)
        if (kind === 'create') toWalk.push({ folder, dir: p });
        continue;
      }
      const known = this.index.entry(p);
      if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) continue;
      const matcher = new PostMatcher(this.filter(folder), this.roots);
      if (this.meter.run('matching a changed file', () => matcher.matches(p))) changedFiles.set(p, folder);
      else if (known) this.remove(p); // no longer a post (e.g. now excluded)
    }
    if (siteChanged) {
      // _config.yml or a layout changed: every post may read differently
      this.roots.clear();
      await this.pool.reset();
      void this.recheckAll();
      return;
    }
    const byFolder = new Map<vscode.WorkspaceFolder, string[]>();
    for (const [p, f] of changedFiles) byFolder.set(f, [...(byFolder.get(f) ?? []), p]);
    for (const [folder, files] of byFolder) await this.update(files, folder);
    for (const scope of toWalk) {
      const depth = this.depthOf(scope.dir) ?? 'facts';
      await this.scan([scope], depth, false);
    }
  }

  /** Reads every covered folder again in full (the settings or the site changed). */
  private async recheckAll(): Promise<void> {
    if (this.running) await this.running.catch(() => undefined);
    const covered = [...this.covered.values()];
    if (!covered.length) return;
    this.categoryPages.clear();
    await this.track(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('News Post: re-checking all posts') }, async () => {
      let last: ScanStats | undefined;
      for (const c of covered) last = await this.scan([c.scope], c.depth, true);
      return last!;
    }));
  }

  private forgetFolder(folder: vscode.WorkspaceFolder): void {
    const dir = folder.uri.fsPath;
    for (const d of [...this.covered.keys()]) if (isUnder(d, dir)) this.covered.delete(d);
    this.watchers.get(folder.uri.toString())?.dispose();
    this.watchers.delete(folder.uri.toString());
    for (const s of this.index.deleteUnder(dir)) this.collection.delete(vscode.Uri.file(s.file));
    this.fireChanged();
  }
}

let service: SiteIndexService | undefined;

/** The workspace's post index (undefined before activation): the vocabulary for completion and footers. */
export function siteIndex(): SiteIndexService | undefined {
  return service;
}

export function registerSiteIndex(context: vscode.ExtensionContext): SiteIndexService {
  service = new SiteIndexService(context.asAbsolutePath('dist/checkWorker.js'));
  const s = service;
  context.subscriptions.push(s, { dispose: () => { if (service === s) service = undefined; } });
  return s;
}
