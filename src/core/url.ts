/**
 * A post's URL as the site's builder computes it (docs/urls.md): Jekyll's Document#url, i.e. the posts collection's
 * permalink template (the `permalink:` style or pattern of _config.yml, or `collections: posts: permalink:`), or the
 * post's own `permalink:` (front matter or `defaults`), its placeholders filled from Jekyll's UrlDrop and escaped
 * as Jekyll::URL.escape_path escapes them (Addressable::URI.encode), then Jekyll::URL#sanitize_url. Site-relative:
 * without `baseurl` (page.url never has it); absoluteUrl() adds `url`/CNAME and `baseurl`.
 *
 * Where Jekyll 3.10 (GitHub Pages) and Jekyll 4.4 part: the `weekdate` style and the placeholders `:week`,
 * `:w_year`, `:w_day`, `:short_day`, `:long_day`, `:long_month`, `:slugified_categories` exist on Jekyll 4 only
 * (on Jekyll 3 `permalink: weekdate` is a literal path, and an unknown placeholder aborts the build); Jekyll 4 drops
 * the trailing dots of a file name's slug and of `:path`; on Jekyll 3 a post in a dated folder of `_posts`
 * (`_posts/2021-12-08-x/post.md`) takes the slug `x/post`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Builder } from './builder';
import { Site } from './site';
import { wallClock, WallClock } from './timezone';

/** Jekyll 3.10's and 4.4's permalink styles (Configuration#style_to_permalink); `weekdate` is Jekyll 4's. */
const STYLES: Record<string, string> = {
  none: '/:categories/:title:output_ext',
  date: '/:categories/:year/:month/:day/:title:output_ext',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
};

/** Placeholders Jekyll 4's UrlDrop has and Jekyll 3.10's lacks. */
const JEKYLL4_ONLY = new Set(['slugified_categories', 'long_month', 'w_year', 'week', 'w_day', 'short_day', 'long_day']);

/** A permalink template Jekyll cannot fill: it raises (NoMethodError) and the build aborts. */
export class UrlTemplateError extends Error {}

/** The permalink template of the posts collection (before a post's own `permalink:`). */
export function postsTemplate(site: Site | undefined, builder: Builder = site?.builder ?? 'github-pages'): string {
  const raw = site?.config.raw ?? {};
  const collections = raw.collections;
  if (collections && typeof collections === 'object' && !Array.isArray(collections)) {
    const posts = (collections as Record<string, unknown>).posts;
    if (posts && typeof posts === 'object') {
      const p = (posts as Record<string, unknown>).permalink;
      if (p !== undefined && p !== null && p !== false) return String(p);
    }
  }
  const style = typeof raw.permalink === 'string' && raw.permalink ? raw.permalink : site?.config.permalink ?? 'date';
  if (style === 'weekdate' && builder !== 'jekyll-4') return style;
  return Object.prototype.hasOwnProperty.call(STYLES, style) ? STYLES[style] : style;
}

const SLUG_DEFAULT = /[^\p{M}\p{L}\p{Nd}]+/gu;
const SLUG_PRETTY = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu;

/** Jekyll's Utils.slugify in the `default` and `pretty` modes. */
export function slugify(s: string, mode: 'default' | 'pretty' = 'default', cased = false): string {
  const slug = s.replace(mode === 'pretty' ? SLUG_PRETTY : SLUG_DEFAULT, '-').replace(/^-|-$/g, '');
  return cased ? slug : slug.toLowerCase();
}

// Addressable's character classes (Addressable::URI::CharacterClasses)
const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR = UNRESERVED + SUB_DELIMS + ':@';
const CLASS = {
  scheme: new RegExp(`[^A-Za-z0-9\\-+.]`, 'g'),
  authority: new RegExp(`[^${PCHAR}\\[\\]]`, 'g'),
  path: new RegExp(`[^${PCHAR}/]`, 'g'),
  query: new RegExp(`[^${PCHAR}/?]`, 'g'),
};

const encoder = new TextEncoder();

function encodeComponent(s: string, cls: RegExp): string {
  return s.replace(cls, ch => Array.from(encoder.encode(ch), b => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''));
}

const URIREGEX = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/s;

/**
 * Jekyll::URL.escape_path: Addressable::URI.encode of the value (read as a URI: what follows `?` is a query, `#` a
 * fragment, `x:` a scheme), then the first `#` as `%23`. Throws UrlTemplateError where Addressable raises.
 */
export function escapePath(value: string): string {
  if (value === '' || /^[a-zA-Z0-9./-]+$/.test(value)) return value;
  const m = URIREGEX.exec(value);
  if (!m) return encodeComponent(value, CLASS.path);
  const [, , scheme, , authority, p, , query, , fragment] = m;
  if (scheme !== undefined && !/^[a-z][a-z0-9.+-]*$/i.test(scheme)) throw new UrlTemplateError(`Invalid scheme format: '${scheme}'`);
  if (scheme === undefined && authority === undefined && /^(?!\/)[^/:]*:/.test(p)) {
    throw new UrlTemplateError(`Cannot assemble URI string with ambiguous path: '${p}'`);
  }
  let out = '';
  if (scheme !== undefined) out += encodeComponent(scheme, CLASS.scheme) + ':';
  if (authority !== undefined) out += '//' + encodeComponent(authority, CLASS.authority);
  out += encodeComponent(p, CLASS.path);
  if (query !== undefined) out += '?' + encodeComponent(query, CLASS.query);
  if (fragment !== undefined) out += '#' + encodeComponent(fragment, CLASS.query);
  return out.replace('#', '%23');
}

/** Jekyll::URL#sanitize_url: a leading `/`, `..` turned into `/`, `./` dropped, runs of `/` squeezed. */
export function sanitizeUrl(s: string): string {
  return ('/' + s).replace(/\.\./g, '/').replace(/\.\//g, '').replace(/\/{2,}/g, '/');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

function dayNumber(y: number, mo: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(0, 0, 0, 0);
  return Math.round(t.getTime() / 86_400_000);
}

/** ISO 8601 week-numbering year and week of a day (Ruby's %G and %V). */
function isoWeek(y: number, mo: number, d: number): { year: number; week: number } {
  const n = dayNumber(y, mo, d);
  const wd = (((n + 4) % 7) + 7) % 7 || 7; // 1970-01-01 was a Thursday; 1..7 = Mon..Sun
  const thursday = n - wd + 4;
  const ty = new Date(thursday * 86_400_000).getUTCFullYear();
  return { year: ty, week: Math.floor((thursday - dayNumber(ty, 1, 1)) / 7) + 1 };
}

/** The date placeholders of Jekyll's UrlDrop (strftime of the post's date in the site's zone). */
export function datePlaceholders(w: WallClock): Record<string, string> {
  const n = dayNumber(w.y, w.mo, w.d);
  const weekday = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
  const iso = isoWeek(w.y, w.mo, w.d);
  const year = w.y < 0 ? '-' + String(-w.y).padStart(4, '0') : String(w.y).padStart(4, '0');
  return {
    year, month: p2(w.mo), day: p2(w.d), hour: p2(w.h), minute: p2(w.mi), second: p2(w.s),
    i_day: String(w.d), i_month: String(w.mo),
    short_month: MONTHS[w.mo - 1].slice(0, 3), long_month: MONTHS[w.mo - 1],
    short_year: p2(((w.y % 100) + 100) % 100),
    w_year: String(iso.year).padStart(4, '0'), week: p2(iso.week), w_day: String(weekday || 7),
    short_day: DAYS[weekday].slice(0, 3), long_day: DAYS[weekday],
    y_day: String(n - dayNumber(w.y, 1, 1) + 1).padStart(3, '0'),
  };
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false;
}

/** File extensions Jekyll converts as Markdown (`markdown_ext:`). */
function markdownExts(site: Site | undefined): string[] {
  const v = site?.config.raw?.markdown_ext;
  return (typeof v === 'string' ? v : 'markdown,mkdown,mkdn,mkd,md').split(',').map(e => '.' + e.trim().toLowerCase());
}

/** Renderer#output_ext: the extension of the post's own `permalink:` (unless it ends in `/`), else `.html` for Markdown and HTML. */
export function outputExt(site: Site | undefined, relPath: string, permalink: unknown): string {
  if (typeof permalink === 'string' && !permalink.endsWith('/')) {
    const base = permalink.slice(permalink.lastIndexOf('/') + 1);
    const ext = path.posix.extname(base);
    if (ext && ext !== base) return ext;
  }
  const ext = path.posix.extname(relPath).toLowerCase();
  return markdownExts(site).includes(ext) ? '.html' : ext;
}

/** Where a post's data comes from for its URL: front matter over `defaults`, as Jekyll merges them. */
export interface UrlData {
  /** `slug:` (front matter or defaults). */
  slug?: unknown;
  /** `permalink:` (front matter or defaults). */
  permalink?: unknown;
  /** page.categories as Jekyll holds it (folders above `_posts`, then `category`/`categories`). */
  categories?: unknown;
  [key: string]: unknown;
}

/**
 * The post's slug from its path, as Document#populate_title reads it: the part after the date (on Jekyll 3 the whole
 * path below `_posts/` is matched, so a dated folder gives `x/post`); without a date the base name's stem; Jekyll 4
 * drops trailing dots.
 */
export function fileSlug(relPath: string, builder: Builder): string {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  let slug: string | undefined;
  if (builder === 'jekyll-4') {
    const m = /^(?:.*\/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$/.exec(relPath);
    slug = m?.[2];
  } else {
    const m = /^(?:.+\/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$/.exec(relPath);
    slug = m?.[2];
  }
  if (slug === undefined) {
    const m = /^(.*)(\.[^.]+)$/.exec(base);
    slug = m ? m[1] : base;
  }
  return builder === 'jekyll-4' ? slug.replace(/\.+$/, '') : slug;
}

/**
 * The URL Jekyll gives a post: site-relative (`/news/2021/12/08/x.html`), escaped as Jekyll escapes it.
 * `relPath` is relative to the site root (`_posts/…`, `cat/_posts/…`, `_drafts/…`); `data` is the front matter
 * over the defaults with `categories` as Jekyll holds them; `epochMs` the post's date. Throws UrlTemplateError when
 * the template names a placeholder the builder does not know (Jekyll aborts the build).
 */
export function postUrl(site: Site | undefined, relPath: string, data: UrlData, epochMs: number, builder: Builder = site?.builder ?? 'github-pages'): string {
  const cd = site?.config.collectionsDir;
  let rel = relPath.split(path.sep).join('/');
  if (cd && rel.startsWith(cd + '/')) rel = rel.slice(cd.length + 1);
  const own = isSet(data.permalink) ? String(data.permalink) : undefined;
  const template = own ?? postsTemplate(site, builder);
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const stem = base.replace(/\.[^.]*$/, '') || base;
  const slug = isSet(data.slug) ? String(data.slug) : fileSlug(rel, builder);
  const cats: string[] = [];
  for (const c of Array.isArray(data.categories) ? data.categories : isSet(data.categories) ? [data.categories] : []) {
    cats.push(String(c));
  }
  const ext = path.posix.extname(base);
  let cleaned = (ext ? rel.slice(0, -ext.length) : rel).replace('_posts', '');
  if (builder === 'jekyll-4') cleaned = cleaned.replace(/\.+$/, '');
  const lazy: Record<string, () => string> = {
    path: () => cleaned,
    output_ext: () => outputExt(site, rel, data.permalink),
    collection: () => 'posts',
    name: () => slugify(stem),
    title: () => slugify(slug, 'pretty', true),
    slug: () => slugify(slug),
    categories: () => [...new Set(cats.map(c => c.toLowerCase()))].join('/'),
    slugified_categories: () => [...new Set(cats.map(c => slugify(c)))].join('/'),
  };
  let dates: Record<string, string> | undefined;
  const value = (key: string): string | undefined => {
    if (builder !== 'jekyll-4' && JEKYLL4_ONLY.has(key)) return undefined;
    if (lazy[key]) return lazy[key]();
    dates ??= datePlaceholders(wallClock(epochMs, site?.config.timezone));
    return Object.prototype.hasOwnProperty.call(dates, key) ? dates[key] : undefined;
  };
  const filled = template.replace(/:([a-z_]+)/g, (match, name: string) => {
    const pool = name.endsWith('_') ? [name, name.slice(0, -1)] : [name];
    for (const key of pool) {
      const v = value(key);
      if (v !== undefined) return escapePath(v) + match.slice(1 + key.length);
    }
    throw new UrlTemplateError(`The URL template doesn't have ${pool.join(' or ')} keys. Check your permalink template!`);
  });
  return sanitizeUrl(filled);
}

/** The site's `url` (`_config.yml`), else `https://` + its CNAME (as GitHub Pages' github-metadata sets it); undefined when neither. */
export function siteUrl(site: Site | undefined): string | undefined {
  if (!site) return undefined;
  const u = site.config.raw?.url;
  if (typeof u === 'string' && u.trim()) return u.trim().replace(/\/+$/, '');
  const cname = readCname(site.root);
  return cname ? `https://${cname}` : undefined;
}

/** `baseurl:` normalized (`/blog`, or '' when unset or `/`). */
export function baseUrl(site: Site | undefined): string {
  const b = site?.config.raw?.baseurl;
  if (typeof b !== 'string' || !b.trim()) return '';
  const s = b.trim().replace(/\/+$/, '');
  return s && !s.startsWith('/') ? '/' + s : s;
}

/** The link readers follow: site URL + `baseurl` + the post's URL (undefined when the site's address is not known offline). */
export function absoluteUrl(site: Site | undefined, url: string): string | undefined {
  const root = siteUrl(site);
  return root === undefined ? undefined : root + baseUrl(site) + url;
}

const cnames = new Map<string, string | undefined>();

function readCname(root: string): string | undefined {
  if (cnames.has(root)) return cnames.get(root);
  let name: string | undefined;
  try {
    name = fs.readFileSync(path.join(root, 'CNAME'), 'utf8').split(/\r?\n/).map(s => s.trim()).find(Boolean);
  } catch { /* no CNAME */ }
  if (name) name = name.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  cnames.set(root, name);
  return name;
}
