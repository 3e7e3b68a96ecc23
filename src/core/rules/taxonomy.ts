/** `categories`/`category` and `tags`/`tag`, as Document#merge_categories!, populate_categories and populate_tags read them. */
import { CheckContext } from '../context';
import type { FooterKnowledge } from '../footerKnowledge';
import { FmEntry } from '../frontmatter';
import { Fix } from '../types';
import { t } from '../l10n';

/** Ruby's String#split with no argument: ASCII whitespace only (U+3000 and the full-width comma do not split). */
export function rubySplit(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter(Boolean);
}

const yamlItem = (s: string) => (/^[\w\u4e00-\u9fff\u3400-\u4dbf-]+$/.test(s) && !/^(?:true|false|yes|no|on|off|null|~|\d[\d.]*)$/i.test(s) ? s : JSON.stringify(s));
export const yamlList = (items: string[]) => `[${items.map(yamlItem).join(', ')}]`;

function stringValue(e: FmEntry): string | undefined {
  if (e.style === 'plain' || e.style === 'quoted' || e.style === 'block') return typeof e.value === 'string' ? e.value : e.value === null ? undefined : String(e.value);
  return undefined;
}

/** Reports a plural key's string value that Jekyll will split other than the writer meant. */
function checkPluralString(ctx: CheckContext, e: FmEntry, noun: 'categories' | 'tags', knowsWhole: WholeNameKnown): void {
  if (typeof e.value !== 'string') return;
  const v = e.value;
  const parts = rubySplit(v);
  const fullWidth = /[，、；]/.test(v);
  const hasComma = v.includes(',');
  const replace = (title: string, text: string, preferred = false): Fix => ({ title, edits: [{ start: e.valueStart, end: e.valueEnd, newText: text }], preferred });
  if (hasComma) {
    const items = v.split(/[,，、；\s]+/).filter(Boolean);
    const names = parts.map(p => JSON.stringify(p)).join(', ');
    ctx.report(`${noun}-comma`, e.valueStart, e.valueEnd, noun === 'categories'
      ? t('Jekyll splits categories on spaces only, so the commas stay in the names: {0}. Write a YAML list: {1}.', names, yamlList(items))
      : t('Jekyll splits tags on spaces only, so the commas stay in the names: {0}. Write a YAML list: {1}.', names, yamlList(items)),
      [replace(t('Turn into a YAML list: {0}', yamlList(items)), yamlList(items), true)]);
    return;
  }
  if (parts.length > 1) {
    // Jekyll's documented form (several names), which a site may write on purpose: a slip only where the site
    // knows the whole string as one name
    if (!knowsWhole(noun, v.trim())) return;
    const names = parts.map(p => JSON.stringify(p)).join(', ');
    ctx.report(`${noun}-split`, e.valueStart, e.valueEnd, noun === 'categories'
      ? t('Jekyll splits this on whitespace into {0} categories: {1} (URL {2}). Write a YAML list to say which you mean.', parts.length, names, `/${parts.map(p => p.toLowerCase()).join('/')}/…`)
      : t('Jekyll splits this on whitespace into {0} tags: {1}. Write a YAML list to say which you mean.', parts.length, names),
      [replace(t('Turn into a YAML list: {0}', yamlList(parts)), yamlList(parts), true),
        replace(t('Keep as one: {0}', yamlList([v.trim()])), yamlList([v.trim()]))]);
    return;
  }
  if (fullWidth) {
    const items = v.split(/[，、；]+/).map(s => s.trim()).filter(Boolean);
    ctx.report(`${noun}-fullwidth-comma`, e.valueStart, e.valueEnd, noun === 'categories'
      ? t('A full-width separator is not a separator for Jekyll: this is one category, {0}.', JSON.stringify(v.trim()))
      : t('A full-width separator is not a separator for Jekyll: this is one tag, {0}.', JSON.stringify(v.trim())),
      items.length > 1 ? [replace(t('Turn into a YAML list: {0}', yamlList(items)), yamlList(items), true)] : []);
  }
}

/** Whether the site knows a space-separated categories/tags string as one name (another post, a category page). */
export type WholeNameKnown = (noun: 'categories' | 'tags', whole: string) => boolean;

/**
 * The site's knowledge as a WholeNameKnown: the vocabulary (a post that lists the whole string as one name) and the
 * category pages (one named by it). Nothing known before the site is read.
 */
export function wholeNameKnownIn(knowledge?: FooterKnowledge): WholeNameKnown {
  const v = knowledge?.vocabulary;
  return (noun, whole) => {
    if (noun === 'tags') return !!v?.tags.has(whole);
    if (v?.categories.has(whole)) return true;
    for (const [slug, title] of knowledge?.categoryPages ?? []) if (slug === whole || title === whole) return true;
    return false;
  };
}

/** The categories Jekyll ends with (folders above _posts first), and its tags. */
export function checkTaxonomy(ctx: CheckContext, knowsWhole: WholeNameKnown = () => false): { categories: string[]; tags: string[] } {
  const cats = ctx.entry('categories');
  const cat = ctx.entry('category');
  const tags = ctx.entry('tags');
  const tag = ctx.entry('tag');
  if (cats) checkPluralString(ctx, cats, 'categories', knowsWhole);
  if (tags) checkPluralString(ctx, tags, 'tags', knowsWhole);
  if (cat && cats) {
    ctx.report('category-and-categories', cat.keyStart, cat.keyEnd,
      t("Both 'category' and 'categories' are set: Jekyll merges them. Keep one key."));
  } else if (cat && typeof cat.value === 'string' && rubySplit(cat.value).length > 1) {
    ctx.report('category-not-split', cat.valueStart, cat.valueEnd,
      t("The singular 'category' is not split: this is one category, {0}, with spaces in its URL. Use 'categories' for several.", JSON.stringify(cat.value.trim())),
      [{ title: t('Use categories: {0}', yamlList(rubySplit(cat.value))), edits: [{ start: cat.keyStart, end: cat.valueEnd, newText: `categories: ${yamlList(rubySplit(cat.value))}` }] }]);
  }
  if (tag && tags) {
    ctx.report('tag-and-tags', tags.keyStart, tags.keyEnd, t("Both 'tag' and 'tags' are set: Jekyll uses 'tag' and ignores 'tags'. Keep one key."));
  } else if (tags && !tag && tags.value !== null && typeof tags.value !== 'string' && !Array.isArray(tags.value)) {
    ctx.report('tags-dropped', tags.valueStart, tags.valueEnd,
      t('Jekyll drops tags that are not a string or a list: this post gets no tags. Quote it: "{0}".', tags.raw),
      [{ title: t('Quote it: "{0}"', tags.raw), edits: [{ start: tags.valueStart, end: tags.valueEnd, newText: JSON.stringify(tags.raw) }], preferred: true }]);
  }
  return { categories: jekyllCategories(ctx), tags: jekyllTags(ctx) };
}

function asArray(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

const rubyToS = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'number' && Number.isInteger(v) ? String(v) : String(v));

/** Categories: folders above _posts, then the front matter's (strings split), then `category` (or `categories` again). */
function jekyllCategories(ctx: CheckContext): string[] {
  const dirs = ctx.relPath.split('/');
  const magic = dirs.findIndex(d => d === '_posts' || d === '_drafts');
  const fromPath = dirs.slice(0, Math.max(0, magic)).filter(Boolean);
  let cats: unknown[] = fromPath;
  const data = ctx.data;
  if (data.categories !== undefined && data.categories !== null) {
    const c = typeof data.categories === 'string' ? rubySplit(data.categories) : asArray(data.categories);
    cats = [...new Set([...fromPath, ...c])];
  }
  let extra: unknown[] = [];
  if ('category' in data) extra = asArray(data.category);
  else if (typeof data.categories === 'string') extra = rubySplit(data.categories);
  else if (Array.isArray(data.categories)) extra = data.categories.filter(x => x !== null);
  const all = [...cats, ...extra].flat().map(rubyToS);
  return [...new Set(all)];
}

function jekyllTags(ctx: CheckContext): string[] {
  const data = ctx.data;
  let v: unknown;
  if ('tag' in data) v = data.tag;
  else if ('tags' in data) v = typeof data.tags === 'string' ? rubySplit(data.tags) : Array.isArray(data.tags) ? data.tags.filter(x => x !== null) : undefined;
  return asArray(v).flat().filter(x => x !== null).map(rubyToS);
}

export { stringValue };
