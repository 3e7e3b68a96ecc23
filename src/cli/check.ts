// `newspost check [paths or globs…] [--format text|json|sarif] [--disable codes] [--jobs N]`
//
// Streams: files are found without reading them, checked in batches by worker threads (both cores), and each
// batch's findings are written out (in file order) as soon as the batches before it are done, so a site of
// 100,000 posts never sits in memory, neither as texts nor as findings.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileCheckOptions, FileFinding, FileReport } from '../core/checkFile';
import { CheckPool } from '../core/checkPool';
import { SiteRoots, isJekyllPost, walkFiles } from '../core/postFiles';
import { KNOWLEDGE_RULES, readCategoryPages, readFooterSettings } from '../core/footerSite';
import { FooterKnowledge } from '../core/footerKnowledge';
import { addPostToVocabulary, emptyVocabulary } from '../core/vocabulary';
import { expandGlob } from '../core/files';
import { RULES } from '../core/rules';
import { Severity } from '../core/types';
import { t } from '../core/l10n';
import { BuilderSetting, builderName, isBuilderSetting } from '../core/builder';
import { withBuilder } from '../core/site';
import { siteFindings } from '../core/siteRules';

/** A problem of a file, as the CLI prints it (1-based positions). */
export interface Finding extends FileFinding {
  file: string;
}

/** The help text (a function: the catalog is loaded after this module). */
const help = () => t(`usage: newspost check [paths or globs…] [--format text|json|sarif] [--disable code,code] [--jobs N] [--builder B]

Checks Jekyll posts (.md, .markdown, .html under _posts/ or _drafts/) as the site's builder reads them:
GitHub Pages when the site has no Gemfile, else the Jekyll its Gemfile, Gemfile.lock or workflow names.
With no path: the posts of the site in the current folder (the nearest folder with a _config.yml).
A folder means every post below it; a glob (quote it) is matched against file paths.

  --format text   one line per problem: file:line:column: severity: message [code] (default)
  --format json   an array of {file, line, column, endLine, endColumn, severity, code, message}, 1-based
  --format sarif  SARIF 2.1.0, for code-scanning tools
  --disable LIST  skip these rule codes (comma-separated)
  --jobs N        worker threads (default: one per CPU core from 2,000 posts on; 0: check in the main thread)
  --builder B     judge every site as built by B: github-pages, jekyll-4, jekyll-3 or auto (detected; the default)
  --stats         print each site's builder, posts/s, threads and peak memory to stderr at the end

A post that is huge, binary, not UTF-8 or unreadable is reported as a problem of its own; the run goes on.
Exit status: 0 no error, 1 at least one error, 2 bad usage.`);

interface Args { paths: string[]; format: 'text' | 'json' | 'sarif'; disabled: string[]; jobs?: number; stats: boolean; builder: BuilderSetting }

function parseArgs(args: string[]): Args | string {
  const out: Args = { paths: [], format: 'text', disabled: [], stats: false, builder: 'auto' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--format' || flag === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return v === undefined ? t('--format takes text, json or sarif (got nothing)') : t('--format takes text, json or sarif (got {0})', v);
      out.format = v;
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
    } else if (flag === '--stats') out.stats = true;
    else if (a.startsWith('-')) return t('unknown option {0}', a);
    else out.paths.push(a);
  }
  for (const c of out.disabled) if (!RULES[c]) return t("unknown rule code '{0}'", c);
  return out;
}

/**
 * The posts the arguments name, in order and without duplicates: files as given, folders walked, globs
 * expanded; only what Jekyll reads as a post (found from names alone: nothing is read or stat'ed here).
 */
export function resolveInputs(paths: string[], cwd: string, roots = new SiteRoots()): { files: string[]; missing: string[]; walked: Set<string> } {
  const walked = new Set<string>();
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
    for (const f of walkFiles(dir, f => isJekyllPost(f, roots))) add(f);
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
  return { files, missing, walked };
}

/** Writes findings as they come, in one of the three formats; knows the totals at the end. */
class Output {
  readonly count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private first = true;
  private tail = '';

  constructor(private readonly format: Args['format'], private readonly out: NodeJS.WritableStream) {}

  private write(s: string): Promise<void> | undefined {
    if (!s || this.out.write(s)) return undefined;
    return new Promise(resolve => this.out.once('drain', () => resolve()));
  }

  /** Writes a batch; the promise (if any) resolves when the stream can take more. */
  add(findings: Finding[]): Promise<void> | undefined {
    for (const f of findings) this.count[f.severity]++;
    if (findings.length === 0) return undefined;
    let s = '';
    if (this.format === 'text') {
      for (const f of findings) s += `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`;
    } else {
      const indent = this.format === 'json' ? '  ' : '        ';
      const items = findings.map(f => JSON.stringify(this.format === 'json' ? f : sarifResult(f), null, 2).replace(/^/gm, indent));
      if (this.first) s = this.format === 'json' ? '[\n' : this.sarifHead();
      else s = ',\n';
      s += items.join(',\n');
    }
    this.first = false;
    return this.write(s);
  }

  private sarifHead(): string {
    const [head, tail] = JSON.stringify(sarifLog([]), null, 2).split('"results": []');
    this.tail = '\n      ]' + tail;
    return head + '"results": [\n';
  }

  async end(posts: number): Promise<void> {
    if (this.format === 'json') await this.write(this.first ? '[]\n' : '\n]\n');
    else if (this.format === 'sarif') await this.write(this.first ? JSON.stringify(sarifLog([]), null, 2) + '\n' : this.tail + '\n');
    else {
      const { error: e, warning: w, info: i } = this.count;
      await this.write(t('{0}, {1}, {2} in {3}',
        e === 1 ? t('1 error') : t('{0} errors', e),
        w === 1 ? t('1 warning') : t('{0} warnings', w),
        i === 1 ? t('1 info') : t('{0} infos', i),
        posts === 1 ? t('1 post') : t('{0} posts', posts)) + '\n');
    }
  }
}

const sarifLevel = (s: Severity) => (s === 'info' ? 'note' : s);

function sarifResult(f: Finding): unknown {
  return {
    ruleId: f.code, level: sarifLevel(f.severity), message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file.split(path.sep).join('/') }, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } }],
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
 * `sites.walked` names the sites whose every post is among the files (no second walk of those).
 */
export async function checkStream(files: string[], options: FileCheckOptions, jobs: number, emit: (reports: FileReport[]) => Promise<void> | undefined, sites?: { roots: SiteRoots; walked: Set<string> }, workerScript = path.join(__dirname, 'checkWorker.js')): Promise<number> {
  // (starting workers and loading the checker in each costs more than it saves on a small run, unless asked for)
  const small = jobs < 0 ? files.length < INLINE_BELOW : files.length < BATCH * 2;
  const threads = small || !fs.existsSync(workerScript) ? 0 : Math.min(Math.abs(jobs), Math.ceil(files.length / BATCH));
  const pool = new CheckPool(workerScript, threads);
  // a worker that died (it should not) costs its batch nothing: it is done again in this thread
  const fallback = new CheckPool(workerScript, 0);
  try {
    if (sites) {
      const knowledge = await siteKnowledge(pool, fallback, files, sites.roots, sites.walked, threads * 3);
      await pool.setKnowledge(knowledge);
      await fallback.setKnowledge(knowledge);
    }
    // each batch to the worker that read it for the vocabulary: it kept the texts and their facts
    let b = 0;
    await inBatches(files, BATCH, threads * 3, batch => {
      const slot = b++;
      return pool.check(batch, options, undefined, slot).catch(() => fallback.check(batch, options));
    }, emit);
  } finally {
    await pool.terminate();
  }
  return threads;
}

export async function runCheck(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help());
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`newspost check: ${args}\n\n${help()}`);
    return 2;
  }
  const t0 = process.hrtime.bigint();
  const cwd = process.cwd();
  const roots = new SiteRoots();
  const { files, missing, walked } = resolveInputs(args.paths, cwd, roots);
  if (missing.length && files.length === 0) {
    console.error(`newspost check: ${t('nothing to check: {0}', missing.join(', '))}`);
    return 2;
  }
  for (const m of missing) console.error(`newspost check: ${t('no such file or match: {0}', m)}`);
  const output = new Output(args.format, process.stdout);
  // (negative: the default, one per core, for runs big enough to gain from them)
  const jobs = args.jobs ?? -(os.availableParallelism?.() ?? os.cpus().length);
  // the footer rules judge a post against its whole site: each site's posts are read once for its vocabulary
  const knowledge = !KNOWLEDGE_RULES.every(c => args.disabled.includes(c));
  const builder = args.builder === 'auto' ? {} : { builder: args.builder, builderFrom: 'flag' as const };
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  const relOf = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(cwd, file) || file);
  const threads = await checkStream(files, { disabled: args.disabled, ...builder }, jobs, reports => {
    const findings: Finding[] = [];
    for (const r of reports) {
      const rel = relOf(r.file);
      for (const f of r.findings) findings.push({ file: rel, ...f });
    }
    return output.add(findings);
  }, knowledge ? { roots, walked } : undefined);
  // the sites' own problems (plugins GitHub Pages never loads …), on their _config.yml, after their posts
  const siteRoots = [...new Set(files.map(f => roots.rootOf(f)).filter((r): r is string => !!r))].sort();
  const builtSites = siteRoots.map(r => withBuilder(roots.site(r)!, args.builder, 'flag'));
  for (const s of builtSites) await output.add(siteFindings(s, { disabled: args.disabled }).map(f => ({ ...f, file: relOf(f.file) })));
  await output.end(files.length);
  if (args.stats) {
    for (const s of builtSites) {
      console.error(`newspost check: ${t('site {0}: built by {1} ({2})', path.relative(cwd, s.root) || '.', builderName(s.builder), s.builderReason)}`);
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const rss = process.resourceUsage().maxRSS / 1024;
    const figures = [files.length, secs.toFixed(2), Math.round(files.length / secs), threads, rss.toFixed(0)];
    console.error(`newspost check: ${threads === 1
      ? t('{0} posts in {1} s = {2} posts/s; {3} worker thread; peak memory {4} MB', ...figures)
      : t('{0} posts in {1} s = {2} posts/s; {3} worker threads; peak memory {4} MB', ...figures)}`);
  }
  return output.count.error > 0 ? 1 : 0;
}
