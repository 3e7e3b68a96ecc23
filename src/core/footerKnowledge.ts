/**
 * What a site knows about its footers, from three places (settings first, then its posts, then its
 * category pages), and the footer a post should have. Category slugs cannot be rebuilt from the Chinese name
 * (央行 -> `yangxingwangzhan`), so every mapping here is learned, never guessed. Pure: no `vscode`, no files.
 */
import { SiteVocabulary, PostFacts } from './vocabulary';
import { Footer, CANONICAL_FORM, SOURCE_LABEL, formOf } from './footer';

/** One entry of `newsPost.footer.sources`. */
export interface FooterSourceSetting {
  category: string;
  source: string;
  /** Defaults to `<source>新闻`. */
  tag?: string;
}

export interface FooterSettings {
  /** Base of the navigation links, e.g. `//finews.withounder.com/`. */
  siteUrl?: string;
  /** Share link of a post; `{id}` stands for the id in its file name (appended when absent). */
  shareLinkBase?: string;
  sources?: FooterSourceSetting[];
}

export interface FooterKnowledge {
  vocabulary?: SiteVocabulary;
  /** category slug -> the `title:` of its `category/<slug>.html` page. */
  categoryPages?: Map<string, string>;
  settings?: FooterSettings;
  /** This post's facts as the vocabulary already counts them: left out when the post is judged against its site. */
  self?: PostFacts;
}

export interface CategoryInfo {
  slug: string;
  /** The text after 返回 in the footer link, which is also the tag (e.g. 央行网站新闻, 东财滚动新闻). */
  label?: string;
  /** The one source of a per-source category (e.g. 央行网站); undefined for a category of many sources. */
  source?: string;
  /** How the footer links back: `category/<slug>.html` or `<slug>/`. */
  style: 'category' | 'folder';
  /** Other posts of the site in this category. */
  posts: number;
  /** Where the label came from. */
  from?: 'settings' | 'posts' | 'page';
}

const NEWS = '新闻';
const hasHan = (s: string) => /[\u3400-\u9fff]/.test(s);

const NO_COUNTS: ReadonlyMap<string, number> = new Map();

/**
 * A count map read without this post's own contribution: a copy only when there is something to leave out (the
 * maps can hold thousands of categories, and this runs for every post checked), so never mutate the result.
 */
function others(m: Map<string, number> | undefined, selfKeys: Iterable<string> | undefined): Map<string, number> {
  const keys = selfKeys ? [...selfKeys].filter(k => m?.has(k)) : [];
  if (keys.length === 0) return (m ?? NO_COUNTS) as Map<string, number>;
  const out = new Map(m);
  for (const k of keys) {
    const n = (out.get(k) ?? 0) - 1;
    if (n > 0) out.set(k, n);
    else out.delete(k);
  }
  return out;
}

/** One count of a map without this post's own contribution. */
function countOthers(m: Map<string, number> | undefined, key: string, self: boolean): number {
  return Math.max(0, (m?.get(key) ?? 0) - (self ? 1 : 0));
}

function top(m: Map<string, number>): { key?: string; count: number; total: number } {
  let key: string | undefined;
  let count = 0;
  let total = 0;
  for (const [k, c] of m) {
    total += c;
    if (c > count) {
      key = k;
      count = c;
    }
  }
  return { key, count, total };
}

const ensureSlash = (u: string) => (u.endsWith('/') ? u : u + '/');

/** The knowledge of one site, read with the post being judged left out. */
export class SiteFooters {
  private readonly v?: SiteVocabulary;
  private readonly self?: PostFacts;
  constructor(readonly k: FooterKnowledge = {}) {
    this.v = k.vocabulary;
    this.self = k.vocabulary ? k.self : undefined;
  }

  private selfIn(cat: string, value: string | undefined): string[] | undefined {
    return this.self && value !== undefined && this.self.categories.includes(cat) ? [value] : undefined;
  }

  private inner(m: Map<string, Map<string, number>> | undefined, cat: string, selfValue: string | undefined): Map<string, number> {
    return others(m?.get(cat), this.selfIn(cat, selfValue));
  }

  /** Posts of the site other than this one. */
  get otherPosts(): number {
    return Math.max(0, (this.v?.posts ?? 0) - (this.self ? 1 : 0));
  }

  /** Whether the site has told us anything at all (settings, category pages, other posts). */
  get informed(): boolean {
    return this.otherPosts > 0 || (this.k.categoryPages?.size ?? 0) > 0 || !!this.k.settings?.sources?.length || !!this.k.settings?.siteUrl;
  }

  /**
   * Whether the site writes attribution footers: its settings describe them, or at least half of its other posts end
   * with a source or navigation line. Before the site is read (a lone post), the post's own footer tells (a source
   * line or a navigation line of its own: a bare `<link>` is no footer).
   */
  hasFooterConvention(postHasFooter: boolean): boolean {
    const st = this.k.settings;
    if (st?.sources?.length || st?.siteUrl || st?.shareLinkBase) return true;
    const others = this.otherPosts;
    if (!this.v || others < 3) return postHasFooter;
    return Math.max(this.partCount('source'), this.partCount('nav')) * 2 >= others;
  }

  /** Other posts with each footer part. */
  partCount(part: 'source' | 'share' | 'nav'): number {
    return countOthers(this.v?.parts, part, !!this.self?.parts?.includes(part));
  }

  /** Other posts of a category with a navigation line. */
  categoryNavCount(slug: string): number {
    let n = 0;
    for (const c of this.inner(this.v?.navStyles, slug, this.self?.navStyle).values()) n += c;
    return n;
  }

  /** Other posts in a category. */
  categoryCount(slug: string): number {
    return countOthers(this.v?.categories, slug, !!this.self?.categories.includes(slug));
  }

  /** Every category the site knows (posts, category pages, settings), with its count of other posts. */
  knownCategories(): Map<string, number> {
    const out = new Map(others(this.v?.categories, this.self?.categories));
    for (const slug of this.k.categoryPages?.keys() ?? []) if (!out.has(slug)) out.set(slug, 0);
    for (const s of this.k.settings?.sources ?? []) if (s.category && !out.has(s.category)) out.set(s.category, 0);
    return out;
  }

  isKnownCategory(slug: string): boolean {
    return this.categoryCount(slug) > 0 || !!this.k.categoryPages?.has(slug) || !!this.k.settings?.sources?.some(s => s.category === slug);
  }

  /** The site URL of the navigation links: the setting, else what most posts use, else `/`. */
  get siteUrl(): string {
    if (this.k.settings?.siteUrl) return ensureSlash(this.k.settings.siteUrl.trim());
    return top(others(this.v?.siteUrls, this.self?.siteUrl ? [this.self.siteUrl] : undefined)).key ?? '/';
  }

  /** Whether the site URL is known (setting or posts) rather than the `/` fallback. */
  get siteUrlKnown(): boolean {
    return !!this.k.settings?.siteUrl || top(others(this.v?.siteUrls, this.self?.siteUrl ? [this.self.siteUrl] : undefined)).key !== undefined;
  }

  /** The spelling of the source line most posts use (`（文章来源：…）` when none is known). */
  get majorityForm(): string {
    return top(others(this.v?.forms, this.self?.form ? [this.self.form] : undefined)).key ?? CANONICAL_FORM;
  }

  /** The navigation separator most posts use (`｜` when none is known). */
  get majoritySeparator(): string {
    return top(others(this.v?.navSeparators, this.self?.navSeparator ? [this.self.navSeparator] : undefined)).key ?? '｜';
  }

  category(slug: string): CategoryInfo {
    const info: CategoryInfo = { slug, style: 'category', posts: this.categoryCount(slug) };
    const setting = this.k.settings?.sources?.find(s => s.category === slug);
    // the post's own tags are left out by hand (several of them)
    const tagCounts = new Map(this.inner(this.v?.categoryTags, slug, undefined));
    if (this.self?.categories.includes(slug)) for (const t of this.self.tags) {
      const n = (tagCounts.get(t) ?? 0) - 1;
      if (n > 0) tagCounts.set(t, n);
      else tagCounts.delete(t);
    }
    const tag = top(tagCounts).key;
    const label = top(this.inner(this.v?.navLabels, slug, this.self?.navLabel)).key;
    const source = top(this.inner(this.v?.sources, slug, this.self?.source));
    const style = top(this.inner(this.v?.navStyles, slug, this.self?.navStyle)).key as CategoryInfo['style'] | undefined;
    if (setting) {
      info.source = setting.source;
      info.label = setting.tag ?? setting.source + NEWS;
      info.from = 'settings';
    } else if (label || tag) {
      info.label = label ?? tag;
      info.from = 'posts';
      // a per-source category: its posts name one source, and its label is that source + 新闻
      if (source.key && info.label === source.key + NEWS && source.count * 10 >= source.total * 8) info.source = source.key;
    } else {
      const title = this.k.categoryPages?.get(slug);
      if (title && hasHan(title)) {
        info.label = title;
        info.source = title.endsWith(NEWS) ? title.slice(0, -NEWS.length) : title;
        info.from = 'page';
      }
    }
    if (style) info.style = style;
    return info;
  }

  /** Sources to offer, most used first: those of the given categories first, then every other known one. */
  sourceChoices(categories: string[] = []): string[] {
    const score = new Map<string, number>();
    const add = (name: string, n: number) => score.set(name, (score.get(name) ?? 0) + n);
    for (const c of categories) for (const [s, n] of this.inner(this.v?.sources, c, this.self?.source)) add(s, n * 1000);
    for (const [c, m] of this.v?.sources ?? []) {
      void c;
      for (const [s, n] of m) add(s, n);
    }
    for (const s of this.k.settings?.sources ?? []) add(s.source, 1);
    for (const t of this.k.categoryPages?.values() ?? []) if (hasHan(t) && t.endsWith(NEWS)) add(t.slice(0, -NEWS.length), 0);
    return [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(e => e[0]);
  }

  /** The category a source belongs to (settings, then posts of per-source categories, then category pages). */
  categoryOfSource(source: string): string | undefined {
    const s = this.k.settings?.sources?.find(x => x.source === source);
    if (s) return s.category;
    for (const slug of this.v?.sources.keys() ?? []) if (this.category(slug).source === source) return slug;
    for (const [slug, title] of this.k.categoryPages ?? []) if (title === source + NEWS) return slug;
    return undefined;
  }

  /** The share link of a post, when the site's links follow one template of the file's id. */
  shareLinkFor(categories: string[], fileId: string | undefined): string | undefined {
    if (!fileId) return undefined;
    const base = this.k.settings?.shareLinkBase?.trim();
    if (base) return base.includes('{id}') ? base.replace('{id}', fileId) : base + fileId;
    for (const c of categories) {
      const t = top(this.inner(this.v?.shareTemplates, c, this.self?.shareTemplate));
      // one template for (nearly) every share link of the category
      if (t.key && t.count * 10 >= t.total * 9 && t.count >= Math.max(1, Math.ceil(this.categoryCount(c) * 0.5))) return t.key.replace('{id}', fileId);
    }
    return undefined;
  }

  /** A guess to pre-fill a prompt with (the category's most used template), not to be written unasked. */
  shareLinkGuess(categories: string[], fileId: string | undefined): string | undefined {
    if (!fileId) return undefined;
    for (const c of categories) {
      const t = top(this.inner(this.v?.shareTemplates, c, this.self?.shareTemplate));
      if (t.key) return t.key.replace('{id}', fileId);
    }
    return undefined;
  }
}

/** A category page URL: `<site>category/<slug>.html` or `<site><slug>/` (spaces and parentheses escaped for Markdown). */
export function categoryUrl(siteUrl: string, slug: string, style: CategoryInfo['style']): string {
  const s = slug.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
  return style === 'folder' ? `${ensureSlash(siteUrl)}${s}/` : `${ensureSlash(siteUrl)}category/${s}.html`;
}

export function navLine(label: string | undefined, url: string | undefined, siteUrl: string, separator = '｜'): string {
  const home = `[返回首页](${ensureSlash(siteUrl)})`;
  if (!label || !url) return home;
  return `[返回${label}](${url})${separator === '\n' ? '\n' : separator}${home}`;
}

export function sourceLine(name: string, form = CANONICAL_FORM): string {
  return `<p class="em_media">${form.replace('…', name)}</p>`;
}

/** A source-line spelling split into its parts: `（文章来源：…）` -> open, label, colon, close. */
export function formParts(form: string): { open: string; label: string; colon: string; close: string } {
  const m = /^([（(]?)(.*?)([：:]?)…([）)]?)$/.exec(form);
  return m ? { open: m[1], label: m[2], colon: m[3], close: m[4] } : { open: '（', label: SOURCE_LABEL, colon: '：', close: '）' };
}

export { formOf };

export interface FooterRequest {
  categories: string[];
  tags: string[];
  /** The id in the post's file name (for a share link that follows the site's template). */
  fileId?: string;
  existing?: Footer;
  /** The source chosen by the writer (overrides what is known); null: no source line. */
  source?: string | null;
  /** The share link URL given by the writer. */
  share?: string;
}

export interface BuiltFooter {
  category?: CategoryInfo;
  /** The label after 返回 (also the tag a post of this category carries). */
  label?: string;
  /** The source named in the source line (undefined: no source line). */
  source?: string;
  sourceLine?: string;
  /** The share link URL; undefined when it is not known. */
  shareUrl?: string;
  nav: string;
  /** What could not be known: the caller asks for it (or leaves it out). */
  needs: Array<'share' | 'source'>;
}

/**
 * The footer a post should have. The front matter is the truth: its first category gives the link, its tag the
 * label. The share link and source of an existing footer are kept.
 */
export function buildFooter(req: FooterRequest, site: SiteFooters): BuiltFooter {
  const needs: BuiltFooter['needs'] = [];
  const slug = req.categories.find(c => site.category(c).label) ?? req.categories[0];
  const info = slug !== undefined ? site.category(slug) : undefined;
  const existingSource = req.existing?.source?.name || undefined;
  let source: string | undefined;
  if (req.source === null) source = undefined;
  else source = req.source ?? existingSource ?? info?.source;
  // the label: the post's tag that the category's posts carry, else its only tag, else what the site knows
  let label: string | undefined;
  if (info?.label && req.tags.includes(info.label)) label = info.label;
  else if (req.tags.length === 1) label = req.tags[0];
  else label = info?.label ?? (req.source ? req.source + NEWS : undefined);
  if (!info?.label && !info?.source && req.source === undefined && !existingSource) needs.push('source');
  const existingShare = req.existing?.share?.url || undefined;
  const shareUrl = req.share ?? existingShare ?? site.shareLinkFor(req.categories, req.fileId);
  if (!shareUrl) needs.push('share');
  const siteUrl = site.siteUrl;
  const url = slug !== undefined ? categoryUrl(siteUrl, slug, info!.style) : undefined;
  return {
    category: info, label, source, shareUrl, needs,
    sourceLine: source ? sourceLine(source, site.majorityForm) : undefined,
    nav: navLine(label, url, siteUrl, site.majoritySeparator),
  };
}

/** The facts a post's front matter gives the builder. */
export function requestOf(facts: PostFacts, fileId?: string): FooterRequest {
  return { categories: facts.categories, tags: facts.tags, fileId };
}
