/** The `date` key and the file-name date, judged by what Jekyll ends up with (see ../jekyllDate.ts). */
import { CheckContext } from '../context';
import { readFrontMatterDate, DateRead } from '../jekyllDate';
import { formatInZone, formatOffset, formatWall, offsetMinutes, epochOfLocal, wallClock, WallClock } from '../timezone';
import { fileNameDate, FileNameDate, slugOf } from './fileName';
import { Fix } from '../types';
import { t } from '../l10n';

const day = (w: WallClock) => formatWall(w).slice(0, 10);

function siteOffsetAt(ctx: CheckContext, w: WallClock): number {
  return offsetMinutes(epochOfLocal(w, ctx.tz), ctx.tz);
}

/** Jekyll's date of the post, for the outcome. */
export interface DateVerdict {
  epochMs?: number;
  /** The day the post is filed under, as written (for the file-name comparison). */
  writtenDay?: string;
  aborted?: boolean;
}

/** The day part of a post URL: `/2024/05/01/…`. */
const dayUrl = (shown: string) => `/${shown.slice(0, 10).replace(/-/g, '/')}/…`;

function tzLabel(ctx: CheckContext): string {
  return ctx.tz ?? 'UTC';
}

export function checkDate(ctx: CheckContext): DateVerdict {
  const e = ctx.entry('date');
  const fromName = fileNameDate(ctx);
  if (!e) return checkFileNameDate(ctx, fromName);
  const read = readFrontMatterDate(e.value, e.tagged ? 'plain' : e.style, ctx.tz, ctx.now, e.raw);
  const start = e.valueStart;
  const end = e.valueEnd > e.valueStart ? e.valueEnd : ctx.lineRange(e.keyStart)[1];
  const fixes: Fix[] = [];
  const replace = (title: string, text: string, preferred = false): Fix => ({ title, edits: [{ start: e.valueStart, end: e.valueEnd, newText: text }], preferred });
  if (read.rubyError !== undefined || read.epochMs === undefined) {
    if (fromName && fromName.read.epochMs !== undefined && fromName.read.written) {
      const w = fromName.read.written;
      const value = `${day(w)} 00:00:00 ${formatOffset(siteOffsetAt(ctx, w))}`;
      // a guess at what was meant: offered, never applied by a fix-all
      fixes.push(replace(t("Use the file name's date ({0})", value), value));
    }
    const jekyllSays = `Invalid date '${read.input}': Document '${ctx.relPath}' does not have a valid date in the YAML front matter.`;
    ctx.jekyllSays['date-invalid'] = jekyllSays;
    ctx.report('date-invalid', start, end,
      t('Jekyll aborts the build: "{0}" (Ruby: {1}). Write the date as YYYY-MM-DD HH:MM:SS +ZZZZ.', jekyllSays, read.rubyError ?? t('cannot parse')), fixes);
    return { aborted: true };
  }
  const shown = formatInZone(read.epochMs, ctx.tz);
  const w = read.written!;
  const writtenOffset = siteOffsetAt(ctx, w);
  const asWritten = `${formatWall(w)} ${formatOffset(writtenOffset)}`;
  let writtenDay = read.readAsUtc ? day(w) : shown.slice(0, 10);
  if (read.uncertain) {
    // a loose spelling whose day, time and offset stand in it as the site shows them is read as meant: info only
    const evident = read.input.includes(shown.slice(0, 10)) && read.input.includes(shown.slice(11, 16))
      && (read.offset === undefined || read.input.replace(':', '').includes(shown.slice(20)));
    ctx.report('date-format', start, end,
      t("Ruby's Time.parse reads '{0}' loosely; we expect the site to show {1}, but write the date as YYYY-MM-DD HH:MM:SS +ZZZZ to be sure.", read.input, shown),
      [replace(t('Normalize to {0}', shown), shown, true)], evident ? 'info' : undefined);
  }
  const fraction = /\d:\d\d(\.\d+)/.exec(e.style === 'collection' ? '' : e.raw);
  // a fraction of a second changes nothing the site prints (only the order of posts within that second); all zeros, nothing at all
  if (!read.uncertain && fraction && /[1-9]/.test(fraction[1])) {
    // the date as written, without the fraction (its offset, or its lack of one, is another rule's business)
    const whole = e.raw.trim().replace(fraction[1], '');
    // a YAML timestamp reaches Time.parse as Time#to_s, which has no fraction; a string keeps it
    ctx.report('date-format', start, end,
      read.yamlType === 'Time'
        ? t('The seconds have a fraction ({0}): Jekyll drops it ({1}). Write whole seconds.', fraction[1], shown)
        : t('The seconds have a fraction ({0}): Jekyll keeps it for sorting but every date the site prints drops it ({1}). Write whole seconds.', fraction[1], shown),
      [replace(t('Normalize to {0}', whole), whole, true)], 'info');
  }
  if (read.readAsUtc && offsetMinutes(read.epochMs, ctx.tz) !== 0) {
    const hours = offsetMinutes(read.epochMs, ctx.tz) / 60;
    const span = Math.abs(hours) === 1 ? t('1 hour') : t('{0} hours', Math.abs(hours));
    const url = dayUrl(shown);
    const message = shown.slice(0, 10) === day(w)
      ? hours > 0
        ? t("This date has no UTC offset, so YAML reads it as UTC: the site shows {0} ({1}), {2} later than written. Add the site's offset: {3}.", shown, tzLabel(ctx), span, asWritten)
        : t("This date has no UTC offset, so YAML reads it as UTC: the site shows {0} ({1}), {2} earlier than written. Add the site's offset: {3}.", shown, tzLabel(ctx), span, asWritten)
      : hours > 0
        ? t("This date has no UTC offset, so YAML reads it as UTC: the site shows {0} ({1}), {2} later than written, on another day (URL {3}). Add the site's offset: {4}.", shown, tzLabel(ctx), span, url, asWritten)
        : t("This date has no UTC offset, so YAML reads it as UTC: the site shows {0} ({1}), {2} earlier than written, on another day (URL {3}). Add the site's offset: {4}.", shown, tzLabel(ctx), span, url, asWritten);
    const added = `${e.raw.trim()} ${formatOffset(writtenOffset)}`;
    // the second fix only when it writes something else than the first
    ctx.report('date-no-offset', start, end, message,
      [replace(t("Add the site's UTC offset ({0})", formatOffset(writtenOffset)), added, true),
        ...(asWritten !== added ? [replace(t('Normalize to {0}', asWritten), asWritten)] : [])]);
  } else if (read.rolledOver) {
    ctx.report('date-rolled-over', start, end,
      t("'{0}' does not exist as written: Ruby carries it over and the site shows {1}. Correct the date.", read.input, shown),
      [replace(t('Use the date Jekyll reads ({0})', shown), shown)]);
    writtenDay = shown.slice(0, 10);
  } else if (read.namedZone) {
    const zoneHours = (read.offset ?? 0) / 60;
    ctx.report('date-named-zone', start, end,
      t("Ruby reads '{0}' as UTC{1} (a US zone), so the site shows {2}. Write a numeric offset instead.", read.namedZone, `${zoneHours >= 0 ? '+' : ''}${zoneHours}`, shown),
      [replace(t("Use the site's offset: {0}", asWritten), asWritten, true)]);
  } else if (ctx.tz && read.offset !== undefined && read.offset !== offsetMinutes(read.epochMs, ctx.tz)) {
    // the instant is the one written: the site shows it in its own zone, as meant. Only a change of day (the date
    // printed and the URL) is worth a word, and only as information.
    if (shown.slice(0, 10) !== day(w)) {
      const zone = /z\s*$/i.test(read.input) ? 'Z (UTC)' : formatOffset(read.offset);
      ctx.report('date-other-offset', start, end,
        t("This date is written in {0}, not the site's zone ({1}): the site shows {2}, on another day (URL {3}). Write it in the site's time.", zone, ctx.tz!, shown, dayUrl(shown)),
        [replace(t("Use the site's time ({0})", shown), shown, true)]);
    }
    writtenDay = day(w);
  } else if (read.noDay) {
    ctx.report('date-no-day', start, end, t("'{0}' has no day: Jekyll takes the day of each build. Write the full date.", read.input));
  }
  if (fromName && fromName.read.epochMs !== undefined && fromName.read.written) {
    const nameDay = day(fromName.read.written);
    if (nameDay !== writtenDay) reportMismatch(ctx, fromName, nameDay, writtenDay, start, end);
  }
  return { epochMs: read.epochMs, writtenDay };
}

function reportMismatch(ctx: CheckContext, fromName: FileNameDate, nameDay: string, fmDay: string, start: number, end: number): void {
  const { slug, ext } = slugOf(ctx.baseName);
  const newName = `${fmDay}-${slug}${ext}`;
  if (slug.includes('/') || fromName.slug.includes('/')) {
    // Jekyll 3 dated the post by its folder (`_posts/2021-12-08-x/post.md`): renaming the file would not help
    ctx.report('filename-date-mismatch', start, end,
      t("The folder's name says {0} but the front matter says {1}: Jekyll uses {1} (the post's URL and date). Rename the folder or correct the date.", nameDay, fmDay));
    return;
  }
  ctx.report('filename-date-mismatch', start, end,
    t("The file name says {0} but the front matter says {1}: Jekyll uses {1} (the post's URL and date). Rename the file to '{2}' or correct the date.", nameDay, fmDay, newName),
    [{ title: t('Rename the file to {0}', newName), edits: [], renameTo: newName, preferred: true }]);
  void fromName;
}

function checkFileNameDate(ctx: CheckContext, fromName: FileNameDate | undefined): DateVerdict {
  if (!fromName) return {};
  const r: DateRead = fromName.read;
  const [s, e] = ctx.headRange;
  if (r.epochMs === undefined) {
    const jekyllSays = `Invalid date '${fromName.text}': Document '${ctx.relPath}' does not have a valid date in the filename.`;
    ctx.jekyllSays['filename-date-invalid'] = jekyllSays;
    ctx.report('filename-date-invalid', s, e,
      t('Jekyll aborts the build: "{0}" (Ruby: {1}). Correct the file name\'s date or add a date to the front matter.', jekyllSays, String(r.rubyError)));
    return { aborted: true };
  }
  if (r.rolledOver) {
    ctx.report('filename-date-rolled-over', s, e,
      t("The file name's date {0} does not exist: Ruby rolls it over, so Jekyll dates the post {1}.", fromName.text, formatInZone(r.epochMs, ctx.tz)));
  }
  return { epochMs: r.epochMs, writtenDay: day(wallClock(r.epochMs, ctx.tz)) };
}
