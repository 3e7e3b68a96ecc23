/**
 * What a site already uses: its categories, tags, the sources named in each category's footers and the
 * spelling of the source line. Kept per site, post by post (add/remove), by the whole-site index; built by a
 * simple scan in the CLI and tests. Pure: no `vscode`, no file system.
 */
import { splitFrontMatter, parseFrontMatter } from './frontmatter';
import { parseFooter } from './footer';

export interface SiteVocabulary {
  /** Category -> number of posts. */
  categories: Map<string, number>;
  /** Tag -> number of posts. */
  tags: Map<string, number>;
  /** category slug -> source name -> posts */
  sources: Map<string, Map<string, number>>;
  /** footer form counts for the majority form (e.g. `（文章来源：…）` -> posts) */
  forms: Map<string, number>;
  /** category slug -> tag -> posts (the tag a category's posts carry, e.g. yangxingwangzhan -> 央行网站新闻). */
  categoryTags: Map<string, Map<string, number>>;
  /** category slug -> label of its footer link without 返回 (e.g. 央行网站新闻) -> posts. */
  navLabels: Map<string, Map<string, number>>;
  /** Site URLs of the footers' 返回首页 links (e.g. `//finews.withounder.com/`) -> posts. */
  siteUrls: Map<string, number>;
  /** category slug -> how its footers link back: `category` (`category/<slug>.html`) or `folder` (`/<slug>/`) -> posts. */
  navStyles: Map<string, Map<string, number>>;
  /** category slug -> share-link template (the URL with the post's file id as `{id}`) -> posts. */
  shareTemplates: Map<string, Map<string, number>>;
  /** Navigation line separators (`｜`, `|`, '\n' for two lines) -> posts. */
  navSeparators: Map<string, number>;
  /** Posts with each footer part (`source`, `share`, `nav`) -> posts. */
  parts: Map<string, number>;
  /** Posts counted. */
  posts: number;
}

/** What one post contributes to its site's vocabulary. */
export interface PostFacts {
  categories: string[];
  tags: string[];
  /** The footer's source name (`（文章来源：X）` -> X). */
  source?: string;
  /** The footer's source-line spelling, e.g. `（文章来源：…）`. */
  form?: string;
  /** The navigation line's category label without 返回 (e.g. 央行网站新闻). */
  navLabel?: string;
  navStyle?: 'category' | 'folder';
  siteUrl?: string;
  /** The share link with the file's id replaced by `{id}` (only when it holds the id of the post's file name). */
  shareTemplate?: string;
  navSeparator?: string;
  /** The footer parts the post has: `source`, `share`, `nav`. */
  parts?: string[];
}

export function emptyVocabulary(): SiteVocabulary {
  return {
    categories: new Map(), tags: new Map(), sources: new Map(), forms: new Map(), categoryTags: new Map(),
    navLabels: new Map(), siteUrls: new Map(), navStyles: new Map(), shareTemplates: new Map(), navSeparators: new Map(), parts: new Map(), posts: 0,
  };
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}

function bump2(m: Map<string, Map<string, number>>, outer: string, key: string, by: number): void {
  let inner = m.get(outer);
  if (!inner) {
    if (by <= 0) return;
    inner = new Map();
    m.set(outer, inner);
  }
  bump(inner, key, by);
  if (inner.size === 0) m.delete(outer);
}

function apply(v: SiteVocabulary, f: PostFacts, by: 1 | -1): void {
  v.posts = Math.max(0, v.posts + by);
  const cats = [...new Set(f.categories)];
  for (const c of cats) bump(v.categories, c, by);
  for (const t of new Set(f.tags)) bump(v.tags, t, by);
  if (f.form) bump(v.forms, f.form, by);
  if (f.siteUrl) bump(v.siteUrls, f.siteUrl, by);
  if (f.navSeparator) bump(v.navSeparators, f.navSeparator, by);
  for (const p of new Set(f.parts ?? [])) bump(v.parts, p, by);
  for (const c of cats) {
    if (f.source) bump2(v.sources, c, f.source, by);
    for (const t of new Set(f.tags)) bump2(v.categoryTags, c, t, by);
    if (f.navLabel) bump2(v.navLabels, c, f.navLabel, by);
    if (f.navStyle) bump2(v.navStyles, c, f.navStyle, by);
    if (f.shareTemplate) bump2(v.shareTemplates, c, f.shareTemplate, by);
  }
}

export function addPostToVocabulary(v: SiteVocabulary, facts: PostFacts): void {
  apply(v, facts, 1);
}

/** Undoes addPostToVocabulary with the same facts. */
export function removePostFromVocabulary(v: SiteVocabulary, facts: PostFacts): void {
  apply(v, facts, -1);
}

/** Ruby's String#split with no argument. */
const rubySplit = (s: string): string[] => s.split(/[ \t\n\v\f\r]+/).filter(Boolean);

function listOf(v: unknown, split: boolean): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return split ? rubySplit(v) : [v];
  if (Array.isArray(v)) return v.filter(x => x !== null && x !== undefined && typeof x !== 'object').map(String);
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  return [];
}

/** The id part of a post's file name (`2022-05-30-NW202205302396506117.md` -> `NW202205302396506117`). */
export function fileIdOf(relPath: string): string | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const m = /^(?:\d{4}-\d{2}-\d{2})?-(.+)$/.exec(base);
  return m && m[1].length >= 6 ? m[1] : undefined;
}

/** The share link as a template of the file's id: `http://h/x.html?infoCode=NW2022…` -> `http://h/x.html?infoCode={id}`. */
export function shareTemplateOf(url: string, fileId: string | undefined): string | undefined {
  if (!fileId || !url.includes(fileId)) return undefined;
  const at = url.lastIndexOf(fileId);
  return url.slice(0, at) + '{id}' + url.slice(at + fileId.length);
}

/**
 * The facts of one post: its categories and tags as Jekyll reads them (`category`+`categories`, `tag` or `tags`;
 * strings split on whitespace; folders above `_posts/` when relPath is given) and its footer's source and form.
 */
export function postFactsOf(text: string, relPath?: string): PostFacts {
  const facts: PostFacts = { categories: [], tags: [] };
  if (text.length > 16 * 1024 * 1024 || text.includes('\0')) return facts;
  const split = splitFrontMatter(text);
  let bodyStart = split.bom;
  if (split.kind === 'ok') {
    bodyStart = split.bodyStart;
    const fm = parseFrontMatter(text, split);
    if (fm.errors.length === 0) {
      const val = (k: string) => fm.byKey.get(k)?.value;
      const fromPath: string[] = [];
      if (relPath) {
        const dirs = relPath.split('/');
        const magic = dirs.findIndex(d => d === '_posts' || d === '_drafts');
        if (magic > 0) fromPath.push(...dirs.slice(0, magic).filter(Boolean));
      }
      facts.categories = [...new Set([...fromPath, ...listOf(val('categories'), true), ...listOf(val('category'), false)])];
      facts.tags = [...new Set(fm.byKey.has('tag') ? listOf(val('tag'), false) : listOf(val('tags'), true))];
    }
  }
  const footer = parseFooter(text, bodyStart);
  const parts: string[] = [];
  if (footer.source) parts.push('source');
  if (footer.share) parts.push('share');
  if (footer.nav) parts.push('nav');
  if (parts.length) facts.parts = parts;
  if (footer.source) {
    if (footer.source.name) facts.source = footer.source.name;
    if (footer.source.form) facts.form = footer.source.form;
  }
  if (footer.nav) {
    if (footer.nav.categoryLabel) facts.navLabel = footer.nav.categoryLabel;
    if (footer.nav.siteUrl) facts.siteUrl = footer.nav.siteUrl;
    // the layout of lines with absolute links only (the relative ones come from an old generator and are broken)
    if (footer.nav.separator && footer.nav.siteUrl) facts.navSeparator = footer.nav.separator;
    if (footer.nav.category) facts.navStyle = /category\/[^/]+\.html/.test(footer.nav.category.url) ? 'category' : 'folder';
  }
  if (footer.share?.url && relPath) {
    const template = shareTemplateOf(footer.share.url, fileIdOf(relPath));
    if (template) facts.shareTemplate = template;
  }
  return facts;
}

/** The most used key of a count map (ties: the first seen). */
export function majority(m: Map<string, number> | undefined): string | undefined {
  if (!m) return undefined;
  let best: string | undefined;
  let n = 0;
  for (const [k, c] of m) {
    if (c > n) {
      best = k;
      n = c;
    }
  }
  return best;
}
