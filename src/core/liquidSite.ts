/**
 * What a site's Liquid can see and call, read from the site's own files once and kept with the Site: `_config.yml`
 * as Jekyll holds it (`site.*`), `_data/` (`site.data.*`, read when first used), the tags and filters of its
 * `_plugins/` (not on GitHub Pages, which runs in safe mode), the posts that `{% post_url %}` can name and the
 * files `{% link %}` can name. The builder decides the filters (Jekyll 3.10 has no `find`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { Site } from './site';
import { walk } from './files';
import { PLUGIN_TAGS } from './liquid';

export type LiquidBuilder = 'github-pages' | 'jekyll-3' | 'jekyll-4';

/**
 * The filters of Liquid 4.0.4 (StandardFilters) and Jekyll (Filters, URLFilters, GroupingFilters, DateFilters) with
 * their arity as Ruby counts it (the input is the first argument): [required, most]. Read off the methods' parameters
 * in the vendored gems of ../shared/jekyll-oracles (test/unit/liquid-diff.test.ts checks them there).
 */
const ARITY_3 = 'abs:1:1 absolute_url:1:1 append:2:2 array_to_sentence_string:1:2 at_least:2:2 at_most:2:2 capitalize:1:1 ceil:1:1 ' +
  'cgi_escape:1:1 compact:1:2 concat:2:2 date:2:2 date_to_long_string:1:3 date_to_rfc822:1:1 date_to_string:1:3 date_to_xmlschema:1:1 ' +
  'default:1:2 divided_by:2:2 downcase:1:1 escape:1:1 escape_once:1:1 first:1:1 floor:1:1 group_by:2:2 group_by_exp:3:3 h:1:1 inspect:1:1 ' +
  'join:1:2 jsonify:1:1 last:1:1 lstrip:1:1 map:2:2 markdownify:1:1 minus:2:2 modulo:2:2 newline_to_br:1:1 normalize_whitespace:1:1 ' +
  'number_of_words:1:1 plus:2:2 pop:1:2 prepend:2:2 push:2:2 relative_url:1:1 remove:2:2 remove_first:2:2 replace:2:3 replace_first:2:3 ' +
  'reverse:1:1 round:1:2 rstrip:1:1 sample:1:2 sassify:1:1 scssify:1:1 shift:1:2 size:1:1 slice:2:3 slugify:1:2 smartify:1:1 sort:1:3 ' +
  'sort_natural:1:2 split:2:2 strip:1:1 strip_html:1:1 strip_index:1:1 strip_newlines:1:1 times:2:2 to_integer:1:1 truncate:1:3 ' +
  'truncatewords:1:3 uniq:1:2 unshift:2:2 upcase:1:1 uri_escape:1:1 url_decode:1:1 url_encode:1:1 where:3:3 where_exp:3:3 xml_escape:1:1';
/** Jekyll 4.4 adds find and find_exp, and number_of_words takes a mode. */
const ARITY_4 = ARITY_3.replace('number_of_words:1:1', 'number_of_words:1:2') + ' find:3:3 find_exp:3:3';
/** Filters of the plugins GitHub Pages whitelists (jemoji, jekyll-mentions). */
const PAGES_PLUGIN_ARITY = 'emojify:1:1 mentionify:1:1';

function arities(spec: string): Map<string, [number, number]> {
  return new Map(spec.split(' ').map(e => { const [n, a, b] = e.split(':'); return [n, [Number(a), Number(b)] as [number, number]]; }));
}

/** The filters a builder has, with their arity ([required, most] counting the input; most -1: any). */
export function liquidFilterArity(builder: LiquidBuilder): Map<string, [number, number]> {
  const m = arities(builder === 'jekyll-4' ? ARITY_4 : ARITY_3);
  if (builder === 'github-pages') for (const [k, v] of arities(PAGES_PLUGIN_ARITY)) m.set(k, v);
  return m;
}

export function liquidFilters(builder: LiquidBuilder): ReadonlySet<string> {
  return new Set(liquidFilterArity(builder).keys());
}

/** Keys Jekyll's Configuration::DEFAULTS always sets: `site.X` for them is never "not set". */
export const CONFIG_DEFAULT_KEYS = ['source', 'destination', 'collections_dir', 'cache_dir', 'plugins_dir', 'layouts_dir', 'data_dir',
  'includes_dir', 'collections', 'safe', 'include', 'exclude', 'keep_files', 'encoding', 'markdown_ext', 'strict_front_matter',
  'show_drafts', 'limit_posts', 'future', 'unpublished', 'whitelist', 'plugins', 'markdown', 'highlighter', 'lsi', 'excerpt_separator',
  'incremental', 'detach', 'port', 'host', 'baseurl', 'show_dir_listing', 'permalink', 'paginate_path', 'timezone', 'quiet', 'verbose',
  'defaults', 'liquid', 'kramdown'];
/** What Jekyll's SiteDrop computes (the site's contents: not known to a one-post check). */
export const SITE_COMPUTED = ['posts', 'pages', 'categories', 'tags', 'collections', 'documents', 'static_files', 'html_pages',
  'html_files', 'related_posts', 'time', 'data'];
/** What jekyll-github-metadata adds on GitHub Pages (known only to the live build: it asks GitHub's API). */
export const PAGES_SITE_KEYS = ['github', 'url', 'baseurl', 'title', 'description', 'repository'];

export interface LiquidSite {
  builder: LiquidBuilder;
  config: Record<string, unknown>;
  filters: ReadonlySet<string>;
  /** [required, most] arguments of each known filter (the input counts; most -1: any, e.g. a plugin's). */
  arity: Map<string, [number, number]>;
  /** Tags of the plugins the site loads (its gems, its theme's, GitHub Pages' defaults) and of its own `_plugins/` (not in safe mode). */
  pluginTags: string[];
  pluginBlocks: string[];
  /** The site's plugins may set any `page.*`/`site.*` key: such keys are not judged. */
  hasPlugins: boolean;
  data(): Record<string, unknown>;
  /** `_posts/…` paths relative to the site root (`/`-separated), for `{% post_url %}`. */
  postPaths(): string[];
  /** Whether `{% link path %}` finds a file. */
  fileExists(rel: string): boolean;
}

/** By the site's config object (a site judged as another builder is a copy that shares it), then by builder. */
const cache = new WeakMap<object, Map<LiquidBuilder, { at: number; value: LiquidSite }>>();
/** How long the site's listings are trusted (the editor sees posts come and go). */
const TTL_MS = 20_000;

export function builderOf(site?: Site): LiquidBuilder {
  const b = (site as { builder?: string } | undefined)?.builder;
  return b === 'github-pages' || b === 'jekyll-3' || b === 'jekyll-4' ? b : 'jekyll-4';
}

export function liquidSite(site: Site, now = Date.now()): LiquidSite {
  let byBuilder = cache.get(site.config);
  if (!byBuilder) cache.set(site.config, (byBuilder = new Map()));
  const builder = builderOf(site);
  const hit = byBuilder.get(builder);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = readLiquidSite(site);
  byBuilder.set(builder, { at: now, value });
  return value;
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8'), { version: '1.1', uniqueKeys: false, merge: true, maxAliasCount: -1 });
  } catch {
    return undefined;
  }
}

function readLiquidSite(site: Site): LiquidSite {
  const builder = builderOf(site);
  // what parseConfig read (nothing when _config.yml is missing or not YAML: Jekyll's defaults only)
  const config = site.config.raw ?? {};
  const safe = builder === 'github-pages' || config.safe === true;
  const pluginsDir = typeof config.plugins_dir === 'string' ? config.plugins_dir : '_plugins';
  const pluginTags: string[] = [];
  const pluginBlocks: string[] = [];
  const pluginFilters: string[] = [];
  let hasPlugins = false;
  if (!safe) {
    for (const file of safeWalk(path.join(site.root, pluginsDir), f => f.endsWith('.rb'))) {
      hasPlugins = true;
      let src = '';
      try { src = fs.readFileSync(file, 'utf8'); } catch { continue; }
      const block = /<\s*Liquid::Block\b/.test(src);
      for (const m of src.matchAll(/register_tag\s*\(?\s*["':]([\w]+)["']?/g)) (block ? pluginBlocks : pluginTags).push(m[1]);
      if (/register_filter/.test(src)) for (const m of src.matchAll(/^\s*def\s+([a-z_]\w*[?!]?)/gm)) pluginFilters.push(m[1]);
    }
  }
  // gems the site names, and what a theme brings (the GitHub Pages themes and minima load jekyll-seo-tag; GitHub Pages
  // always has a theme, primer by default, and loads jekyll-gist and jekyll-github-metadata)
  const gems = [config.plugins, config.gems].flatMap(v => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
  if (typeof config.theme === 'string' || builder === 'github-pages') gems.push('jekyll-seo-tag', 'jekyll-feed');
  if (builder === 'github-pages') gems.push('jekyll-gist', 'jekyll-github-metadata');
  for (const g of gems) pluginTags.push(...(PLUGIN_TAGS[g] ?? []));
  const arity = liquidFilterArity(builder);
  for (const f of pluginFilters) if (!arity.has(f)) arity.set(f, [0, -1]);
  const filters = new Set(arity.keys());
  let data: Record<string, unknown> | undefined;
  let posts: string[] | undefined;
  const exists = new Map<string, boolean>();
  return {
    builder, config, filters, arity, pluginTags, pluginBlocks, hasPlugins,
    data: () => (data ??= readData(path.join(site.root, typeof config.data_dir === 'string' ? config.data_dir : '_data'))),
    postPaths: () => (posts ??= listPosts(site.root)),
    fileExists: rel => {
      let v = exists.get(rel);
      if (v === undefined) {
        const p = path.join(site.root, rel.replace(/^\/+/, ''));
        try { v = fs.statSync(p).isFile() && path.resolve(p).startsWith(path.resolve(site.root)); } catch { v = false; }
        exists.set(rel, v);
      }
      return v;
    },
  };
}

function* safeWalk(dir: string, keep: (f: string) => boolean): Generator<string> {
  try {
    if (!fs.statSync(dir).isDirectory()) return;
  } catch {
    return;
  }
  yield* walk(dir, keep);
}

/** `_data/` as Jekyll's DataReader reads it: YAML, JSON, CSV and TSV files, folders as nested hashes. */
function readData(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) { out[e.name] = readData(full); continue; }
    const ext = path.extname(e.name).toLowerCase();
    const key = path.basename(e.name, path.extname(e.name));
    try {
      if (ext === '.yml' || ext === '.yaml') out[key] = readYaml(full);
      else if (ext === '.json') out[key] = JSON.parse(fs.readFileSync(full, 'utf8'));
      else if (ext === '.csv' || ext === '.tsv') out[key] = readTable(fs.readFileSync(full, 'utf8'), ext === '.csv' ? ',' : '\t');
    } catch { /* Jekyll would fail on it; not this check's business */ }
  }
  return out;
}

function readTable(text: string, sep: string): Record<string, string>[] {
  const rows = text.split(/\r?\n/).filter(l => l.length).map(l => l.split(sep).map(c => c.replace(/^"|"$/g, '')));
  const [head, ...rest] = rows;
  return head ? rest.map(r => Object.fromEntries(head.map((h, i) => [h, r[i] ?? '']))) : [];
}

/** Every file under a `_posts` folder of the site (at any depth: category folders hold their own `_posts`). */
function listPosts(root: string): string[] {
  const out: string[] = [];
  for (const file of walk(root, f => f.includes(`${path.sep}_posts${path.sep}`))) {
    out.push(path.relative(root, file).split(path.sep).join('/'));
  }
  return out;
}

/** Jekyll's PostComparer: does `{% post_url name %}` name this post (path relative to the site root)? */
export function postUrlMatches(name: string, relPath: string): boolean {
  const m = /^(.+\/)*(\d+-\d+-\d+)-(.*)$/.exec(name.replace(/^\//, ''));
  if (!m) return false;
  const dir = m[1] ?? '';
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const base = `${m[2]}-${esc(m[3])}\\.[^.]+`;
  return new RegExp(`^_posts/${esc(dir)}${base}|^${esc(dir)}_posts/?${base}`).test(relPath);
}

/** Jekyll's deprecated fallback: the same date and slug anywhere (with a deprecation warning). */
export function postUrlMatchesLoosely(name: string, relPath: string): boolean {
  const m = /^(.+\/)*(\d+-\d+-\d+)-(.*)$/.exec(name.replace(/^\//, ''));
  if (!m) return false;
  const base = relPath.slice(relPath.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  return base === `${m[2]}-${m[3]}`;
}
