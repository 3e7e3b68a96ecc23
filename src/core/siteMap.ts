/**
 * The site's map: every URL the build writes, and what writes it. Posts come from the index of checked posts (the
 * editor's PostIndex, or the reports of `newspost check`): each PostCore carries its URL, title, date, categories,
 * the story id of its share link and its links inside the site, so the posts are never read again here. Pages and
 * the documents of output collections (which no post check reads) are read once per map, front matter only.
 *
 * From the map, the site-wide rules: two files written to one URL (error on both: Jekyll writes one over the
 * other), URLs that differ only in case (warning: they collide on case-insensitive disks and hosts), the same story
 * saved twice (warning), `{% post_url %}`/`{% link %}` naming a post the build does not publish (error: the build
 * aborts, as for a missing one), and links inside the site whose target the site lacks (warning).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { Site, pathUnder, postKindOf } from './site';
import { splitFrontMatter } from './frontmatter';
import { parseFooter } from './footer';
import { BodyLink, SiteAddress, bodyLinks, sourceIdOf } from './links';
import { absoluteUrl, baseUrl, siteUrl } from './url';
import { PostCore, PostLinkRef } from './postIndex';
import { postUrlMatches, postUrlMatchesLoosely } from './liquidSite';
import { ruleSeverity } from './rules';
import { Severity, JekyllOutcome } from './types';
import { t } from './l10n';
import type { SiteFinding } from './siteRules';

export const SITE_MAP_RULES = ['url-conflict', 'url-case-conflict', 'story-duplicate', 'link-broken'];

const addresses = new WeakMap<object, SiteAddress>();

/** The site's `url` (else `https://` + its CNAME) and `baseurl`, as links to it are written (url.ts reads them). */
export function siteAddress(site: Site): SiteAddress {
  let a = addresses.get(site.config);
  if (!a) addresses.set(site.config, (a = { url: siteUrl(site), baseurl: baseUrl(site) }));
  return a;
}

export { absoluteUrl };

/** A post's links inside its site and the story id of its share link (computed where the post is checked). */
export function postLinksOf(text: string, site: Site): { links: BodyLink[]; sourceId?: string } {
  const split = splitFrontMatter(text);
  const bodyStart = split.kind === 'ok' ? split.bodyStart : split.bom;
  const links = text.includes('{%') || text.includes('/') ? bodyLinks(text, bodyStart, siteAddress(site)) : [];
  let sourceId: string | undefined;
  try { sourceId = sourceIdOf(parseFooter(text, bodyStart).share?.url); } catch { /* no footer */ }
  return sourceId ? { links, sourceId } : { links };
}

export interface MapEntry {
  file: string;
  /** Relative to the site root, `/`-separated. */
  rel: string;
  kind: 'post' | 'page' | 'doc';
  /** Site-relative, as Jekyll writes it (escaped); undefined when unknown. */
  url?: string;
  fate?: JekyllOutcome['fate'];
  title?: string | null;
  date?: string;
  categories?: string[];
  sourceId?: string;
  links?: PostLinkRef[];
  /** jekyll-redirect-from: the URLs that redirect here (`redirect_from:`). */
  redirectFrom?: string[];
  /** A page or document whose URL is its own `permalink:` (not its folder's pattern). */
  ownPermalink?: boolean;
}

/** `%`-escapes decoded, for comparing URLs as written in links with URLs as Jekyll escapes them. */
const decoded = (u: string) => { try { return decodeURI(u); } catch { return u; } };

/** The folder of a URL: `/a/b/` of `/a/b/c/`, `/a/b/c.html` and `/a/b/c`. */
const parentOf = (u: string) => { const s = u.endsWith('/') ? u.slice(0, -1) : u; return s.slice(0, s.lastIndexOf('/') + 1); };

/** What the plugins GitHub Pages and minima load write (jekyll-feed, jekyll-sitemap, …). */
const GENERATED = /\/(feed|atom|sitemap|search)\.(xml|json)$|\/robots\.txt$/;
/** jekyll-paginate's pages. */
const PAGINATED = /\/page\d+\/(index\.html)?$/;
const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
const MARKDOWN_EXT = new Set(['.md', '.markdown', '.mkd', '.mkdn', '.mdown', '.mdwn', '.mkdown', '.ron']);
const outputExt = (ext: string) => (MARKDOWN_EXT.has(ext.toLowerCase()) ? '.html' : ext === '.scss' || ext === '.sass' ? '.css' : ext);

/** Jekyll's Utils.add_permalink_suffix. */
function permalinkSuffix(template: string, style: string | undefined): string {
  const s = style ?? 'date';
  if (s === 'pretty') return template + '/';
  if (['date', 'ordinal', 'none'].includes(s)) return template + ':output_ext';
  return template + (s.endsWith('/') ? '/' : '') + (s.endsWith(':output_ext') ? ':output_ext' : '');
}

/** URL::sanitize of a filled template: one slash between parts, a leading one. */
function fill(template: string, values: Record<string, string>): string {
  const keys = Object.keys(values).sort((a, b) => b.length - a.length);
  let u = template;
  for (const k of keys) u = u.split(`:${k}`).join(values[k]);
  u = ('/' + u).replace(/\/{2,}/g, '/');
  return u;
}

function frontMatterOf(file: string): Record<string, unknown> | undefined {
  let head: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally { fs.closeSync(fd); }
  } catch { return undefined; }
  const split = splitFrontMatter(head);
  if (split.kind !== 'ok') return undefined;
  try {
    const v = parseYaml(head.slice(split.yamlStart, split.yamlEnd), { version: '1.1', uniqueKeys: false });
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
  } catch { return {}; }
}

/** Folders and files Jekyll never reads as pages. */
const SKIP = new Set(['node_modules', 'vendor', '_site', '.git', 'Gemfile', 'Gemfile.lock', '.jekyll-cache', '.sass-cache', '.bundle']);

/** A file a page or collection document may be read from (listPageFiles). */
export interface PageFile {
  file: string;
  /** Relative to the site root, `/`-separated. */
  rel: string;
  /** The output collection it is a document of (none: a page). */
  collection?: string;
  size: number;
  mtimeMs: number;
}

/** The output collections other than posts, with their permalink patterns. */
function outputCollections(site: Site): Map<string, string> {
  const raw = site.config.raw ?? {};
  const style = typeof raw.permalink === 'string' ? raw.permalink : undefined;
  const collections = raw.collections && typeof raw.collections === 'object' && !Array.isArray(raw.collections) ? raw.collections as Record<string, unknown> : {};
  const outputs = new Map<string, string>();
  for (const [name, meta] of Object.entries(collections)) {
    if (name === 'posts' || !meta || typeof meta !== 'object') continue;
    const m = meta as Record<string, unknown>;
    if (m.output !== true) continue;
    outputs.set(name, typeof m.permalink === 'string' ? m.permalink : permalinkSuffix('/:collection/:path', style));
  }
  return outputs;
}

/**
 * The files the site's pages and the documents of its output collections (other than posts) may be read from: a
 * walk of the site that does not go into `_`-folders (the posts are not listed), with each file's size and mtime.
 */
export function listPageFiles(site: Site): PageFile[] {
  const raw = site.config.raw ?? {};
  const exclude = new Set((Array.isArray(raw.exclude) ? raw.exclude : []).filter((x): x is string => typeof x === 'string').map(x => x.replace(/^\/+|\/+$/g, '')));
  const outputs = outputCollections(site);
  const collectionsDir = site.config.collectionsDir ? site.config.collectionsDir.replace(/^\/+|\/+$/g, '') + '/' : '';
  const out: PageFile[] = [];
  const visit = (dir: string, rel: string, depth: number, collection?: string) => {
    if (depth > 12) return;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (SKIP.has(e.name) || exclude.has(r) || e.name.startsWith('.') || e.name.startsWith('#') || e.name.endsWith('~')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!collection && e.name.startsWith('_')) {
          const name = e.name.slice(1);
          if (outputs.has(name) && r === `${collectionsDir}_${name}`) visit(full, r, depth + 1, name);
          continue;
        }
        visit(full, r, depth + 1, collection);
        continue;
      }
      if (!collection && e.name.startsWith('_')) continue;
      let st: fs.Stats;
      try { st = fs.statSync(full); } catch { continue; }
      out.push({ file: full, rel: r, ...(collection ? { collection } : {}), size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  visit(site.root, '', 0);
  return out;
}

/**
 * The pages with front matter and the documents of the output collections (other than posts), with their URLs.
 * Read once per call (front matter only), from the files listPageFiles lists.
 */
export function readPages(site: Site, files: PageFile[] = listPageFiles(site)): MapEntry[] {
  const raw = site.config.raw ?? {};
  const style = typeof raw.permalink === 'string' ? raw.permalink : undefined;
  const outputs = outputCollections(site);
  const collectionsDir = site.config.collectionsDir ? site.config.collectionsDir.replace(/^\/+|\/+$/g, '') + '/' : '';
  const out: MapEntry[] = [];
  for (const { file: full, rel: r, collection } of files) {
    const name = r.slice(r.lastIndexOf('/') + 1);
    const rel = r.slice(0, Math.max(0, r.lastIndexOf('/')));
    const ext = path.extname(name);
    const fm = frontMatterOf(full);
    if (!fm || fm.published === false) continue;
    const own = typeof fm.permalink === 'string' && fm.permalink ? fm.permalink : undefined;
    const oext = outputExt(ext);
    const base = path.basename(name, ext);
    const rf = typeof fm.redirect_from === 'string' ? [fm.redirect_from] : Array.isArray(fm.redirect_from) ? fm.redirect_from.filter((x): x is string => typeof x === 'string') : [];
    const extra = { ...(rf.length ? { redirectFrom: rf } : {}), ...(own ? { ownPermalink: true } : {}) };
    let url: string;
    if (collection) {
      const inColl = r.slice(`${collectionsDir}_${collection}/`.length);
      const p = '/' + inColl.slice(0, inColl.length - ext.length);
      url = fill(own ?? outputs.get(collection)!, { collection, path: p, name: base, title: typeof fm.slug === 'string' ? fm.slug : base, output_ext: oext, basename: base });
      out.push({ file: full, rel: r, kind: 'doc', url, title: typeof fm.title === 'string' ? fm.title : undefined, ...extra });
      continue;
    }
    const dirPath = rel ? `/${rel}/` : '/';
    const template = own ?? (!HTML_EXT.has(oext) ? '/:path/:basename:output_ext' : base === 'index' ? '/:path/' : permalinkSuffix('/:path/:basename', style));
    url = fill(template, { path: dirPath, basename: base, output_ext: oext });
    out.push({ file: full, rel: r, kind: 'page', url, title: typeof fm.title === 'string' ? fm.title : undefined, ...extra });
  }
  return out;
}

/** A post of the index, as the map takes it. */
export interface IndexedPost {
  file: string;
  post: PostCore & { url?: string };
}

/** A post as `newspost check` keeps it for the map: with the name of its summary in the persistent index, if stored. */
export interface MapPost extends IndexedPost {
  summaryId?: string;
}

export class SiteMap {
  /** Every written URL (decoded), with what writes it. */
  readonly byUrl = new Map<string, MapEntry[]>();
  /** Lower-cased URL -> the URLs (decoded) that lower-case to it. */
  readonly byLower = new Map<string, Set<string>>();
  /** Every post (built or not), for post_url and link; by base name without extension, and by path. */
  readonly posts: MapEntry[] = [];
  readonly byStem = new Map<string, MapEntry[]>();
  readonly byRel = new Map<string, MapEntry>();
  /** Folders holding the URL of a built post or a document: links into them are judged. */
  readonly postFolders = new Set<string>();
  private readonly onDisk = new Map<string, boolean>();
  /** URLs (decoded) of the posts the build does not publish. */
  readonly held = new Map<string, MapEntry>();
  /** URLs jekyll-redirect-from writes a redirect to (decoded). */
  readonly redirects = new Set<string>();

  constructor(readonly site: Site, posts: Iterable<IndexedPost>, pages: MapEntry[] = readPages(site)) {
    for (const { file, post } of posts) {
      const rel = pathUnder(site.root, file);
      if (postKindOf(rel, site.config.collectionsDir) !== 'post') continue;
      const e: MapEntry = { file, rel, kind: 'post', url: post.url, fate: post.fate, title: post.title, date: post.date, categories: post.categories, sourceId: post.sourceId, links: post.links };
      this.posts.push(e);
      const stem = rel.slice(rel.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
      const same = this.byStem.get(stem);
      if (same) same.push(e);
      else this.byStem.set(stem, [e]);
      this.byRel.set(rel, e);
      if (e.fate === 'built' && e.url) this.add(e);
      else if (e.url && (e.fate === 'future' || e.fate === 'unpublished')) this.held.set(decoded(e.url), e);
    }
    for (const p of pages) this.add(p);
  }

  private add(e: MapEntry): void {
    const u = decoded(e.url!);
    let list = this.byUrl.get(u);
    if (!list) this.byUrl.set(u, (list = []));
    list.push(e);
    const lower = u.toLowerCase();
    let set = this.byLower.get(lower);
    if (!set) this.byLower.set(lower, (set = new Set()));
    set.add(u);
    // folders of the posts' and documents' patterns (a document's own permalink says nothing of its folder)
    if (e.kind === 'post' || (e.kind === 'doc' && !e.ownPermalink)) this.postFolders.add(parentOf(u));
    for (const r of e.redirectFrom ?? []) this.redirects.add(decoded(('/' + r).replace(/\/{2,}/g, '/')));
  }

  /** Whether a site-relative path names a file of the source folder that Jekyll copies (a static file), or a folder with an index. */
  private staticFile(u: string): boolean {
    let v = this.onDisk.get(u);
    if (v === undefined) {
      v = false;
      if (!u.split('/').some(s => s.startsWith('_') || s.startsWith('.'))) {
        const p = path.join(this.site.root, u);
        try {
          const st = fs.statSync(p);
          v = st.isFile() || (st.isDirectory() && fs.existsSync(path.join(p, 'index.html')));
        } catch { /* none */ }
      }
      this.onDisk.set(u, v);
    }
    return v;
  }

  /** Whether the link's folder is one the source has files in (a folder holding only sub-folders may be a partial copy). */
  private folderOnDisk(u: string): boolean {
    const dir = parentOf(u);
    if (dir.split('/').some(s => s.startsWith('_') || s.startsWith('.'))) return false;
    let v = this.onDisk.get('dir:' + dir);
    if (v === undefined) {
      try { v = fs.readdirSync(path.join(this.site.root, dir), { withFileTypes: true }).some(e => e.isFile() && !e.name.startsWith('.')); } catch { v = false; }
      this.onDisk.set('dir:' + dir, v);
    }
    return v;
  }

  /** The URLs a link to `u` may be served from (GitHub Pages and `jekyll serve` add `.html`, `/` and `index.html`). */
  private variants(u: string): string[] {
    const v = [u, u + '/', u + '.html'];
    if (u.endsWith('/index.html')) v.push(u.slice(0, -'index.html'.length));
    if (u.endsWith('/')) v.push(u + 'index.html');
    return v;
  }

  /**
   * What a link inside the site finds: `ok`; `case` (only a URL that differs in case: `other` names it);
   * `missing`; undefined when the link is not judged (it points into a folder the map does not know: pages the
   * source lacks are made by plugins, or by generators this map cannot see).
   */
  resolve(u: string): { state: 'ok' } | { state: 'case' | 'missing'; other?: string } | { state: 'held'; post: MapEntry } | undefined {
    const vs = this.variants(u);
    if (vs.some(v => this.byUrl.has(v) || this.redirects.has(v)) || this.staticFile(u)) return { state: 'ok' };
    const held = vs.map(v => this.held.get(v)).find(Boolean);
    if (held) return { state: 'held', post: held };
    const ext = path.posix.extname(u.replace(/\/$/, ''));
    // a file (not a page) in a sub-folder the source has; files at the root are often made by plugins (feed.xml, sitemap.xml)
    const judged = (this.postFolders.has(parentOf(u)) && !PAGINATED.test(u)) || (!!ext && !HTML_EXT.has(ext) && parentOf(u) !== '/' && !GENERATED.test(u) && this.folderOnDisk(u));
    if (!judged) return undefined;
    for (const v of vs) {
      const other = this.byLower.get(v.toLowerCase());
      if (other?.size) return { state: 'case', other: [...other][0] };
    }
    return { state: 'missing' };
  }
}

/** Options as for posts: rule codes to skip, severity overrides. */
export interface SiteMapOptions {
  disabled?: Iterable<string>;
  severity?: Record<string, Severity | 'off'>;
}

/**
 * The site-wide findings of a map, each on the file it is about (1-based positions): URL conflicts and duplicate
 * stories on the first line of each file concerned, links on the link.
 */
export function siteMapFindings(map: SiteMap, options: SiteMapOptions = {}): SiteFinding[] {
  const out: SiteFinding[] = [];
  const disabled = new Set(options.disabled ?? []);
  const add = (file: string, code: string, message: string, at?: { line: number; column: number; endLine: number; endColumn: number }) => {
    const sev = options.severity?.[code];
    if (disabled.has(code) || sev === 'off') return;
    const pos = at ?? { line: 1, column: 1, endLine: 1, endColumn: 4 };
    out.push({ file, ...pos, severity: sev ?? ruleSeverity(code), code, message });
  };
  const names = (list: MapEntry[]) => list.slice(0, 3).map(e => e.rel).join(', ') + (list.length > 3 ? t(' and {0} more', list.length - 3) : '');

  // one URL, several files
  for (const [u, list] of map.byUrl) {
    if (list.length < 2) continue;
    for (const e of list) {
      const others = list.filter(o => o !== e);
      add(e.file, 'url-conflict', t('{0} and {1} are both written to {2}: Jekyll writes one over the other (it logs only "Conflict"), so one of them is not on the site. Give one another file name or permalink.', e.rel, names(others), u));
    }
  }
  // URLs that differ only in case
  for (const urls of map.byLower.values()) {
    if (urls.size < 2) continue;
    const all = [...urls].flatMap(u => map.byUrl.get(u)!);
    for (const e of all) {
      const mine = decoded(e.url!);
      const others = all.filter(o => decoded(o.url!) !== mine);
      add(e.file, 'url-case-conflict', t('The URL {0} differs only in case from that of {1} ({2}): on a case-insensitive disk or host (macOS, Windows, some servers) one overwrites the other.', mine, names(others), decoded(others[0].url!)));
    }
  }
  // the same story saved twice: same title, date and categories, or the same share link
  const groups = new Map<string, MapEntry[]>();
  const group = (key: string, e: MapEntry) => { let l = groups.get(key); if (!l) groups.set(key, (l = [])); l.push(e); };
  for (const e of map.posts) {
    if (e.fate === 'skipped') continue;
    const title = typeof e.title === 'string' ? e.title.trim() : '';
    if (title && e.date && e.date !== 'build-time') group(`t\0${title}\0${e.date}\0${(e.categories ?? []).join('\0')}`, e);
    if (e.sourceId) group(`s\0${e.sourceId}`, e);
  }
  const told = new Set<string>();
  for (const [key, list] of groups) {
    // a share link many posts carry is the site's own, not a story's
    if (list.length < 2 || (key.startsWith('s') && list.length > 5)) continue;
    for (const e of list) {
      const others = list.filter(o => o !== e);
      const id = `${e.file}\0${others.map(o => o.file).join('\0')}`;
      if (told.has(id)) continue;
      told.add(id);
      add(e.file, 'story-duplicate', key.startsWith('s')
        ? t('The same story as {0}: their share links carry the same story id, {1}. Keep one of them.', names(others), e.sourceId!)
        : t('The same story as {0}: the same title, date and categories. Keep one of them.', names(others)));
    }
  }
  // links: post_url/link to a post the build does not publish; links inside the site to nothing
  const why = (e: MapEntry) => e.fate === 'unpublished' ? t('it is not published (published: false)') : e.fate === 'future' ? t('it is dated in the future') : t('Jekyll does not read it as a post');
  for (const e of map.posts) {
    if (e.fate !== 'built' || !e.links) continue;
    for (const l of e.links) {
      if (l.kind === 'post_url' || l.kind === 'link') {
        const targets = l.kind === 'post_url'
          ? (() => {
            // the candidates share the name's date-slug (both of Jekyll's matchings need it)
            const named = map.byStem.get(l.target.slice(l.target.lastIndexOf('/') + 1)) ?? [];
            const exact = named.filter(p => postUrlMatches(l.target, p.rel));
            return exact.length ? exact : named.filter(p => postUrlMatchesLoosely(l.target, p.rel));
          })()
          : map.byRel.has(l.target.replace(/^\/+/, '')) ? [map.byRel.get(l.target.replace(/^\/+/, ''))!] : [];
        // a target missing altogether is the post's own liquid-error already
        if (!targets.length || targets.some(p => p.fate === 'built')) continue;
        const says = l.kind === 'post_url'
          ? `Could not find post "${l.target}" in tag 'post_url'. Make sure the post exists and the name is correct.`
          : `Could not find document '${l.target}' in tag 'link'. Make sure the document exists and the path is correct.`;
        add(e.file, 'liquid-error', t('Jekyll aborts the whole build: "{0}". {1} exists but {2}, so the build does not have it.', says, targets[0].rel, why(targets[0])), l);
        continue;
      }
      const r = map.resolve(l.target);
      if (!r || r.state === 'ok') continue;
      add(e.file, 'link-broken', r.state === 'held'
        ? t('This link points to {0}, the URL of {1}, but {2}: the link is broken until it is published.', l.target, r.post.rel, why(r.post))
        : r.state === 'case'
        ? t('This link points to {0}, which the site does not have; it has {1} (the case differs): the link is broken on case-sensitive hosts such as GitHub Pages.', l.target, r.other!)
        : t('This link points to {0}, which the site does not have (no post, page or file is written there): it will be broken.', l.target), l);
    }
  }
  return out;
}
