/**
 * The index of every post of the workspace's sites: one small summary per post (never its text), kept current
 * file by file, with per-site totals maintained incrementally. The editor's workspace scan fills it; the status
 * bar, the "will not publish" view and the site knowledge (categories, tags, sources) read from it.
 */
import * as path from 'path';
import { t } from './l10n';
import { Severity, JekyllOutcome } from './types';
import { PostFacts, SiteVocabulary, emptyVocabulary, addPostToVocabulary, removePostFromVocabulary } from './vocabulary';

/** Why Jekyll will not publish a post as written (one reason per post, the first that applies in this order). */
export type HoldReason = 'bad-name' | 'bad-date' | 'front-matter' | 'unpublished' | 'future' | 'aborts' | 'not-text';

/** The reasons in the order they are judged and shown; label and detail in the display language. */
export const HOLD_REASONS: Array<{ reason: HoldReason; label(): string; detail(): string }> = [
  { reason: 'bad-name', label: () => t('Bad file name'), detail: () => t('the name does not start with YYYY-MM-DD-: Jekyll skips the file') },
  { reason: 'bad-date', label: () => t('Bad date'), detail: () => t('an impossible date: Jekyll aborts the build (or skips the file)') },
  { reason: 'front-matter', label: () => t('Front matter ignored'), detail: () => t('Jekyll reads no front matter: no layout, title, date or categories') },
  { reason: 'unpublished', label: () => t('Unpublished'), detail: () => t('set to published: false') },
  { reason: 'future', label: () => t('Future'), detail: () => t('dated after now: held back until then') },
  { reason: 'aborts', label: () => t('Build aborts'), detail: () => t('a Liquid error or strict front matter: the whole build fails') },
  { reason: 'not-text', label: () => t('Not a text post'), detail: () => t('not UTF-8, binary or unreadable: Jekyll skips or fails on it') },
];

const BAD_DATE = new Set(['date-invalid', 'filename-date-invalid']);
const NOT_TEXT = new Set(['file-not-utf8', 'file-binary', 'file-unreadable']);

/** The reason a checked post will not be published as written, or undefined when Jekyll publishes it. */
export function holdReason(jekyll: Pick<JekyllOutcome, 'fate' | 'frontMatter'>, codes: Iterable<string>): HoldReason | undefined {
  const set = codes instanceof Set ? (codes as Set<string>) : new Set(codes);
  for (const c of NOT_TEXT) if (set.has(c)) return 'not-text';
  if (set.has('filename-no-date')) return 'bad-name';
  for (const c of BAD_DATE) if (set.has(c)) return 'bad-date';
  if (jekyll.fate === 'skipped') return 'bad-name';
  if (jekyll.frontMatter !== 'read') return 'front-matter';
  if (jekyll.fate === 'unpublished') return 'unpublished';
  if (jekyll.fate === 'future') return 'future';
  if (jekyll.fate === 'abort') return 'aborts';
  return undefined;
}

/** What the index keeps of a checked post (never its text): computed where the post was checked, maybe a worker. */
export interface PostCore {
  fate: JekyllOutcome['fate'];
  frontMatter: JekyllOutcome['frontMatter'];
  title?: string | null;
  date?: string;
  /** page.url as the site's builder computes it (src/core/url.ts), site-relative. */
  url?: string;
  errors: number;
  warnings: number;
  infos: number;
  /** Distinct rule codes reported. */
  codes: string[];
  /** The first error's message (or the first problem's), for the view's tooltip. */
  firstMessage?: string;
  hold?: HoldReason;
  /** What the site map needs (src/core/siteMap.ts): the post's categories as Jekyll holds them, the id of the story its share link names, its links inside the site. */
  categories?: string[];
  sourceId?: string;
  links?: PostLinkRef[];
}

/** A link of a post's body that points inside its site (src/core/links.ts), at 1-based positions. */
export interface PostLinkRef {
  kind: 'post_url' | 'link' | 'href';
  target: string;
  written?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface PostSummary extends PostCore {
  /** Absolute path. */
  file: string;
  /** The site's root folder ('' for a post outside any site). */
  siteRoot: string;
  /** Size and modification time of the file when read (to skip re-reading unchanged files). */
  size: number;
  mtimeMs: number;
  /** What the post adds to its site's vocabulary. */
  facts?: PostFacts;
}

/** The summary of a check (after the severity settings were applied). */
export function summarizeCheck(diagnostics: ReadonlyArray<{ severity: Severity; code: string; message: string }>, o: Pick<JekyllOutcome, 'fate' | 'frontMatter' | 'title' | 'date' | 'url'> & { categories?: string[] }): PostCore {
  const count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const codes = new Set<string>();
  for (const d of diagnostics) {
    count[d.severity]++;
    codes.add(d.code);
  }
  const first = diagnostics.find(d => d.severity === 'error') ?? diagnostics[0];
  const core: PostCore = { fate: o.fate, frontMatter: o.frontMatter, errors: count.error, warnings: count.warning, infos: count.info, codes: [...codes] };
  if (o.title !== undefined) core.title = o.title;
  if (o.date !== undefined) core.date = o.date;
  if (o.url !== undefined) core.url = o.url;
  if (o.categories?.length) core.categories = o.categories;
  if (first) core.firstMessage = first.message;
  const hold = holdReason(o, codes);
  if (hold) core.hold = hold;
  return core;
}

export interface SiteTotals {
  posts: number;
  errors: number;
  warnings: number;
  infos: number;
  held: Record<HoldReason, number>;
}

const emptyHeld = (): Record<HoldReason, number> => ({ 'bad-name': 0, 'bad-date': 0, 'front-matter': 0, unpublished: 0, future: 0, aborts: 0, 'not-text': 0 });
export const emptyTotals = (): SiteTotals => ({ posts: 0, errors: 0, warnings: 0, infos: 0, held: emptyHeld() });

/** What the index knows of a file it has read: when, and what it adds to its site's vocabulary. */
export interface FactsEntry {
  file: string;
  siteRoot: string;
  size: number;
  mtimeMs: number;
  /** Undefined when the post is not UTF-8 text (it adds nothing). */
  facts?: PostFacts;
}

/**
 * Every post of the scanned sites, at two depths: its vocabulary facts (enough for completion, did-you-mean and
 * footers: a site can be read for these alone) and, once checked, a summary of its check (counts, Jekyll's
 * fate). Per-site totals and vocabularies are kept post by post, never recomputed.
 */
export class PostIndex {
  private readonly posts = new Map<string, PostSummary>();
  private readonly facts = new Map<string, FactsEntry>();
  private readonly totals = new Map<string, SiteTotals>();
  /** Folders holding indexed files, with how many (to find the files under a deleted folder without a full pass). */
  private readonly dirs = new Map<string, number>();
  private readonly vocabularies = new Map<string, SiteVocabulary>();
  /** Bumped on every change (views compare it to know when to refresh). */
  version = 0;

  constructor(private readonly sep = path.sep) {}

  /** Checked posts. */
  get size(): number {
    return this.posts.size;
  }

  /** The check summary of a post (undefined when it was not checked, only read for its facts). */
  get(file: string): PostSummary | undefined {
    return this.posts.get(file);
  }

  has(file: string): boolean {
    return this.posts.has(file);
  }

  /** What the index read of a file (checked or only read for its facts): size, mtime, facts. */
  entry(file: string): FactsEntry | undefined {
    return this.facts.get(file);
  }

  /** The facts of a post as its site's vocabulary counts them. */
  factsOf(file: string): PostFacts | undefined {
    return this.facts.get(file)?.facts;
  }

  values(): IterableIterator<PostSummary> {
    return this.posts.values();
  }

  /** Every file the index holds (checked or facts only). */
  files(): IterableIterator<string> {
    return this.facts.keys();
  }

  sites(): string[] {
    return [...this.totals.keys()].filter(r => this.totals.get(r)!.posts > 0).sort();
  }

  /** Records what a file adds to its site's vocabulary (replacing what it added before). */
  setFacts(e: FactsEntry): void {
    const prev = this.facts.get(e.file);
    if (prev) this.vocab(prev, -1);
    else this.addDir(e.file, 1);
    this.facts.set(e.file, e);
    this.vocab(e, 1);
    this.version++;
  }

  /** Records a checked post (and its facts). */
  set(s: PostSummary): void {
    const prev = this.posts.get(s.file);
    if (prev) this.account(prev, -1);
    this.posts.set(s.file, s);
    this.account(s, 1);
    this.setFacts({ file: s.file, siteRoot: s.siteRoot, size: s.size, mtimeMs: s.mtimeMs, facts: s.facts });
  }

  /** Forgets a file; returns its check summary, if it had one. */
  delete(file: string): PostSummary | undefined {
    const f = this.facts.get(file);
    if (f) {
      this.facts.delete(file);
      this.vocab(f, -1);
      this.addDir(file, -1);
    }
    const prev = this.posts.get(file);
    if (prev) {
      this.posts.delete(file);
      this.account(prev, -1);
    }
    if (f || prev) this.version++;
    return prev;
  }

  /** Forgets every file at or below a path (a deleted or renamed folder, or a file); returns the checked ones. */
  deleteUnder(p: string): PostSummary[] {
    const out: PostSummary[] = [];
    const one = this.delete(p);
    if (one) out.push(one);
    const prefix = p.endsWith(this.sep) ? p : p + this.sep;
    if (![...this.dirs.keys()].some(d => d === p || d.startsWith(prefix))) return out;
    for (const f of [...this.facts.keys()]) {
      if (!f.startsWith(prefix)) continue;
      const s = this.delete(f);
      if (s) out.push(s);
    }
    return out;
  }

  clear(): void {
    for (const f of [...this.facts.keys()]) this.delete(f);
  }

  /** Totals of one site, or of every site (checked posts). */
  totalsOf(root?: string): SiteTotals {
    if (root !== undefined) return cloneTotals(this.totals.get(root) ?? emptyTotals());
    const t = emptyTotals();
    for (const s of this.totals.values()) addTotals(t, s, 1);
    return t;
  }

  /**
   * What a site's posts use (categories, tags, footer sources, with counts), kept post by post: no scan of its
   * own. Undefined while no post of the site was read.
   */
  vocabulary(root: string): SiteVocabulary | undefined {
    return this.vocabularies.get(root);
  }

  /** The posts Jekyll will not publish as written, by reason (each list sorted by path). */
  held(root?: string): Map<HoldReason, PostSummary[]> {
    const out = new Map<HoldReason, PostSummary[]>();
    for (const s of this.posts.values()) {
      if (!s.hold || (root !== undefined && s.siteRoot !== root)) continue;
      let list = out.get(s.hold);
      if (!list) out.set(s.hold, (list = []));
      list.push(s);
    }
    for (const list of out.values()) list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return out;
  }

  private account(s: PostSummary, sign: 1 | -1): void {
    let t = this.totals.get(s.siteRoot);
    if (!t) this.totals.set(s.siteRoot, (t = emptyTotals()));
    t.posts += sign;
    t.errors += sign * s.errors;
    t.warnings += sign * s.warnings;
    t.infos += sign * s.infos;
    if (s.hold) t.held[s.hold] += sign;
  }

  private vocab(e: FactsEntry, sign: 1 | -1): void {
    let v = this.vocabularies.get(e.siteRoot);
    if (!v) this.vocabularies.set(e.siteRoot, (v = emptyVocabulary()));
    if (!e.facts) return;
    if (sign > 0) addPostToVocabulary(v, e.facts);
    else removePostFromVocabulary(v, e.facts);
  }

  private addDir(file: string, n: number): void {
    const dir = file.slice(0, file.lastIndexOf(this.sep));
    const c = (this.dirs.get(dir) ?? 0) + n;
    if (c > 0) this.dirs.set(dir, c);
    else this.dirs.delete(dir);
  }
}

function cloneTotals(t: SiteTotals): SiteTotals {
  return { ...t, held: { ...t.held } };
}

function addTotals(into: SiteTotals, t: SiteTotals, sign: number): void {
  into.posts += sign * t.posts;
  into.errors += sign * t.errors;
  into.warnings += sign * t.warnings;
  into.infos += sign * t.infos;
  for (const k of Object.keys(into.held) as HoldReason[]) into.held[k] += sign * t.held[k];
}
