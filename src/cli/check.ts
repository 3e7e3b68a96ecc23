// `newspost check [paths or globs…] [--format text|json|sarif|github] [--fix | --fix-dry-run] [--disable codes] [--jobs N]`
//
// Streams: files are found without reading them, checked in batches by worker threads (both cores), and each
// batch's findings are written out (in file order) as soon as the batches before it are done, so a site of
// 100,000 posts never sits in memory, neither as texts nor as findings. With --fix, each batch's posts that have
// a safe fix are fixed (and checked again) in this thread as the batch comes in (see fix.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkOneFile, FileCheckOptions, FileFinding, FileReport } from '../core/checkFile';
import { CheckPool } from '../core/checkPool';
import { SiteRoots, isJekyllPost, walkFiles } from '../core/postFiles';
import { KNOWLEDGE_RULES, readCategoryPages, readFooterSettings } from '../core/footerSite';
import { FooterKnowledge } from '../core/footerKnowledge';
import { addPostToVocabulary, emptyVocabulary } from '../core/vocabulary';
import { decodePost, expandGlob } from '../core/files';
import { RULES } from '../core/rules';
import { Severity } from '../core/types';
import { t } from '../core/l10n';
import { fixText, safeFix, unifiedDiff, writeAtomic } from './fix';
import { unknownOption } from './args';
import { BuilderSetting, builderName, isBuilderSetting } from '../core/builder';
import { withBuilder } from '../core/site';
import { siteFindings } from '../core/siteRules';
import { CheckCache } from '../core/checkCache';
import { engineKey } from '../core/diskIndex';
import { MapPost, PageFile, SiteMap, readPages, siteMapFindings } from '../core/siteMap';

/** A problem of a file, as the CLI prints it (1-based positions). */
export interface Finding extends FileFinding {
  file: string;
}

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = typeof FORMATS[number];

/** The help text (a function: the catalog is loaded after this module). */
const help = () => t(`usage: newspost check [paths or globs…] [options]

Checks Jekyll posts (.md, .markdown, .html under _posts/ or _drafts/) as the site's builder reads them:
GitHub Pages when the site has no Gemfile, else the Jekyll its Gemfile, Gemfile.lock or workflow names.
With no path: the posts of the site in the current folder (the nearest folder with a _config.yml).
A folder means every post below it; a glob (quote it) is matched against file paths.

  --format text    one line per problem: file:line:column: severity: message [code] (default)
  --format json    an array of {file, line, column, endLine, endColumn, severity, code, message, fixes}, 1-based;
                   fixes: [{title, edits: [{line, column, endLine, endColumn, newText}], renameTo?, preferred}]
  --format sarif   SARIF 2.1.0, for code-scanning tools
  --format github  GitHub Actions annotations (::error file=…,line=…::message), shown on the pull request
  --fix            apply the safe fixes (the preferred fix of a problem, when it only edits text: no renames),
                   then report what is left; each file is replaced at once, only the fixed spans change
  --fix-dry-run    print the safe fixes as a unified diff instead (nothing is written)
  --disable LIST   skip these rule codes (comma-separated)
  --jobs N         worker threads (default: one per CPU core from 2,000 posts on; 0: check in the main thread)
  --builder B      judge every site as built by B: github-pages, jekyll-4, jekyll-3 or auto (detected; the default)
  --cache-dir DIR  keep the index of each site in DIR (default: $NEWSPOST_CACHE_DIR, else the site's
                   .jekyll-cache/newspost/)
  --no-cache       neither read nor write the index: read and check every post
  --stats          print each site's builder, posts/s, threads, peak memory and the index's use to stderr at the end
  -h, --help       this help

The index keeps each post's facts and findings between runs, keyed by its size, mtime and content hash, the
checker's version and the settings; unchanged posts are not read again. It is not written by --fix-dry-run,
nor where it cannot be (a read-only site). Keep .jekyll-cache/ out of git.
A post that is huge, binary, not UTF-8 or unreadable is reported as a problem of its own; the run goes on.
With --fix or --fix-dry-run, what was fixed goes to stderr and the exit status counts what is left.
Exit status: 0 no error, 1 at least one error, 2 bad usage (or a fixed file could not be written).
When the output is closed early (newspost check | head), the run stops quietly with status 0.`);

interface Args { paths: string[]; format: Format; disabled: string[]; jobs?: number; stats: boolean; fix?: 'write' | 'dry-run'; builder: BuilderSetting; cache: boolean; cacheDir?: string }

function parseArgs(args: string[]): Args | string {
  const out: Args = { paths: [], format: 'text', disabled: [], stats: false, builder: 'auto', cache: true };
  let onlyPaths = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyPaths) { out.paths.push(a); continue; }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    // the option's value: inline (--x=v) or the next argument, unless that is another option
    const value = () => inline ?? (args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : undefined);
    const takesNoValue = () => (inline !== undefined ? t('{0} takes no value', flag) : undefined);
    if (flag === '--format' || flag === '-f') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v ?? '')) return v === undefined ? t('--format takes text, json, sarif or github (got nothing)') : t('--format takes text, json, sarif or github (got {0})', v);
      out.format = v as Format;
    } else if (flag === '--disable') {
      const v = value();
      if (!v) return t('--disable takes a comma-separated list of rule codes');
      out.disabled.push(...v.split(',').map(s => s.trim()).filter(Boolean));
    } else if (flag === '--jobs' || flag === '-j') {
      const v = value();
      if (!v || !/^\d+$/.test(v)) return v === undefined ? t('--jobs takes a number of worker threads (got nothing)') : t('--jobs takes a number of worker threads (got {0})', v);
      out.jobs = Number(v);
    } else if (flag === '--builder') {
      const v = value();
      if (!isBuilderSetting(v)) return v === undefined ? t('--builder takes github-pages, jekyll-4, jekyll-3 or auto (got nothing)') : t('--builder takes github-pages, jekyll-4, jekyll-3 or auto (got {0})', v);
      out.builder = v;
    } else if (flag === '--cache-dir') {
      const v = value();
      if (!v) return t('--cache-dir takes a folder');
      out.cacheDir = v;
    } else if (flag === '--stats' || flag === '--fix' || flag === '--fix-dry-run' || flag === '--no-cache') {
      const bad = takesNoValue();
      if (bad) return bad;
      if (flag === '--stats') out.stats = true;
      else if (flag === '--no-cache') out.cache = false;
      else {
        const mode = flag === '--fix' ? 'write' : 'dry-run';
        if (out.fix && out.fix !== mode) return t('--fix and --fix-dry-run exclude each other');
        out.fix = mode;
      }
    } else if (a === '--') onlyPaths = true;
    else if (a.startsWith('-') && a !== '-') return unknownOption(a, ['--format', '--fix', '--fix-dry-run', '--disable', '--jobs', '--builder', '--cache-dir', '--no-cache', '--stats', '--help']);
    else out.paths.push(a);
  }
  for (const c of out.disabled) if (!RULES[c]) return t("unknown rule code '{0}'", c);
  return out;
}

/** A file's path as the commands print it: relative to `cwd` (the absolute path when it is `cwd` itself). */
export function relativeTo(cwd: string): (file: string) => string {
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  return file => (file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(cwd, file) || file);
}

/**
 * The posts the arguments name, in order and without duplicates: files as given, folders walked, globs
 * expanded; only what Jekyll reads as a post (found from names alone: nothing is read or stat'ed here).
 */
export function resolveInputs(paths: string[], cwd: string, roots = new SiteRoots()): { files: string[]; missing: string[]; walked: Set<string>; dirs: Map<string, number> } {
  const walked = new Set<string>();
  // the folders listed, with their mtimes (read before their listing), for the persistent index
  const dirs = new Map<string, number>();
  const onDir = (d: string) => {
    try { dirs.set(d, fs.statSync(d).mtimeMs); } catch { /* gone */ }
  };
  const seen = new Set<string>();
  const files: string[] = [];
  const missing: string[] = [];
  const add = (f: string) => {
    if (!seen.has(f) && isJekyllPost(f, roots)) {
      seen.add(f);
      files.push(f);
    }
  };
  const walkDir = (dir: string) => {
    for (const f of walkFiles(dir, f => isJekyllPost(f, roots), onDir)) add(f);
    const root = roots.rootOf(path.join(dir, '_'));
    if (root && path.resolve(root) === path.resolve(dir)) walked.add(root);
  };
  if (paths.length === 0) {
    const root = roots.rootOf(path.join(cwd, '_'));
    if (root) walkDir(root);
    else missing.push(t('(no _config.yml in this folder or above it)'));
  }
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (/[*?{]/.test(p)) {
      let any = false;
      for (const f of expandGlob(p, cwd)) { any = true; add(f); }
      if (!any) missing.push(p);
    } else {
      let st: fs.Stats | undefined;
      try { st = fs.statSync(abs); } catch { /* missing */ }
      if (!st) missing.push(p);
      else if (st.isDirectory()) walkDir(abs);
      else add(abs);
    }
  }
  return { files, missing, walked, dirs };
}

/**
 * The items of an array nested `depth` arrays deep, pretty-printed with 2 spaces as JSON.stringify prints them
 * there, joined by `,\n`, without the brackets around them (one stringify for a whole batch).
 */
export function nestedItems(items: unknown[], depth: number): string {
  let v: unknown = items;
  for (let i = 1; i < depth; i++) v = [v];
  const text = JSON.stringify(v, null, 2);
  let start = 0;
  let end = text.length;
  for (let i = 0; i < depth; i++) {
    start = text.indexOf('\n', start) + 1;
    end = text.lastIndexOf('\n', end - 1);
  }
  return text.slice(start, end);
}

/** Writes findings as they come, in one of the formats; knows the totals at the end. */
class Output {
  readonly count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private first = true;
  private tail = '';

  /** @param out undefined: count only (--fix-dry-run prints a diff instead) */
  constructor(private readonly format: Format, private readonly out: NodeJS.WritableStream | undefined) {}

  private write(s: string): Promise<void> | undefined {
    if (!s || !this.out || this.out.write(s)) return undefined;
    return new Promise(resolve => this.out!.once('drain', () => resolve()));
  }

  /** Writes a batch; the promise (if any) resolves when the stream can take more. */
  add(findings: Finding[]): Promise<void> | undefined {
    for (const f of findings) this.count[f.severity]++;
    if (findings.length === 0 || !this.out) return undefined;
    let s = '';
    if (this.format === 'text') {
      for (const f of findings) s += `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`;
    } else if (this.format === 'github') {
      for (const f of findings) s += githubAnnotation(f);
    } else {
      const items = findings.map(f => (this.format === 'json' ? { ...f, fixes: f.fixes ?? [] } : sarifResult(f)));
      if (this.first) s = this.format === 'json' ? '[\n' : this.sarifHead();
      else s = ',\n';
      // the items as they stand in the whole document: at depth 1 (JSON's array) or 4 (SARIF's results)
      s += nestedItems(items, this.format === 'json' ? 1 : 4);
    }
    this.first = false;
    return this.write(s);
  }

  private sarifHead(): string {
    const [head, tail] = JSON.stringify(sarifLog([]), null, 2).split('"results": []');
    this.tail = '\n      ]' + tail;
    return head + '"results": [\n';
  }

  /** "3 errors, 1 warning, 0 infos" */
  counts(): string {
    const { error: e, warning: w, info: i } = this.count;
    return t('{0}, {1}, {2}', e === 1 ? t('1 error') : t('{0} errors', e), w === 1 ? t('1 warning') : t('{0} warnings', w), i === 1 ? t('1 info') : t('{0} infos', i));
  }

  /** "3 errors, 1 warning, 0 infos in 9 posts" */
  totals(posts: number): string {
    const { error: e, warning: w, info: i } = this.count;
    return t('{0}, {1}, {2} in {3}',
      e === 1 ? t('1 error') : t('{0} errors', e),
      w === 1 ? t('1 warning') : t('{0} warnings', w),
      i === 1 ? t('1 info') : t('{0} infos', i),
      posts === 1 ? t('1 post') : t('{0} posts', posts));
  }

  async end(posts: number): Promise<void> {
    if (this.format === 'json') await this.write(this.first ? '[]\n' : '\n]\n');
    else if (this.format === 'sarif') await this.write(this.first ? JSON.stringify(sarifLog([]), null, 2) + '\n' : this.tail + '\n');
    else await this.write(this.totals(posts) + '\n');
  }
}

/** GitHub's escaping of a workflow command's message (data). */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** … and of a property's value (also `:` and `,`, which would end it). */
const ghProperty = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One GitHub Actions workflow command: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
export function githubAnnotation(f: Finding): string {
  const level = f.severity === 'info' ? 'notice' : f.severity;
  const props = [
    `file=${ghProperty(f.file.split(path.sep).join('/'))}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`,
    `title=${ghProperty(`newspost ${f.code}`)}`,
  ];
  return `::${level} ${props.join(',')}::${ghData(`${f.message} [${f.code}]`)}\n`;
}

const sarifLevel = (s: Severity) => (s === 'info' ? 'note' : s);

function sarifResult(f: Finding): unknown {
  const uri = f.file.split(path.sep).join('/');
  // the text-edit fixes (a rename cannot be said in SARIF); columns are UTF-16 code units, SARIF's default
  const fixes = (f.fixes ?? []).filter(x => !x.renameTo && x.edits.length).map(x => ({
    description: { text: x.title },
    artifactChanges: [{
      artifactLocation: { uri },
      replacements: x.edits.map(e => ({ deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn }, insertedContent: { text: e.newText } })),
    }],
  }));
  return {
    ruleId: f.code, level: sarifLevel(f.severity), message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } }],
    ...(fixes.length ? { fixes } : {}),
  };
}

function sarifLog(results: unknown[]): unknown {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'newspost', informationUri: 'https://github.com/newspost/news-post-editor', rules: Object.entries(RULES).map(([id, r]) => ({ id, shortDescription: { text: r.description }, defaultConfiguration: { level: sarifLevel(r.severity) } })) } },
      results,
    }],
  };
}

/** Posts per batch sent to a worker, and below how many posts the run stays in the main thread. */
const BATCH = 128;
const INLINE_BELOW = 2000;
/** Texts a worker keeps between the vocabulary pass and the checks (UTF-16 units: 96 MB), so most posts are read once. */
const KEEP_UNITS = 48 * 1024 * 1024;

/** Runs `work` on consecutive slices of `items`, at most `limit` at once; `done` gets each result in order. */
async function inBatches<T, R>(items: T[], size: number, limit: number, work: (batch: T[]) => Promise<R>, done: (r: R) => Promise<void> | undefined | void): Promise<void> {
  const results = new Map<number, R>();
  const batches = Math.ceil(items.length / size);
  const inFlight = new Set<Promise<void>>();
  let nextIn = 0;
  let nextOut = 0;
  const drain = async () => {
    while (results.has(nextOut)) {
      const r = results.get(nextOut)!;
      results.delete(nextOut++);
      await done(r);
    }
  };
  while (nextIn < batches || inFlight.size) {
    while (nextIn < batches && inFlight.size < Math.max(1, limit)) {
      const b = nextIn++;
      const p = work(items.slice(b * size, (b + 1) * size)).then(r => { results.set(b, r); });
      const tracked: Promise<void> = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.race(inFlight);
    await drain();
    // a turn of the event loop between batches (they may all be done in this thread): Ctrl-C is handled promptly
    await new Promise(resolve => setImmediate(resolve));
  }
  await drain();
}

/**
 * The footer knowledge of every site the files belong to: the vocabulary of ALL its posts (whatever subset is
 * being checked), read in parallel by the pool (only head and tail of a huge post), its category pages and the
 * footer settings of its .vscode/settings.json.
 */
export async function siteKnowledge(pool: CheckPool, fallback: CheckPool, files: string[], roots: SiteRoots, walked: Set<string>, limit: number): Promise<Record<string, FooterKnowledge>> {
  const sites = new Set<string>();
  for (const f of files) {
    const r = roots.rootOf(f);
    if (r) sites.add(r);
  }
  const knowledge: Record<string, FooterKnowledge> = {};
  for (const root of sites) {
    // the site's posts: those being checked when they are all of them (the usual run), else a walk of the site
    const posts = walked.has(root) ? files.filter(f => roots.rootOf(f) === root) : [...walkFiles(root, f => roots.rootOf(f) === root && isJekyllPost(f, roots))];
    const vocabulary = emptyVocabulary();
    // batches as the checks will have them, each on the worker that will check it (it keeps the texts it read)
    let k = 0;
    await inBatches(posts, BATCH, limit, batch => { const slot = k++; return pool.facts(batch, KEEP_UNITS, slot).catch(() => fallback.facts(batch)); }, found => {
      for (const f of found) if (f.facts) addPostToVocabulary(vocabulary, f.facts);
    });
    knowledge[root] = { vocabulary, categoryPages: readCategoryPages(root), settings: readFooterSettings(root) };
  }
  return knowledge;
}

/**
 * Checks the files and hands each batch's findings to `emit` in file order. Batches are checked by `jobs`
 * worker threads (3 batches in flight per thread), or in this thread when jobs is 0 or the run is small. With
 * `sites`, each site's footer knowledge is gathered first (the footer rules judge a post against its site);
 * `sites.walked` names the sites whose every post is among the files (no second walk of those); the knowledge
 * gathered is left in `sites.knowledge` (before the first batch is emitted).
 */
export async function checkStream(files: string[], options: FileCheckOptions, jobs: number, emit: (reports: FileReport[]) => Promise<void> | undefined, sites?: { roots: SiteRoots; walked: Set<string>; knowledge?: Record<string, FooterKnowledge> }, workerScript = path.join(__dirname, 'checkWorker.js'), cached?: { cache: CheckCache; roots: SiteRoots; dirs: Map<string, number>; walked?: Set<string> }): Promise<number> {
  // (starting workers and loading the checker in each costs more than it saves on a small run, unless asked for)
  const small = jobs < 0 ? files.length < INLINE_BELOW : files.length < BATCH * 2;
  const threads = small || !fs.existsSync(workerScript) ? 0 : Math.min(Math.abs(jobs), Math.ceil(files.length / BATCH));
  const pool = new CheckPool(workerScript, threads);
  // a worker that died (it should not) costs its batch nothing: it is done again in this thread
  const fallback = new CheckPool(workerScript, 0);
  try {
    if (cached) {
      // the index: only what changed is read; with the footer rules on, each site's knowledge comes from it
      const knowledge = await cached.cache.prepare(pool, fallback, files, cached.roots, sites?.walked ?? cached.walked ?? new Set(), cached.dirs, options, !!sites, threads * 3, inBatches, BATCH, KEEP_UNITS);
      if (sites) {
        sites.knowledge = knowledge;
        await pool.setKnowledge(knowledge);
        await fallback.setKnowledge(knowledge);
      }
    } else if (sites) {
      const knowledge = await siteKnowledge(pool, fallback, files, sites.roots, sites.walked, threads * 3);
      sites.knowledge = knowledge;
      await pool.setKnowledge(knowledge);
      await fallback.setKnowledge(knowledge);
    }
    const checkOptions = cached ? { ...options, hash: true } : options;
    // the reports the index holds (by position in files), and whether what is left is worth starting workers for
    const hits = cached ? files.map(f => cached.cache.lookup(f, cached.roots)) : undefined;
    const left = hits ? hits.reduce((n, h) => (h ? n : n + 1), 0) : files.length;
    const checker = hits && pool.started === 0 && left < INLINE_BELOW ? fallback : pool;
    // each batch to the worker that read it for the vocabulary: it kept the texts and their facts
    let b = 0;
    await inBatches(files.map((_, i) => i), BATCH, checker === fallback ? 1 : threads * 3, async at => {
      const slot = b++;
      const batch = at.map(i => files[i]);
      const todo = hits ? at.filter(i => !hits[i]).map(i => files[i]) : batch;
      const fresh = todo.length ? await checker.check(todo, checkOptions, undefined, slot).catch(() => fallback.check(todo, checkOptions)) : [];
      if (!hits) return fresh;
      cached!.cache.store(fresh, cached!.roots);
      let j = 0;
      return at.map(i => hits[i] ?? fresh[j++]);
    }, emit);
    cached?.cache.save();
  } finally {
    await pool.terminate();
  }
  return threads;
}

/** --stats' last lines: the index's use (when there is one), then posts/s, threads and peak memory. */
export function printStats(command: string, posts: number, t0: bigint, threads: number, cache: CheckCache | undefined): void {
  if (cache) {
    const c = cache.stats;
    console.error(`newspost ${command}: ${command === 'list'
      ? t('index: {0} posts unchanged (rows reused), {1} read; {2} sites not walked; {3} index files read', c.reused, c.checked, c.sitesNotWalked, c.indexFilesRead)
      : t('index: {0} posts unchanged (findings reused), {1} read for the vocabulary, {2} checked; {3} sites not walked; {4} index files read', c.reused, c.factsRead, c.checked, c.sitesNotWalked, c.indexFilesRead)}${c.siteMapsReused ? t('; site map reused') : ''}`);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = process.resourceUsage().maxRSS / 1024;
  const figures = [posts, secs.toFixed(2), Math.round(posts / secs), threads, rss.toFixed(0)];
  console.error(`newspost ${command}: ${threads === 1
    ? t('{0} posts in {1} s = {2} posts/s; {3} worker thread; peak memory {4} MB', ...figures)
    : t('{0} posts in {1} s = {2} posts/s; {3} worker threads; peak memory {4} MB', ...figures)}`);
}

/** What --fix did, for the summary. */
interface FixTally {
  /** Problems fixed, by code. */
  byCode: Map<string, number>;
  posts: number;
  /** Posts not fixed: changed on disk meanwhile, unreadable, or could not be written. */
  failed: number;
  /** Problems left whose preferred fix is a rename (not done by --fix). */
  renames: number;
}

/**
 * --fix / --fix-dry-run on one report: when it has a safe fix, the post is read again (it must be what was
 * checked), fixed pass by pass (checked again in this thread between passes, against the same site knowledge) and
 * written at once, or its diff printed. Returns the report of what is left (the original one when nothing was fixed).
 */
function fixReport(r: FileReport, rel: string, mode: 'write' | 'dry-run', options: FileCheckOptions, roots: SiteRoots, tally: FixTally, diff: (s: string) => void): FileReport {
  if (!r.findings.some(f => safeFix(f))) return r;
  let bytes: Buffer;
  try {
    const st = fs.statSync(r.file);
    if (st.size !== r.size || st.mtimeMs !== r.mtimeMs) throw new Error(t('it changed while being checked'));
    bytes = fs.readFileSync(r.file);
  } catch (e) {
    console.error(`newspost check: ${t('{0}: not fixed: {1}', rel, e instanceof Error ? e.message : String(e))}`);
    tally.failed++;
    return r;
  }
  const { text, invalidUtf8 } = decodePost(bytes);
  if (invalidUtf8) return r;
  const site = roots.site(r.siteRoot || roots.rootOf(r.file));
  let last: FileReport = r;
  const recheck = (next: string) => {
    last = checkOneFile(r.file, site, options, undefined, { text: next, size: Buffer.byteLength(next), mtimeMs: r.mtimeMs });
    last.siteRoot = r.siteRoot;
    return last.findings;
  };
  const fixed = fixText(text, r.findings, recheck);
  if (fixed.text === text) return r;
  if (mode === 'dry-run') diff(unifiedDiff(rel.split(path.sep).join('/'), text, fixed.text));
  else {
    try {
      // not if it changed since it was read
      const st = fs.statSync(r.file);
      if (st.size !== bytes.length || st.mtimeMs !== r.mtimeMs) throw new Error(t('it changed while being checked'));
      writeAtomic(r.file, Buffer.from(fixed.text, 'utf8'));
    } catch (e) {
      console.error(`newspost check: ${t('{0}: not fixed: {1}', rel, e instanceof Error ? e.message : String(e))}`);
      tally.failed++;
      return r;
    }
  }
  tally.posts++;
  for (const f of fixed.fixed) tally.byCode.set(f.code, (tally.byCode.get(f.code) ?? 0) + 1);
  return { ...last, size: Buffer.byteLength(fixed.text) };
}

function fixSummary(tally: FixTally, mode: 'write' | 'dry-run', posts: number, left: string): string {
  const n = [...tally.byCode.values()].reduce((a, b) => a + b, 0);
  const postsText = posts === 1 ? t('1 post') : t('{0} posts', posts);
  if (n === 0) return t('nothing to fix in {0}; left: {1}', postsText, left);
  const problems = n === 1 ? t('1 problem') : t('{0} problems', n);
  const fixedPosts = tally.posts === 1 ? t('1 post') : t('{0} posts', tally.posts);
  const codes = [...tally.byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c, k]) => `${c} ×${k}`).join(', ');
  return mode === 'write'
    ? t('fixed {0} in {1} ({2}); left: {3}', problems, fixedPosts, codes, left)
    : t('would fix {0} in {1} ({2}; nothing written); left after fixing: {3}', problems, fixedPosts, codes, left);
}

/** The summary, and how many of the problems left a rename would fix. */
function fixReportLine(tally: FixTally, mode: 'write' | 'dry-run', posts: number, left: string): string {
  const line = fixSummary(tally, mode, posts, left);
  if (!tally.renames) return line;
  return line + (tally.renames === 1 ? t(' (1 of them is fixed by renaming the file, which --fix does not do)') : t(' ({0} of them are fixed by renaming the file, which --fix does not do)', tally.renames));
}

/**
 * The files the command's paths name (resolveInputs), the ones that name nothing said on stderr; undefined when
 * none names a post (`nothing` says so: the command's own message).
 */
export function inputsOf(command: string, paths: string[], cwd: string, roots: SiteRoots, nothing: (missing: string) => string): ReturnType<typeof resolveInputs> | undefined {
  const inputs = resolveInputs(paths, cwd, roots);
  if (inputs.missing.length && inputs.files.length === 0) {
    console.error(`newspost ${command}: ${nothing(inputs.missing.join(', '))}`);
    return undefined;
  }
  for (const m of inputs.missing) console.error(`newspost ${command}: ${t('no such file or match: {0}', m)}`);
  return inputs;
}

/**
 * The persistent index of a run (`--cache-dir`, else $NEWSPOST_CACHE_DIR, else each site's own), or undefined with
 * `--no-cache`; `write` false: read, never written.
 */
export function openIndex(args: { cache: boolean; cacheDir?: string }, cwd: string, workerScript: string, write: boolean, mode?: 'findings' | 'outcomes'): CheckCache | undefined {
  if (!args.cache) return undefined;
  const cacheDir = args.cacheDir ?? (process.env.NEWSPOST_CACHE_DIR || undefined);
  return new CheckCache(engineKey(workerScript), cacheDir && path.resolve(cwd, cacheDir), write, mode);
}

export async function runCheck(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help());
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`newspost check: ${args}\n${t('Run `newspost check --help` for the options.')}`);
    return 2;
  }
  const t0 = process.hrtime.bigint();
  const cwd = process.cwd();
  const roots = new SiteRoots();
  const inputs = inputsOf('check', args.paths, cwd, roots, m => t('nothing to check: {0}', m));
  if (!inputs) return 2;
  const { files, walked, dirs } = inputs;
  const stdout = process.stdout;
  const output = new Output(args.format, args.fix === 'dry-run' ? undefined : stdout);
  // (negative: the default, one per core, for runs big enough to gain from them)
  const jobs = args.jobs ?? -(os.availableParallelism?.() ?? os.cpus().length);
  // the footer rules judge a post against its whole site: each site's posts are read once for its vocabulary
  const knowledge = !KNOWLEDGE_RULES.every(c => args.disabled.includes(c));
  const sites: { roots: SiteRoots; walked: Set<string>; knowledge?: Record<string, FooterKnowledge> } | undefined = knowledge ? { roots, walked } : undefined;
  const builder = args.builder === 'auto' ? {} : { builder: args.builder, builderFrom: 'flag' as const };
  const options: FileCheckOptions = { disabled: args.disabled, fixes: args.format === 'json' || args.format === 'sarif' || !!args.fix, ...builder };
  const tally: FixTally = { byCode: new Map(), posts: 0, failed: 0, renames: 0 };
  const relOf = relativeTo(cwd);
  const workerScript = path.join(__dirname, 'checkWorker.js');
  // the persistent index (read only with --fix-dry-run)
  const cache = openIndex(args, cwd, workerScript, args.fix !== 'dry-run');
  // the summaries of the posts of sites checked whole, for the site map (small: no text, no findings)
  // (a post from the index reads its summary only when the map is made)
  const indexed = new Map<string, MapPost[]>();
  const threads = await checkStream(files, options, jobs, reports => {
    const findings: Finding[] = [];
    let diffs = '';
    for (const report of reports) {
      if (report.siteRoot && walked.has(report.siteRoot)) {
        let list = indexed.get(report.siteRoot);
        if (!list) indexed.set(report.siteRoot, (list = []));
        // (a report from the index reads its summary when first asked for: the getter is kept, not called)
        const { file, summaryId } = report;
        const lazy = Object.getOwnPropertyDescriptor(report, 'post');
        list.push(lazy?.get ? Object.defineProperty({ file, summaryId } as MapPost, 'post', lazy) : { file, summaryId, post: report.post });
      }
      const rel = relOf(report.file);
      const r = args.fix ? fixReport(report, rel, args.fix, { ...options, footer: sites?.knowledge }, roots, tally, d => { diffs += d; }) : report;
      for (const f of r.findings) {
        findings.push({ file: rel, ...f });
        if (args.fix && f.fixes?.find(x => x.preferred)?.renameTo) tally.renames++;
      }
    }
    const wrote = diffs && !stdout.write(diffs) ? new Promise<void>(resolve => stdout.once('drain', () => resolve())) : undefined;
    const added = output.add(findings);
    return wrote && added ? Promise.all([wrote, added]).then(() => undefined) : wrote ?? added;
  }, sites, workerScript, cache && { cache, roots, dirs });
  // the sites' own problems (plugins GitHub Pages never loads …), on their _config.yml, after their posts
  const siteRoots = [...new Set(files.map(f => roots.rootOf(f)).filter((r): r is string => !!r))].sort();
  const builtSites = siteRoots.map(r => withBuilder(roots.site(r)!, args.builder, 'flag'));
  for (const s of builtSites) await output.add(siteFindings(s, { disabled: args.disabled }).map(f => ({ ...f, file: relOf(f.file) })));
  // the whole site's problems (URL conflicts, duplicate stories, links), when all its posts were checked
  for (const s of builtSites) {
    const reports = indexed.get(s.root);
    if (!reports) continue;
    const mapOptions = { disabled: args.disabled };
    const make = (pages?: PageFile[]) => siteMapFindings(new SiteMap(s, reports, readPages(s, pages)), mapOptions);
    const found = cache ? cache.siteMap(s, reports, mapOptions, make) : make();
    await output.add(found.map(f => ({ ...f, file: relOf(f.file), ...(options.fixes ? { fixes: [] } : {}) })));
  }
  // (what the site maps added to the index)
  cache?.save();
  await output.end(files.length);
  if (args.fix) console.error(`newspost check: ${fixReportLine(tally, args.fix, files.length, output.counts())}`);
  if (args.stats) {
    for (const s of builtSites) {
      console.error(`newspost check: ${t('site {0}: built by {1} ({2})', path.relative(cwd, s.root) || '.', builderName(s.builder), s.builderReason)}`);
    }
    printStats('check', files.length, t0, threads, cache);
  }
  if (tally.failed) return 2;
  return output.count.error > 0 ? 1 : 0;
}
