/** The `_posts/YYYY-MM-DD-slug.ext` file name, as Jekyll's PostReader and Document#populate_title read it. */
import { CheckContext } from '../context';
import { readFileNameDate, DateRead } from '../jekyllDate';
import { t } from '../l10n';

/** Document::DATE_FILENAME_MATCHER of Jekyll 4, on the base name (the date must start the last path segment). */
export const DATE_FILENAME = /^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$/;
/** Jekyll 3's (GitHub Pages'), on the path below _posts/: a date may start a folder (`2021-12-08-x/post.md`, slug `x/post`). */
export const DATE_FILENAME_3 = /^(?:.+\/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$/;

/** The date, slug and extension Jekyll's post reader finds in a post's path, as its builder reads it. */
export function dateNameMatch(ctx: CheckContext): RegExpExecArray | null {
  return ctx.dateName === ctx.baseName ? DATE_FILENAME.exec(ctx.baseName) : DATE_FILENAME_3.exec(ctx.dateName);
}

export interface FileNameDate {
  text: string;
  slug: string;
  ext: string;
  read: DateRead;
}

export function fileNameDate(ctx: CheckContext): FileNameDate | undefined {
  const m = dateNameMatch(ctx);
  if (!m) return undefined;
  return { text: m[1], slug: m[2], ext: m[3], read: readFileNameDate(m[1], ctx.tz, ctx.now) };
}

/** The slug of a base name, with any date or leading dashes dropped. */
export function slugOf(baseName: string): { slug: string; ext: string } {
  const m = DATE_FILENAME.exec(baseName);
  if (m) return { slug: m[2], ext: m[3] };
  const dot = baseName.lastIndexOf('.');
  const stem = dot > 0 ? baseName.slice(0, dot) : baseName;
  return { slug: stem.replace(/^[-\d]*-(?=[^-])/, '').replace(/^-+/, '') || stem, ext: dot > 0 ? baseName.slice(dot) : '' };
}

/** Permalink styles whose URL ends in the slug then `.html` (Jekyll's built-in styles but `pretty`). */
const HTML_STYLES = new Set(['date', 'ordinal', 'weekdate', 'none']);

/**
 * A slug ending in `.` (`2022-05-31-x..md`): the URL's `x..html` becomes `x/html` on Jekyll 3 (GitHub Pages), which
 * turns `..` into `/`: the post is published at another address. Jekyll 4 keeps `x.html`.
 */
export function checkSlugDot(ctx: CheckContext): void {
  if (ctx.kind !== 'post' || ctx.builder === 'jekyll-4') return;
  const m = dateNameMatch(ctx);
  if (!m || !m[2].endsWith('.')) return;
  const permalink = typeof ctx.data.permalink === 'string' ? ctx.data.permalink : ctx.site?.config.permalink ?? 'date';
  if (!HTML_STYLES.has(permalink) && !/:(title|slug)(\.html|:output_ext)/.test(permalink)) return;
  const slug = m[2];
  const clean = slug.replace(/\.+$/, '');
  if (!clean) return;
  const newName = ctx.baseName.replace(`${slug}${m[3]}`, `${clean}${m[3]}`);
  const [s, e] = ctx.headRange;
  ctx.report('filename-slug-dot', s, e,
    t("The file name's slug '{0}' ends with a dot: Jekyll 3 (GitHub Pages) turns the '..' of '{0}.html' into '/' and publishes the post at …/{1}/html. Rename the file to '{2}'.", slug, clean, newName),
    newName !== ctx.baseName && !slug.includes('/') ? [{ title: t('Rename the file to {0}', newName), edits: [], renameTo: newName, preferred: true }] : []);
}

/** Reports a post name Jekyll does not read. Returns false when the post is skipped. */
export function checkFileName(ctx: CheckContext, fmDay: string | undefined): boolean {
  if (ctx.kind !== 'post') return true;
  if (dateNameMatch(ctx)) return true;
  const [s, e] = ctx.headRange;
  const { slug, ext } = slugOf(ctx.baseName);
  const newName = `${fmDay}-${slug}${ext}`;
  const fixes = fmDay ? [{ title: t('Rename the file to {0}', newName), edits: [], renameTo: newName, preferred: true }] : [];
  const pattern = `YYYY-MM-DD-slug${ext || '.md'}`;
  ctx.report('filename-no-date', s, e, fmDay
    ? t("Jekyll skips this post without a word: its file name '{0}' does not start with a date ({1}). Rename it to '{2}'.", ctx.baseName, pattern, newName)
    : t("Jekyll skips this post without a word: its file name '{0}' does not start with a date ({1}).", ctx.baseName, pattern), fixes);
  return false;
}
