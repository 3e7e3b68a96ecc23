// `newspost list [paths or globs…] [--format text|json|csv] [--now WHEN] [--builder B] [--jobs N] [--cache-dir DIR]
// [--no-cache] [--stats]`
//
// Every post (and draft) as the site's builder builds it: its fate, title, date, layout, categories, tags and URL,
// one row per file. The same engine and streaming as `newspost check` (worker threads on big sites); the site's
// footer knowledge is not gathered (no rule of it changes what Jekyll does with a post). The persistent index
// keeps each post's row beside its findings: a post unchanged since the last list is not read again.
import * as os from 'os';
import * as path from 'path';
import { FileCheckOptions, FileReport } from '../core/checkFile';
import { SiteRoots } from '../core/postFiles';
import { t } from '../core/l10n';
import { BuilderSetting, isBuilderSetting } from '../core/builder';
import { JekyllOutcome } from '../core/types';
import { formatInZone } from '../core/timezone';
import { checkStream, inputsOf, openIndex, printStats, relativeTo } from './check';
import { unknownOption } from './args';

const FORMATS = ['text', 'json', 'csv'] as const;
type Format = typeof FORMATS[number];

/** One row of `newspost list`. */
export interface ListRow {
  /** Relative to the current folder, as `newspost check` prints it. */
  file: string;
  fate: JekyllOutcome['fate'];
  title: string | null;
  /** `YYYY-MM-DD HH:MM:SS +ZZZZ` in the site's zone (the machine's when the site sets none). */
  date: string | null;
  layout: string | null;
  categories: string[];
  tags: string[];
  /** page.url: site-relative, escaped as Jekyll escapes it. */
  url: string | null;
  /** A draft (`_drafts/`): built only with `jekyll build --drafts`. */
  draft?: true;
}

const help = () => t(`usage: newspost list [paths or globs…] [options]

Lists every post (.md, .markdown, .html under _posts/ or _drafts/) as the site's builder builds it: one row per
file with its fate (built, skipped, unpublished, future, abort), title, date, layout, categories, tags and URL.
With no path: the posts of the site in the current folder (the nearest folder with a _config.yml).

  --format text    one line per post: file, fate, date, URL, title, separated by tabs (default)
  --format json    an array of {file, fate, title, date, layout, categories, tags, url} (drafts: draft: true)
  --format csv     the same fields as CSV with a header row (categories and tags joined by spaces)
  --now WHEN       the time that decides which posts are in the future (ISO 8601 or YYYY-MM-DD HH:MM:SS +ZZZZ)
  --builder B      list every site as built by B: github-pages, jekyll-4, jekyll-3 or auto (detected; the default)
  --jobs N         worker threads (default: one per CPU core from 2,000 posts on; 0: in the main thread)
  --cache-dir DIR  keep the index of each site in DIR (default: $NEWSPOST_CACHE_DIR, else the site's
                   .jekyll-cache/newspost/, shared with newspost check)
  --no-cache       neither read nor write the index: read every post (as a run with --now does)
  --stats          the index's use, posts/s and peak memory, to stderr
  -h, --help       this help

Dates are in the zone the site's timezone: setting names (the machine's when it names none, as in Jekyll);
the URL is the site-relative page.url, without baseurl. Exit status: 0, or 2 on bad usage.`);

interface Args { paths: string[]; format: Format; now?: number; jobs?: number; builder: BuilderSetting; cache: boolean; cacheDir?: string; stats: boolean }

/** `--now`: ISO 8601, or Jekyll's own `YYYY-MM-DD HH:MM:SS +ZZZZ`. */
export function parseNow(v: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d)?)\s*([+-]\d\d):?(\d\d)$/.exec(v.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) : Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { paths: [], format: 'text', builder: 'auto', cache: true, stats: false };
  let onlyPaths = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyPaths) { out.paths.push(a); continue; }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? (args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : undefined);
    if (flag === '--format' || flag === '-f') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v ?? '')) return t('--format takes text, json or csv (got {0})', v ?? '');
      out.format = v as Format;
    } else if (flag === '--now') {
      const v = value();
      const ms = v === undefined ? undefined : parseNow(v);
      if (ms === undefined) return t('--now takes a time such as 2026-01-31T12:00:00Z or "2026-01-31 20:00:00 +0800" (got {0})', v ?? '');
      out.now = ms;
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
    } else if (flag === '--no-cache' || flag === '--stats') {
      if (inline !== undefined) return t('{0} takes no value', flag);
      if (flag === '--no-cache') out.cache = false;
      else out.stats = true;
    } else if (a === '--') onlyPaths = true;
    else if (a.startsWith('-') && a !== '-') return unknownOption(a, ['--format', '--now', '--builder', '--jobs', '--cache-dir', '--no-cache', '--stats', '--help']);
    else out.paths.push(a);
  }
  return out;
}

/** The machine's time zone (what Ruby's Time uses when the site sets no `timezone:`); undefined for UTC. */
export function machineZone(): string | undefined {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return !tz || /^(Etc\/)?(UTC|GMT|Universal|Zulu)$/i.test(tz) ? undefined : tz;
}

/** The row of a checked post. `now` stands for the build's time where Jekyll dates a post by it. */
export function rowOf(file: string, report: FileReport, now: number, zone: string | undefined): ListRow {
  const j: JekyllOutcome = report.jekyll ?? { fate: report.post.fate, frontMatter: report.post.frontMatter, title: report.post.title, date: report.post.date, url: report.post.url };
  const read = j.fate !== 'skipped';
  const row: ListRow = {
    file,
    fate: j.fate,
    title: read && j.title != null ? String(j.title) : null,
    date: !read || j.date === undefined ? null : j.date === 'build-time' ? formatInZone(now, zone) : j.date,
    layout: read ? j.layout ?? null : null,
    categories: read ? j.categories ?? [] : [],
    tags: read ? j.tags ?? [] : [],
    url: read ? j.url ?? null : null,
  };
  if (/(^|[\\/])_drafts[\\/]/.test(file)) row.draft = true;
  return row;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const FIELDS = ['file', 'fate', 'title', 'date', 'layout', 'categories', 'tags', 'url'] as const;

function formatRows(rows: ListRow[], format: Format, first: boolean): string {
  if (format === 'json') {
    const items = rows.map(r => JSON.stringify(r, null, 2).replace(/^/gm, '  ')).join(',\n');
    return rows.length ? (first ? '[\n' : ',\n') + items : '';
  }
  if (format === 'csv') {
    return rows.map(r => FIELDS.map(f => {
      const v = r[f];
      return csvCell(Array.isArray(v) ? v.join(' ') : v ?? '');
    }).join(',') + '\r\n').join('');
  }
  return rows.map(r => [r.file, r.fate + (r.draft ? ' (draft)' : ''), r.date ?? '-', r.url ?? '-', r.title ?? ''].join('\t') + '\n').join('');
}

export async function runList(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help());
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`newspost list: ${args}\n${t('Run `newspost list --help` for the options.')}`);
    return 2;
  }
  const t0 = process.hrtime.bigint();
  const cwd = process.cwd();
  const roots = new SiteRoots();
  const inputs = inputsOf('list', args.paths, cwd, roots, m => t('nothing to list: {0}', m));
  if (!inputs) return 2;
  const { files, walked, dirs } = inputs;
  const now = args.now ?? Date.now();
  const zone = machineZone();
  const jobs = args.jobs ?? -(os.availableParallelism?.() ?? os.cpus().length);
  const builder = args.builder === 'auto' ? {} : { builder: args.builder, builderFrom: 'flag' as const };
  const options: FileCheckOptions = { now, outcome: true, defaultTimezone: zone, ...builder };
  const relOf = relativeTo(cwd);
  const stdout = process.stdout;
  const fates = new Map<string, number>();
  let first = true;
  if (args.format === 'csv') stdout.write(FIELDS.join(',') + '\r\n');
  // the persistent index (not with --now: a row kept is one of the present)
  const workerScript = path.join(__dirname, 'checkWorker.js');
  const cache = args.now === undefined ? openIndex(args, cwd, workerScript, true, 'outcomes') : undefined;
  const threads = await checkStream(files, options, jobs, reports => {
    const rows = reports.map(r => rowOf(relOf(r.file), r, now, roots.site(roots.rootOf(r.file))?.config.timezone ?? zone));
    for (const r of rows) fates.set(r.fate, (fates.get(r.fate) ?? 0) + 1);
    const s = formatRows(rows, args.format, first);
    if (rows.length) first = false;
    if (!s || stdout.write(s)) return undefined;
    return new Promise<void>(resolve => stdout.once('drain', () => resolve()));
  }, undefined, workerScript, cache && { cache, roots, dirs, walked });
  if (args.format === 'json') stdout.write(first ? '[]\n' : '\n]\n');
  const counts = ['built', 'future', 'unpublished', 'skipped', 'abort'].filter(f => fates.get(f)).map(f => `${fates.get(f)} ${f}`).join(', ');
  console.error(`newspost list: ${files.length === 1 ? t('1 post') : t('{0} posts', files.length)}${counts ? ` (${counts})` : ''}`);
  if (args.stats) printStats('list', files.length, t0, threads, cache);
  return 0;
}
