/**
 * The post as the site shows it ("Site page" preview): the body's Liquid run first (as Jekyll does), the body
 * rendered and stripped as in the article view, then the layout chain (`layout:` → the layout's own `layout:` …)
 * rendered with liquidjs set up as Jekyll's Liquid (liquidEval.ts) with the site's `_includes`, `site` (config,
 * data, posts in the builder's order, categories, tags) and `page` (front matter and defaults, url, date, excerpt,
 * previous/next). A theme gem the site does not contain is taken from the copies the extension ships (themesDir).
 *
 * What the layouts print is parsed and written out again through the preview's sanitiser: no script runs (each
 * is removed and counted), stylesheets only from the site's folder or the theme copy (mapped through `toUri`),
 * images as in the body. Pure: files are read with fs, nothing of VS Code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tag, TagToken, TopLevelToken, Liquid, Context, Emitter } from 'liquidjs';
import type { FS } from 'liquidjs';
import { parse as parseYaml } from 'yaml';
import { Site, defaultsFor } from './site';
import { splitFrontMatter, parseFrontMatter } from './frontmatter';
import { checkPost, relativeToSite } from './check';
import { JekyllOutcome } from './types';
import { liquidSite, LiquidSite, postUrlMatches } from './liquidSite';
import { jekyllEngine, PageEngineSetup, bodyBlock } from './liquidEval';
import { renderBody, bodyRange, plainMarkdown, RenderOptions, RenderedBody, bodyKindOf } from './render';
import { parseHtml, HElement, HNode, HRoot } from './htmlTree';
import { serialize, classifyUrl } from './sanitize';
import { GITHUB_PAGES_DEFAULT_THEME } from './builder';
import { walk } from './files';
import { formatInZone } from './timezone';

/** The themes the extension ships (media/themes/NAME): gem name → folder. */
export const SHIPPED_THEMES: Record<string, string> = {
  'jekyll-theme-minimal': 'minimal',
  'jekyll-theme-primer': 'primer',
};

/** Where `{{ content }}` of the layouts goes (a private-use character pair no post or layout writes). */
const SLOT = '\uE000np-content\uE001';

export interface SitePageInput {
  text: string;
  /** The post's file path. */
  path: string;
  site: Site;
  /** The folder holding the shipped themes (media/themes). */
  themesDir?: string;
  now?: number;
}

export interface SitePageOptions extends RenderOptions {
  /** Maps a file of the site (or of a shipped theme) to the URL the page loads it from (a webview URI). */
  toUri?: (file: string) => string | undefined;
}

export interface SitePage {
  /** `page.url`. */
  url: string;
  /** The page before the post's content (from `<body>` on, sanitised), and after it. */
  before: string;
  after: string;
  /** `<link rel="stylesheet">` URLs the page loads (mapped). */
  stylesheets: string[];
  title: string;
  lang?: string;
  bodyClass?: string;
  /** The body, rendered, stripped and sanitised (blocks, as the article view). */
  body: RenderedBody;
  /** The layouts used, innermost first. */
  layouts: string[];
  /** Tags of plugins the preview does not run (rendered as nothing). */
  skippedTags: string[];
  /** Scripts removed from the page (the post's and the layouts'). */
  scripts: number;
  /** The theme the site names that neither the site nor the extension has. */
  missingTheme?: string;
  /** The theme copy of the extension used (its gem name). */
  shippedTheme?: string;
  /** Includes that were not found (Jekyll would stop the build). */
  missingIncludes: string[];
  /** An error of the Liquid run (the page falls back to the body alone). */
  error?: string;
}

interface LayoutFile {
  file: string;
  mtime: number;
  data: Record<string, unknown>;
  body: string;
  /** Parsed by each engine (a theme copy's layout serves several sites, each with its own includes). */
  parsed: WeakMap<Liquid, unknown>;
}
const layoutCache = new Map<string, LayoutFile>();

function readLayout(file: string): LayoutFile | undefined {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { return undefined; }
  const hit = layoutCache.get(file);
  if (hit && hit.mtime === st.mtimeMs) return hit;
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch { return undefined; }
  const split = splitFrontMatter(text);
  let data: Record<string, unknown> = {};
  let body = text;
  if (split.kind === 'ok') {
    try {
      const y = parseYaml(text.slice(split.yamlStart, split.yamlEnd), { version: '1.1' });
      if (y && typeof y === 'object') data = y as Record<string, unknown>;
    } catch { /* a layout's bad front matter: read as none */ }
    body = text.slice(split.bodyStart);
  }
  const v = { file, mtime: st.mtimeMs, data, body, parsed: new WeakMap<Liquid, unknown>() };
  layoutCache.set(file, v);
  return v;
}

/** The theme gem a site uses: `theme:`, else GitHub Pages' default (primer); `remote_theme:` is named as missing. */
export function themeOf(site: Site): string | undefined {
  const raw = site.config.raw ?? {};
  if (typeof raw.theme === 'string' && raw.theme) return raw.theme;
  if (typeof raw.remote_theme === 'string' && raw.remote_theme) return raw.remote_theme;
  return site.builder === 'github-pages' ? GITHUB_PAGES_DEFAULT_THEME : undefined;
}

/** Whether the site has layouts of its own or through a theme (then "Site page" is the preview's default). */
export function siteHasLayouts(site: Site | undefined): boolean {
  return !!site && (site.layouts.size > 0 || !!(themeOf(site) && SHIPPED_THEMES[themeOf(site)!]));
}

interface Folders { site: string; theme?: string; includes: string[]; layouts: string[] }

function folders(site: Site, themesDir?: string): Folders & { missingTheme?: string; shippedTheme?: string } {
  const raw = site.config.raw ?? {};
  const theme = themeOf(site);
  let themeDir: string | undefined;
  let missingTheme: string | undefined;
  let shippedTheme: string | undefined;
  if (theme) {
    const shipped = SHIPPED_THEMES[theme];
    if (shipped && themesDir) { themeDir = path.join(themesDir, shipped); shippedTheme = theme; } else missingTheme = theme;
  }
  const incDir = typeof raw.includes_dir === 'string' ? raw.includes_dir : '_includes';
  const layDir = typeof raw.layouts_dir === 'string' ? raw.layouts_dir : '_layouts';
  return {
    site: site.root, theme: themeDir, missingTheme, shippedTheme,
    includes: [path.join(site.root, incDir), ...(themeDir ? [path.join(themeDir, '_includes')] : [])],
    layouts: [path.join(site.root, layDir), ...(themeDir ? [path.join(themeDir, '_layouts')] : [])],
  };
}

function findLayout(f: Folders, name: string): LayoutFile | undefined {
  for (const dir of f.layouts) {
    for (const ext of ['.html', '.htm', '.md', '.markdown', '']) {
      const l = readLayout(path.join(dir, name + ext));
      if (l) return l;
    }
  }
  return undefined;
}

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** Parsed includes kept while their file is unchanged (liquidjs' template cache, checked against the file's mtime). */
function includesCache(f: Folders) {
  const m = new Map<string, { file?: string; mtime: number; value: unknown }>();
  const stamp = (key: string) => {
    const file = findInclude(f, key);
    try { return { file, mtime: file ? fs.statSync(file).mtimeMs : -1 }; } catch { return { file, mtime: -1 }; }
  };
  return {
    read: (key: string) => {
      const hit = m.get(key);
      if (!hit) return undefined;
      const s = stamp(key);
      return s.file === hit.file && s.mtime === hit.mtime ? hit.value : undefined;
    },
    write: (key: string, value: unknown) => { m.set(key, { ...stamp(key), value }); },
    remove: (key: string) => { m.delete(key); },
  };
}

function findInclude(f: Folders, p: string): string | undefined {
  const rel = p.replace(/^\/_includes\/?/, '');
  for (const dir of f.includes) {
    const full = path.resolve(dir, rel);
    if (!inside(dir, full)) continue;
    try { if (fs.statSync(full).isFile()) return full; } catch { /* next */ }
  }
  return undefined;
}

/** The includes as liquidjs reads them: `/_includes/NAME` looked up in the site's folder, then the theme's. */
function includesFs(f: Folders, missing: Set<string>): FS {
  const find = (p: string) => findInclude(f, p);
  const read = (p: string) => {
    const file = find(p);
    if (!file) { missing.add(p.replace(/^\/_includes\/?/, '')); return ''; }
    return fs.readFileSync(file, 'utf8');
  };
  return {
    exists: async () => true, existsSync: () => true,
    readFile: async p => read(p), readFileSync: read,
    resolve: (dir, file) => `${dir.replace(/\/$/, '')}/${file}`,
    contains: async () => true, containsSync: () => true,
    sep: '/', dirname: p => p.slice(0, p.lastIndexOf('/')) || '/',
  };
}

// ---- the site's posts, as Jekyll holds them (read once per site and kept a while)

interface PostRecord {
  relPath: string;
  file: string;
  data: Record<string, unknown>;
  outcome: JekyllOutcome;
  date?: Date;
  url: string;
  body: string;
  /** The Liquid object (built when first asked). */
  drop?: Record<string, unknown>;
}

/** Front matter merged over the defaults, as Jekyll's page data. */
function frontMatterData(text: string, site: Site, relPath: string): Record<string, unknown> {
  const data = { ...defaultsFor(site, relPath) };
  const split = splitFrontMatter(text);
  if (split.kind === 'ok') {
    try {
      const fm = parseFrontMatter(text, split);
      // a YAML error: Jekyll drops the whole front matter
      if (!fm.errors.length) for (const e of fm.entries) data[e.key] = e.value;
    } catch { /* as above */ }
  }
  return data;
}

/** A Time as Liquid prints it without a filter (Ruby's Time#to_s: `2021-12-08 18:48:44 +0800`); a Date to liquidjs' filters. */
class RubyTime extends Date {
  constructor(ms: number, private readonly shown: string) { super(ms); }
  toString(): string { return this.shown; }
}

/** `YYYY-MM-DD HH:MM:SS +ZZZZ` → Date. */
function dateOf(outcome: JekyllOutcome): Date | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(outcome.date ?? '');
  if (!m) return undefined;
  const off = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  return new RubyTime(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - off * 60000, outcome.date!);
}

/** Wall-clock parts of a date in the outcome's own offset (what Jekyll's URL placeholders use). */
function wallParts(outcome: JekyllOutcome) {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(outcome.date ?? '');
  return m ? { year: m[1], month: m[2], day: m[3], hour: m[4], minute: m[5], second: m[6] } : undefined;
}

const PERMALINK_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/**
 * The post's URL (`page.url`): the checker's (src/core/url.ts, as the builder computes it), else (a template
 * Jekyll cannot fill) an approximation from the front matter's `permalink:`, the posts collection's or the site's.
 */
export function postUrl(site: Site, relPath: string, data: Record<string, unknown>, outcome: JekyllOutcome): string {
  if (outcome.url) return outcome.url;
  const raw = site.config.raw ?? {};
  const coll = (raw.collections as Record<string, { permalink?: unknown }> | undefined)?.posts;
  let pattern = typeof data.permalink === 'string' ? data.permalink
    : typeof coll?.permalink === 'string' ? coll.permalink : site.config.permalink ?? 'date';
  pattern = PERMALINK_STYLES[pattern] ?? pattern;
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  const slugFromName = base.replace(/^\d+-\d+-\d+-/, '').replace(/\.[^.]+$/, '');
  const title = typeof data.slug === 'string' && data.slug ? data.slug : slugFromName;
  const w = wallParts(outcome) ?? { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  const ext = bodyKindOf(relPath) === 'html' || /\.(md|markdown)$/i.test(relPath) ? '.html' : path.extname(relPath);
  const cats = (outcome.categories ?? []).map(c => String(c).toLowerCase());
  const d = outcome.date ? dateOf(outcome) : undefined;
  const yday = d && w.year ? String(Math.floor((Date.UTC(+w.year, +w.month - 1, +w.day) - Date.UTC(+w.year, 0, 1)) / 86400000) + 1).padStart(3, '0') : '';
  const values: Record<string, string> = {
    year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second, title, slug: title,
    i_month: String(Number(w.month)), i_day: String(Number(w.day)), short_year: w.year.slice(2), y_day: yday,
    categories: cats.join('/'), output_ext: ext, name: slugFromName, path: relPath.replace(/\.[^.]+$/, ''), collection: 'posts',
  };
  let url = pattern.replace(/:(\w+)/g, (m, k: string) => (k in values ? values[k] : m));
  url = ('/' + url).replace(/\/{2,}/g, '/');
  if (!url.endsWith('/') && !/\.[a-z0-9]+$/i.test(url)) url += ''; // Jekyll keeps such a URL as written
  return url;
}

/** How long the list of posts is trusted before each file's mtime is looked at again. */
const POSTS_TTL_MS = 2_000;
const postsCache = new WeakMap<object, { at: number; posts: PostRecord[]; byFile: Map<string, { mtime: number; record: PostRecord | undefined }> }>();

/**
 * Every published post of the site, oldest first (Jekyll's order: date, then path). Read once per site; after
 * that only the files whose mtime changed are read again (a stat per post every few seconds).
 */
function sitePosts(site: Site, now: number): PostRecord[] {
  const hit = postsCache.get(site.config);
  if (hit && now - hit.at < POSTS_TTL_MS) return hit.posts;
  const byFile = hit?.byFile ?? new Map<string, { mtime: number; record: PostRecord | undefined }>();
  const seen = new Set<string>();
  const posts: PostRecord[] = [];
  for (const rel of liquidSite(site).postPaths()) {
    if (!/\.(md|markdown|html?)$/i.test(rel)) continue;
    const file = path.join(site.root, rel);
    let mtime: number;
    try { mtime = fs.statSync(file).mtimeMs; } catch { continue; }
    seen.add(file);
    let entry = byFile.get(file);
    if (!entry || entry.mtime !== mtime) {
      let record: PostRecord | undefined;
      try {
        const r = postRecord(fs.readFileSync(file, 'utf8'), file, site, now);
        record = r.outcome.fate === 'built' ? r : undefined;
      } catch { record = undefined; }
      byFile.set(file, (entry = { mtime, record }));
    }
    if (entry.record) posts.push(entry.record);
  }
  for (const f of byFile.keys()) if (!seen.has(f)) byFile.delete(f);
  posts.sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0) || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  postsCache.set(site.config, { at: now, posts, byFile });
  return posts;
}

function postRecord(text: string, file: string, site: Site, now: number): PostRecord {
  const relPath = relativeToSite(file, site).split(path.sep).join('/');
  const outcome = checkPost({ text, path: file, site }, { now }).jekyll;
  const data = frontMatterData(text, site, relPath);
  const { start } = bodyRange(text);
  return { relPath, file, data, outcome, date: dateOf(outcome), url: postUrl(site, relPath, data, outcome), body: text.slice(start) };
}

/** A post as Liquid sees it in `site.posts` (its content and excerpt as Markdown rendered without Liquid, when asked). */
function postDrop(p: PostRecord, site: Site): Record<string, unknown> {
  if (p.drop) return p.drop;
  const base = p.relPath.slice(p.relPath.lastIndexOf('/') + 1);
  const o: Record<string, unknown> = {
    ...p.data, url: p.url, id: p.url.replace(/\.html$/, ''), date: p.date, title: p.outcome.title ?? '',
    categories: p.outcome.categories ?? [], tags: p.outcome.tags ?? [], path: p.relPath, relative_path: p.relPath, name: base,
    slug: p.data.slug ?? base.replace(/^\d+-\d+-\d+-/, '').replace(/\.[^.]+$/, ''), collection: 'posts', draft: false,
    ext: path.extname(base), layout: p.outcome.layout ?? undefined,
  };
  let content: string | undefined;
  const sep = site.config.excerptSeparator || '\n\n';
  lazy(o, 'content', () => (content ??= markdownOf(p.body, p.relPath)));
  lazy(o, 'excerpt', () => excerptOf(p.body, p.relPath, p.data, sep));
  p.drop = o;
  return o;
}

const markdownOf = (body: string, relPath: string) => (bodyKindOf(relPath) === 'html' ? body : plainMarkdown(body));

function excerptOf(body: string, relPath: string, data: Record<string, unknown>, sep: string): string {
  if (typeof data.excerpt === 'string') return data.excerpt;
  const s = typeof data.excerpt_separator === 'string' ? data.excerpt_separator : sep;
  const head = body.replace(/^\s+/, '');
  const i = s ? head.indexOf(s) : -1;
  return markdownOf(i >= 0 ? head.slice(0, i) : head, relPath);
}

/** Jekyll's post_attr_hash: keys in the order the posts (oldest first) bring them, each list newest first. */
function groupBy(newestFirst: Record<string, unknown>[], key: 'categories' | 'tags'): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const p = newestFirst[i];
    for (const k of (p[key] as unknown[]) ?? []) (out[String(k)] ??= []).unshift(p);
  }
  return out;
}

/**
 * A value computed when a template reads it: a function property (liquidjs calls it on reading; a getter would
 * run each time liquidjs looks at the object, e.g. for `next` when it tests for an iterator).
 */
function lazy(o: Record<string, unknown>, key: string, get: () => unknown): void {
  let done = false;
  let v: unknown;
  o[key] = () => (done ? v : ((done = true), (v = get())));
}

// ---- tags of the page render

let current: { skipped: Set<string>; site: Site; ls: LiquidSite; posts: () => PostRecord[]; postFolder: string } | undefined;

function nothingTag(name: string) {
  return class extends Tag {
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) { super(token, remain, liquid); }
    * render(): Generator<unknown, void, unknown> { current?.skipped.add(name); }
  };
}

/** `{% post_url 2021-01-02-name %}`: the URL of that post. */
class PostUrlTag extends Tag {
  private postName: string;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) { super(token, remain, liquid); this.postName = token.args.trim(); }
  * render(_ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const c = current;
    if (!c) return;
    const p = c.posts().find(r => postUrlMatches(this.postName, r.relPath));
    if (p) emitter.write(p.url);
  }
}

/** `{% link path %}`: the file's URL (a Markdown page's .html). */
class LinkTag extends Tag {
  private target: string;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) { super(token, remain, liquid); this.target = token.args.trim(); }
  * render(_ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const c = current;
    if (!c) return;
    const p = c.posts().find(r => r.relPath === this.target.replace(/^\//, ''));
    emitter.write(p ? p.url : '/' + this.target.replace(/^\//, '').replace(/\.(md|markdown)$/i, '.html'));
  }
}

/** `{% include_relative file %}`: the file beside the post. */
class IncludeRelativeTag extends Tag {
  private target: string;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) { super(token, remain, liquid); this.target = token.args.trim().split(/\s+/)[0] ?? ''; }
  * render(_ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const c = current;
    if (!c) return;
    const full = path.resolve(c.postFolder, this.target);
    if (!inside(c.site.root, full)) return;
    try { emitter.write(fs.readFileSync(full, 'utf8')); } catch { /* Jekyll stops the build */ }
  }
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `{% highlight lang %}…{% endhighlight %}` as Jekyll writes it (without Rouge's colours). */
class HighlightTag extends (bodyBlock('highlight') as unknown as typeof Tag) {
  private lang: string;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) { super(token, remain, liquid); this.lang = token.args.trim().split(/\s+/)[0] ?? ''; }
  * render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    let code = '';
    const sink = { write: (h: unknown) => { code += h === undefined || h === null ? '' : String(h); } } as Emitter;
    yield (this as unknown as { liquid: Liquid; templates: never }).liquid.renderer.renderTemplates((this as unknown as { templates: never }).templates, ctx, sink);
    const lang = escHtml(this.lang);
    emitter.write(`<figure class="highlight"><pre><code class="language-${lang}" data-lang="${lang}">${escHtml(code.replace(/^\n/, ''))}</code></pre></figure>`);
  }
}

const pageEngines = new WeakMap<LiquidSite, Map<string, { engine: Liquid; missing: Set<string> }>>();

function pageEngine(ls: LiquidSite, f: Folders): { engine: Liquid; missing: Set<string> } {
  let byFolders = pageEngines.get(ls);
  if (!byFolders) pageEngines.set(ls, (byFolders = new Map()));
  const key = f.includes.join('\n');
  let e = byFolders.get(key);
  if (e) return e;
  const missing = new Set<string>();
  const inline: Record<string, typeof Tag> = { post_url: PostUrlTag, link: LinkTag, include_relative: IncludeRelativeTag };
  const setup: PageEngineSetup = {
    fs: includesFs(f, missing),
    cache: includesCache(f) as never,
    inlineTag: name => (inline[name] ?? nothingTag(name)) as never,
    highlight: HighlightTag as never,
    filters: {
      markdownify: v => plainMarkdown(v === undefined || v === null ? '' : String(v)),
      smartify: v => (v === undefined || v === null ? '' : String(v)),
      sassify: v => v, scssify: v => v,
    },
  };
  e = { engine: jekyllEngine(ls, setup), missing };
  byFolders.set(key, e);
  return e;
}

// ---- the shell: what the layouts print, sanitised

function findElement(nodes: HNode[], name: string): HElement | undefined {
  for (const n of nodes) {
    if (n.type !== 'element' && n.type !== 'group') continue;
    if (n.type === 'element' && n.name === name) return n;
    const r = findElement(n.children, name);
    if (r) return r;
  }
  return undefined;
}

function eachElement(nodes: HNode[], fn: (el: HElement) => void): void {
  for (const n of nodes) {
    if (n.type === 'element') fn(n);
    if (n.type === 'element' || n.type === 'group') eachElement(n.children, fn);
  }
}

/** A URL of the page (root-relative, baseurl included, or relative to the post) as a file of the site or of the theme copy. */
function localFile(url: string, f: Folders, baseurl: string, postUrlDir: string): string | undefined {
  let p = url.replace(/[?#].*$/, '');
  try { p = decodeURI(p); } catch { /* as written */ }
  if (!p.startsWith('/')) p = path.posix.join(postUrlDir, p);
  if (baseurl && (p === baseurl || p.startsWith(baseurl + '/'))) p = p.slice(baseurl.length) || '/';
  const rel = p.replace(/^\/+/, '');
  const candidates: string[] = [];
  for (const root of [f.site, f.theme]) {
    if (!root) continue;
    const full = path.resolve(root, rel);
    if (!inside(root, full)) continue;
    candidates.push(full);
    // a stylesheet the site makes from Sass: the theme's prebuilt CSS stands for it (the site's own rules are not compiled)
    if (root === f.site && /\.css$/i.test(full) && f.theme && (exists(full.replace(/\.css$/i, '.scss')) || exists(full.replace(/\.css$/i, '.sass')))) {
      candidates.push(path.resolve(f.theme, rel));
    }
  }
  return candidates.find(exists);
}

function exists(file: string): boolean {
  try { return fs.statSync(file).isFile(); } catch { return false; }
}

/** Index of the slot in text (not inside a tag) in the serialised HTML, or -1. */
function slotInText(html: string): number {
  let from = 0;
  for (;;) {
    const i = html.indexOf(SLOT, from);
    if (i < 0) return -1;
    if (html.lastIndexOf('<', i) <= html.lastIndexOf('>', i)) return i;
    from = i + SLOT.length;
  }
}

export function renderSitePage(input: SitePageInput, options: SitePageOptions = {}): SitePage {
  const { site, text } = input;
  const now = input.now ?? Date.now();
  const f = folders(site, input.themesDir);
  const ls = liquidSite(site, now);
  const relPath = relativeToSite(input.path, site).split(path.sep).join('/');
  const checked = checkPost({ text, path: input.path, site }, { now }).jekyll;
  const data = frontMatterData(text, site, relPath);
  const date = dateOf(checked);
  const url = postUrl(site, relPath, data, checked);
  const kind = options.kind ?? bodyKindOf(input.path);
  const { start, line } = bodyRange(text);
  const rawBody = text.slice(start);
  const baseurl = String(ls.config.baseurl ?? '').replace(/\/$/, '');
  const postUrlDir = url.endsWith('/') ? url : path.posix.dirname(url);
  const mapUrl = (u: string) => {
    const file = localFile(u, f, baseurl, postUrlDir);
    return file ? options.toUri?.(file) : undefined;
  };
  let posts: PostRecord[] | undefined;
  const allPosts = () => (posts ??= sitePosts(site, now));
  const { engine, missing } = pageEngine(ls, f);
  missing.clear();
  const skipped = new Set<string>();
  current = { skipped, site, ls, posts: allPosts, postFolder: path.dirname(input.path) };
  const result: SitePage = {
    url, before: '', after: '', stylesheets: [], title: checked.title ?? '', body: { blocks: [], counts: [], total: 0, summary: '' },
    layouts: [], skippedTags: [], scripts: 0, missingIncludes: [], missingTheme: f.missingTheme, shippedTheme: f.shippedTheme,
  };
  try {
    // site: the config, data, and the posts (newest first), categories and tags, read when a template asks
    const siteObj: Record<string, unknown> = { ...ls.config, time: new RubyTime(now, formatInZone(now, site.config.timezone)) };
    let drops: Record<string, unknown>[] | undefined;
    const postDrops = () => (drops ??= allPosts().map(p => postDrop(p, site)).reverse());
    lazy(siteObj, 'data', () => ls.data());
    lazy(siteObj, 'posts', postDrops);
    lazy(siteObj, 'categories', () => groupBy(postDrops(), 'categories'));
    lazy(siteObj, 'tags', () => groupBy(postDrops(), 'tags'));
    lazy(siteObj, 'related_posts', () => postDrops().filter(p => p.url !== url).slice(0, 10));
    const base = relPath.slice(relPath.lastIndexOf('/') + 1);
    const page: Record<string, unknown> = {
      ...data, url, id: url.replace(/\.html$/, ''), date, title: checked.title ?? '', categories: checked.categories ?? [],
      tags: checked.tags ?? [], path: relPath, relative_path: relPath, name: base, collection: 'posts', draft: false,
      slug: data.slug ?? base.replace(/^\d+-\d+-\d+-/, '').replace(/\.[^.]+$/, ''), ext: path.extname(base), layout: checked.layout ?? undefined,
    };
    const neighbour = (d: -1 | 1) => {
      const list = allPosts();
      const i = list.findIndex(p => p.relPath === relPath);
      const n = i >= 0 ? list[i + d] : undefined;
      return n ? postDrop(n, site) : undefined;
    };
    lazy(page, 'previous', () => neighbour(-1));
    lazy(page, 'next', () => neighbour(1));
    const scope = { site: siteObj, page, paginator: undefined, jekyll: { environment: site.builder === 'github-pages' ? 'production' : 'development', version: site.builder === 'jekyll-4' ? '4.4.1' : '3.10.0' } };

    // the body's own Liquid first (unless the post turns it off on Jekyll 4)
    let body = rawBody;
    if (!(data.render_with_liquid === false && site.builder !== 'github-pages') && /\{[{%]/.test(rawBody)) {
      body = engine.parseAndRenderSync(rawBody, scope) as string;
    }
    let html: string | undefined;
    const rendered = () => (html ??= kind === 'html' ? body : plainMarkdown(body));
    lazy(page, 'content', rendered);
    const sep = site.config.excerptSeparator || '\n\n';
    lazy(page, 'excerpt', () => excerptOf(body, relPath, data, sep));
    result.body = renderBody(body, line, { ...options, kind, resolveImage: u => mapUrl(u) ?? options.resolveImage?.(u) });
    const bodyScripts = countScripts(body);

    // the layout chain
    let out = SLOT;
    let layoutName = checked.layout;
    let layoutVars: Record<string, unknown> = {};
    const seen = new Set<string>();
    while (layoutName && layoutName !== 'none' && layoutName !== 'null' && !seen.has(layoutName)) {
      seen.add(layoutName);
      const layout = findLayout(f, layoutName);
      if (!layout) break;
      result.layouts.push(layoutName);
      layoutVars = { ...layout.data, ...layoutVars };
      let parsed = layout.parsed.get(engine);
      if (!parsed) layout.parsed.set(engine, (parsed = engine.parse(layout.body)));
      out = engine.renderSync(parsed as never, { ...scope, content: out, layout: layoutVars }) as string;
      layoutName = typeof layout.data.layout === 'string' ? layout.data.layout : undefined;
    }
    // a stylesheet by absolute_url (`url:` of the config in front) is the site's own file too
    const siteUrl = String(ls.config.url ?? '').replace(/\/$/, '');
    const mapStyle = (u: string) => (siteUrl && /^https?:/.test(siteUrl) && u.startsWith(siteUrl + '/') ? mapUrl(u.slice(siteUrl.length)) : undefined);
    Object.assign(result, shell(out, mapUrl, options, mapStyle));
    // the <title> of a layout, else what jekyll-seo-tag (not run) would put there: the page's title, the site's
    result.title ||= checked.title || (typeof ls.config.title === 'string' ? ls.config.title : '');
    result.scripts += bodyScripts;
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    if (!result.body.blocks.length) result.body = renderBody(rawBody, line, { ...options, kind, resolveImage: u => mapUrl(u) ?? options.resolveImage?.(u) });
    result.before = '';
    result.after = '';
  } finally {
    current = undefined;
  }
  result.skippedTags = [...skipped].sort();
  result.missingIncludes = [...missing].sort();
  return result;
}

function countScripts(html: string): number {
  return (html.match(/<script\b/gi) ?? []).length;
}

/** The layouts' output, sanitised: the body before and after the slot, the stylesheets, title and language. */
function shell(out: string, mapUrl: (u: string) => string | undefined, options: SitePageOptions, mapAbsolute: (u: string) => string | undefined = () => undefined):
  Pick<SitePage, 'before' | 'after' | 'stylesheets' | 'title' | 'lang' | 'bodyClass' | 'scripts'> {
  const root: HRoot = parseHtml(out);
  const stylesheets: string[] = [];
  let scripts = 0;
  let title = '';
  eachElement(root.children, el => {
    if (el.name === 'script') scripts++;
    else if (el.name === 'link' && /(^|\s)stylesheet(\s|$)/i.test(el.attrs.rel ?? '') && el.attrs.href) {
      const u = classifyUrl(el.attrs.href);
      const mapped = u.kind === 'relative' ? mapUrl(u.url) : u.kind === 'https' || u.kind === 'http' ? mapAbsolute(u.url) : undefined;
      if (mapped && !stylesheets.includes(mapped)) stylesheets.push(mapped);
    } else if (el.name === 'title' && !title) title = el.children.map(c => (c.type === 'text' ? c.data : '')).join('').trim();
  });
  const htmlEl = findElement(root.children, 'html');
  const bodyEl = findElement(root.children, 'body');
  const top: HRoot = bodyEl ? { type: 'root', children: bodyEl.children, parent: null, start: 0, end: 0 } : root;
  const serialized = serialize(top, { mode: options.mode ?? 'strip', allowHttpImages: options.allowHttpImages, resolveImage: u => mapUrl(u) ?? options.resolveImage?.(u) }).blocks.join('');
  const at = slotInText(serialized);
  const clean = (s: string) => s.split(SLOT).join('');
  const before = at < 0 ? clean(serialized) : clean(serialized.slice(0, at));
  const after = at < 0 ? '' : clean(serialized.slice(at + SLOT.length));
  const cls = bodyEl?.attrs.class?.split(/\s+/).filter(c => c && !c.startsWith('np-')).join(' ');
  return { before, after, stylesheets, title, lang: htmlEl?.attrs.lang, bodyClass: cls || undefined, scripts };
}

/** Files of a folder (for the theme copy's listing in tests). */
export function listFiles(dir: string): string[] {
  try { return [...walk(dir, () => true)]; } catch { return []; }
}
