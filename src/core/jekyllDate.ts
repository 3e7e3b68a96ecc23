/**
 * How Jekyll 4 reads a post's `date`, step by step, as upstream Jekyll 4.4 and GitHub Pages (Jekyll 3.10) do it:
 * 1. SafeYAML types the scalar (see safeYaml.ts): a plain `YYYY-MM-DD` (two-digit month and day, a day that
 *    exists) becomes a Date; a plain timestamp that DateTime.parse accepts becomes a Time in its written offset
 *    (UTC when it has none); anything else it cannot read (2022-02-30 10:00:00) stays a String, as do quoted
 *    and block scalars.
 * 2. Document#merge_date! calls Utils.parse_date(value.to_s) = Time.parse(...).localtime, in the site's
 *    `timezone:`; an ArgumentError there aborts the build ("Invalid date '…': Document '…' does not have a
 *    valid date in the YAML front matter.").
 * GitHub Pages' build (Jekyll 3.10, SafeYAML) and upstream Jekyll 4.4.1 (SafeYAML) read every date fixture of
 * test/oracle the same way (test/oracle/expected.ghpages.json, expected.jekyll4.json).
 *    valid date in the YAML front matter."). A Time's to_s drops the fraction of a second.
 * test/unit/dates-diff.test.ts holds this to Ruby with the vendored SafeYAML.
 */
import { epochOfLocal, WallClock, formatWall, utcMs, wallClock } from './timezone';
import { rubyDateParse, rubyZoneOffset, ZONE_OFFSET } from './rubyDateParse';
import { RubyDate, RubyTime, rubyFloatToS, isRubyInteger, rubyInspect } from './safeYaml';

export type ScalarStyle = 'plain' | 'quoted' | 'block' | 'null' | 'collection';

export interface DateRead {
  /** The instant Jekyll ends with; undefined when Time.parse fails (build aborts). */
  epochMs?: number;
  /** Ruby's ArgumentError message when it fails. */
  rubyError?: string;
  /** The text Jekyll hands to Time.parse (the YAML value's to_s). */
  input: string;
  /** How YAML typed it. */
  yamlType: 'Time' | 'Date' | 'String' | 'Integer' | 'nil' | 'Boolean' | 'Float' | 'Other';
  /** Wall clock as written (when a date and time could be read off the text). */
  written?: WallClock;
  /** The written time was taken as UTC because it had no offset (a YAML timestamp). */
  readAsUtc?: boolean;
  /** An explicit offset in minutes, when the text had one that Ruby understood. */
  offset?: number;
  /** A zone abbreviation Ruby knows and read (e.g. CST = -06:00). */
  namedZone?: string;
  /** Day overflow rolled the date forward (2022-02-30 -> 2022-03-02). */
  rolledOver?: boolean;
  /** The text has no day, so Ruby takes today's (a different date at every build). */
  noDay?: boolean;
  /** Our emulation of Ruby's parser is not sure what Ruby does with this text. */
  uncertain?: boolean;
}

const daysIn = (y: number, mo: number) => new Date(utcMs(y, mo + 1, 0)).getUTCDate();

/** Ruby's Time.utc / Time.local argument checks; returns the error message or undefined. Overflowing days roll over. */
function rubyTimeCheck(w: WallClock): string | undefined {
  if (w.mo < 1 || w.mo > 12) return 'mon out of range';
  if (w.d < 1 || w.d > 31) return 'argument out of range';
  if (w.h < 0 || w.h > 24) return 'hour out of range';
  if (w.mi < 0 || w.mi > 59) return 'min out of range';
  if (w.s < 0 || w.s > 60) return 'sec out of range';
  if (w.h === 24 && (w.mi > 0 || w.s > 0)) return 'argument out of range';
  return undefined;
}

/** Normalises overflow (Feb 30 -> Mar 2, 24:00 -> next day) like Ruby's Time does. */
function normalise(w: WallClock): WallClock {
  const t = new Date(utcMs(w.y, w.mo, w.d, w.h, w.mi, w.s));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

/** Ruby Time.parse(input, now).localtime, the local zone being `tz` (the site's timezone; undefined = UTC): time.rb's make_time on Date._parse. */
export function rubyTimeParse(input: string, tz: string | undefined, now: number): Omit<DateRead, 'input' | 'yamlType'> {
  if (input.length > 128) return { rubyError: `string length (${input.length}) exceeds the limit 128` };
  const p = rubyDateParse(input);
  let { year, mon, mday: day, hour, min, sec } = p;
  const { yday, secFraction } = p;
  if ([year, yday, mon, day, hour, min, sec, secFraction].every(x => x === undefined)) return { rubyError: `no time information in ${JSON.stringify(input)}` };
  const offSec = p.zone !== undefined ? rubyZoneOffset(p.zone) : undefined;
  if (offSec !== undefined && Math.abs(offSec) >= 86400) return { rubyError: 'utc_offset out of range' };
  // what Ruby reads by guessing: digits split by their count, text in other scripts or brackets around the date
  const uncertain = p.guessed || /[^\x00-\x7f]|[[\]]/.test(input) || undefined;
  const noDay = year === undefined && yday === undefined;
  if (yday !== undefined) {
    const y = year ?? wallClock(now, tz).y;
    if (yday < 1 || yday > 366) return { rubyError: `yday ${yday} out of range` };
    const t = new Date(utcMs(y, 1, yday));
    if (t.getUTCFullYear() !== y) return { rubyError: `yday ${yday} out of range` };
    year = y; mon = t.getUTCMonth() + 1; day = t.getUTCDate();
  }
  // the fields left out before the first one given come from now, in the zone the text names (else the local one)
  const n = offSec !== undefined ? wallClock(now + offSec * 1000, undefined) : wallClock(now, tz);
  let ms = secFraction !== undefined ? Math.floor(secFraction * 1000) : 0;
  if (year === undefined) {
    year = n.y;
    if (mon === undefined) {
      mon = n.mo;
      if (day === undefined) {
        day = n.d;
        if (hour === undefined) {
          hour = n.h;
          if (min === undefined) {
            min = n.mi;
            if (sec === undefined) { sec = n.s; if (secFraction === undefined) ms = ((now % 1000) + 1000) % 1000; }
          }
        }
      }
    }
  }
  const w: WallClock = { y: year, mo: mon ?? 1, d: day ?? 1, h: hour ?? 0, mi: min ?? 0, s: sec ?? 0 };
  const fields = offSec !== undefined ? applyOffset(w, offSec) : w;
  const err = rubyTimeCheck(fields);
  if (err) return { rubyError: err, written: w };
  const norm = normalise(fields);
  const rolledOver = rubyTimeCheck(w) !== undefined || w.d > daysIn(w.y, w.mo) || w.h === 24 || w.s === 60;
  const epochMs = (offSec !== undefined ? utcMs(norm.y, norm.mo, norm.d, norm.h, norm.mi, norm.s) : epochOfLocal(norm, tz)) + ms;
  const zoneName = p.zone?.toUpperCase();
  const namedZone = offSec !== undefined && zoneName && zoneName in ZONE_OFFSET && !['UTC', 'Z', 'UT', 'GMT'].includes(zoneName) ? zoneName : undefined;
  return { epochMs, written: w, offset: offSec !== undefined ? offSec / 60 : undefined, namedZone, rolledOver, noDay, uncertain };
}

const divmod = (a: number, b: number): [number, number] => [Math.floor(a / b), ((a % b) + b) % b];

/** Ruby's Time.apply_offset (time.rb): moves the fields by a UTC offset in seconds, carrying into the day. */
function applyOffset(w: WallClock, offSeconds: number): WallClock {
  let { y, mo, d, h, mi, s } = w;
  let o: number;
  if (offSeconds < 0) {
    let off = -offSeconds;
    [off, o] = divmod(off, 60);
    if (o !== 0) { s += o; [o, s] = divmod(s, 60); off += o; }
    [off, o] = divmod(off, 60);
    if (o !== 0) { mi += o; [o, mi] = divmod(mi, 60); off += o; }
    [off, o] = divmod(off, 24);
    if (o !== 0) { h += o; [o, h] = divmod(h, 24); off += o; }
    if (off !== 0) {
      d += off;
      if (mo >= 1 && mo <= 12 && daysIn(y, mo) < d) { mo += 1; if (mo > 12) { mo = 1; y += 1; } d = 1; }
    }
  } else if (offSeconds > 0) {
    let off = offSeconds;
    [off, o] = divmod(off, 60);
    if (o !== 0) { s -= o; [o, s] = divmod(s, 60); off -= o; }
    [off, o] = divmod(off, 60);
    if (o !== 0) { mi -= o; [o, mi] = divmod(mi, 60); off -= o; }
    [off, o] = divmod(off, 24);
    if (o !== 0) { h -= o; [o, h] = divmod(h, 24); off -= o; }
    if (off !== 0) {
      d -= off;
      if (d < 1) { mo -= 1; if (mo < 1) { y -= 1; mo = 12; } d = daysIn(y, mo); }
    }
  }
  return { y, mo, d, h, mi, s };
}

/**
 * What Jekyll makes of a front-matter `date:` value.
 * @param value the value as the YAML loader typed it (FmEntry.value: SafeYAML's types, see safeYaml.ts)
 * @param style how the scalar is written
 */
export function readFrontMatterDate(value: unknown, style: ScalarStyle, tz: string | undefined, now: number, source?: string): DateRead {
  if (style === 'null' || value === null || value === undefined) {
    return { input: '', yamlType: 'nil', rubyError: 'no time information in ""' };
  }
  if (value instanceof RubyTime) {
    // Jekyll: Time.parse(time.to_s): the written wall clock and offset, whole seconds
    const w = value.wall;
    const epochMs = utcMs(w.y, w.mo, w.d, w.h, w.mi, w.s) - value.offsetSeconds * 1000;
    const input = value.toString();
    return {
      input, yamlType: 'Time', written: value.asWritten, epochMs, readAsUtc: !value.zoned,
      offset: value.zoned ? value.offsetSeconds / 60 : undefined, rolledOver: value.asWritten.d !== w.d,
    };
  }
  if (value instanceof RubyDate) {
    const w = { y: value.y, mo: value.mo, d: value.d, h: 0, mi: 0, s: 0 };
    return { input: value.toString(), yamlType: 'Date', written: w, epochMs: epochOfLocal(w, tz) };
  }
  if (typeof value === 'boolean') return { input: String(value), yamlType: 'Boolean', rubyError: `no time information in "${value}"` };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && (source === undefined || isRubyInteger(source.trim()))) return { input: String(value), yamlType: 'Integer', ...rubyTimeParse(String(value), tz, now) };
    const f = rubyFloatToS(value);
    return { input: f, yamlType: 'Float', ...rubyTimeParse(f, tz, now), uncertain: true };
  }
  if (typeof value === 'string') return { input: value, yamlType: 'String', ...rubyTimeParse(value, tz, now) };
  // a list or a hash: Jekyll hands its inspect text to Time.parse, which may find a date in it
  const inspected = rubyInspect(value);
  if (inspected === undefined) return { input: '', yamlType: 'Other', uncertain: true, rubyError: 'not a single value' };
  return { input: inspected, yamlType: 'Other', ...rubyTimeParse(inspected, tz, now), uncertain: true };
}

/** What Jekyll makes of the date in a post's file name (used only when the front matter has no date). */
export function readFileNameDate(text: string, tz: string | undefined, now: number): DateRead {
  return { input: text, yamlType: 'String', ...rubyTimeParse(text, tz, now) };
}

export function describeWritten(w: WallClock): string {
  return formatWall(w);
}
