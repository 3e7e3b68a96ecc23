/** The `date` key and the file-name date, judged by what Jekyll ends up with (see ../jekyllDate.ts). */
import { CheckContext } from '../context';
import { readFrontMatterDate, DateRead } from '../jekyllDate';
import { formatInZone, formatOffset, formatWall, offsetMinutes, epochOfLocal, wallClock, WallClock } from '../timezone';
import { fileNameDate, FileNameDate, slugOf } from './fileName';
import { Fix } from '../types';

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

function tzLabel(ctx: CheckContext): string {
  return ctx.tz ?? 'UTC';
}

export function checkDate(ctx: CheckContext): DateVerdict {
  const e = ctx.entry('date');
  const fromName = fileNameDate(ctx);
  if (!e) return checkFileNameDate(ctx, fromName);
  const read = readFrontMatterDate(e.raw, e.style, ctx.tz, ctx.now);
  const start = e.valueStart;
  const end = e.valueEnd > e.valueStart ? e.valueEnd : ctx.lineRange(e.keyStart)[1];
  const fixes: Fix[] = [];
  const replace = (title: string, text: string, preferred = false): Fix => ({ title, edits: [{ start: e.valueStart, end: e.valueEnd, newText: text }], preferred });
  if (read.rubyError !== undefined || read.epochMs === undefined) {
    if (fromName && fromName.read.epochMs !== undefined && fromName.read.written) {
      const w = fromName.read.written;
      fixes.push(replace(`Use the file name's date (${day(w)} 00:00:00 ${formatOffset(siteOffsetAt(ctx, w))})`, `${day(w)} 00:00:00 ${formatOffset(siteOffsetAt(ctx, w))}`, true));
    }
    ctx.report('date-invalid', start, end,
      `Jekyll aborts the build: "Invalid date '${read.input}': Document '${ctx.relPath}' does not have a valid date in the YAML front matter." ` +
      `(Ruby: ${read.rubyError ?? 'cannot parse'}). Write the date as YYYY-MM-DD HH:MM:SS +ZZZZ.`, fixes);
    return { aborted: true };
  }
  const shown = formatInZone(read.epochMs, ctx.tz);
  const w = read.written!;
  const writtenOffset = siteOffsetAt(ctx, w);
  const asWritten = `${formatWall(w)} ${formatOffset(writtenOffset)}`;
  let writtenDay = read.readAsUtc ? day(w) : shown.slice(0, 10);
  if (read.uncertain) {
    ctx.report('date-format', start, end,
      `Ruby's Time.parse reads '${read.input}' loosely; we expect the site to show ${shown}, but write the date as YYYY-MM-DD HH:MM:SS +ZZZZ to be sure.`,
      [replace(`Normalise to ${shown}`, shown, true)]);
  }
  const fraction = /\d:\d\d(\.\d+)/.exec(read.input);
  if (!read.uncertain && fraction) {
    const whole = shown;
    ctx.report('date-format', start, end,
      `The seconds have a fraction (${fraction[1]}): Jekyll keeps it for sorting but every date the site prints drops it (${whole}). Write whole seconds.`,
      [replace(`Normalise to ${whole}`, whole, true)]);
  }
  if (read.readAsUtc && offsetMinutes(read.epochMs, ctx.tz) !== 0) {
    const hours = offsetMinutes(read.epochMs, ctx.tz) / 60;
    ctx.report('date-no-offset', start, end,
      `This date has no UTC offset, so YAML reads it as UTC: the site shows ${shown} (${tzLabel(ctx)}), ` +
      `${Math.abs(hours)} hour${Math.abs(hours) === 1 ? '' : 's'} ${hours > 0 ? 'later' : 'earlier'} than written` +
      (shown.slice(0, 10) !== day(w) ? `, on another day (URL /${shown.slice(0, 10).replace(/-/g, '/')}/…)` : '') +
      `. Add the site's offset: ${asWritten}.`,
      [replace(`Add the site's UTC offset (${formatOffset(writtenOffset)})`, `${read.input.trim()} ${formatOffset(writtenOffset)}`, true),
        replace(`Normalise to ${asWritten}`, asWritten)]);
  } else if (read.rolledOver) {
    ctx.report('date-rolled-over', start, end,
      `'${read.input}' does not exist as written: Ruby carries it over and the site shows ${shown}. Correct the date.`,
      [replace(`Use the date Jekyll reads (${shown})`, shown)]);
    writtenDay = shown.slice(0, 10);
  } else if (read.namedZone) {
    const zoneHours = (read.offset ?? 0) / 60;
    ctx.report('date-named-zone', start, end,
      `Ruby reads '${read.namedZone}' as UTC${zoneHours >= 0 ? '+' : ''}${zoneHours} (a US zone), so the site shows ${shown}. Write a numeric offset instead.`,
      [replace(`Use the site's offset: ${asWritten}`, asWritten, true)]);
  } else if (ctx.tz && read.offset !== undefined && read.offset !== offsetMinutes(read.epochMs, ctx.tz)) {
    const zone = /z\s*$/i.test(read.input) ? 'Z (UTC)' : formatOffset(read.offset);
    ctx.report('date-other-offset', start, end,
      `This date is written in ${zone}, not the site's zone (${ctx.tz}): the site shows ${shown}` +
      (shown.slice(0, 10) !== day(w) ? `, on another day (URL /${shown.slice(0, 10).replace(/-/g, '/')}/…)` : '') +
      `. Write it in the site's time.`,
      [replace(`Use the site's time (${shown})`, shown, true)]);
    writtenDay = day(w);
  } else if (read.noDay) {
    ctx.report('date-no-day', start, end, `'${read.input}' has no day: Jekyll takes the day of each build. Write the full date.`);
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
  ctx.report('filename-date-mismatch', start, end,
    `The file name says ${nameDay} but the front matter says ${fmDay}: Jekyll uses ${fmDay} (the post's URL and date). Rename the file to '${newName}' or correct the date.`,
    [{ title: `Rename the file to ${newName}`, edits: [], renameTo: newName, preferred: true }]);
  void fromName;
}

function checkFileNameDate(ctx: CheckContext, fromName: FileNameDate | undefined): DateVerdict {
  if (!fromName) return {};
  const r: DateRead = fromName.read;
  const [s, e] = ctx.headRange;
  if (r.epochMs === undefined) {
    ctx.report('filename-date-invalid', s, e,
      `Jekyll aborts the build: "Invalid date '${fromName.text}': Document '${ctx.relPath}' does not have a valid date in the filename." ` +
      `(Ruby: ${r.rubyError}). Correct the file name's date or add a date to the front matter.`);
    return { aborted: true };
  }
  if (r.rolledOver) {
    ctx.report('filename-date-rolled-over', s, e,
      `The file name's date ${fromName.text} does not exist: Ruby rolls it over, so Jekyll dates the post ${formatInZone(r.epochMs, ctx.tz)}.`);
  }
  return { epochMs: r.epochMs, writtenDay: day(wallClock(r.epochMs, ctx.tz)) };
}
