/**
 * How Jekyll 4 reads a post's `date`, step by step, as upstream Jekyll 4.4 and GitHub Pages (Jekyll 3.10) do it:
 * 1. SafeYAML types the scalar (see safeYaml.ts): a plain `YYYY-MM-DD` (two-digit month and day, a day that
 *    exists) becomes a Date; a plain timestamp that DateTime.parse accepts becomes a Time in its written offset
 *    (UTC when it has none); anything else it cannot read (2022-02-30 10:00:00) stays a String, as do quoted
 *    and block scalars.
 * 2. Document#merge_date! calls Utils.parse_date(value.to_s) = Time.parse(...).localtime, in the site's
 *    `timezone:`; an ArgumentError there aborts the build ("Invalid date '…': Document '…' does not have a
 *    valid date in the YAML front matter."). A Time's to_s drops the fraction of a second.
 * test/unit/dates-diff.test.ts holds this to Ruby with the vendored SafeYAML.
 */
import { epochOfLocal, WallClock, formatWall } from './timezone';
import { RubyDate, RubyTime, rubyFloatToS } from './safeYaml';

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

const daysIn = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();

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
  const t = new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

/** Time::ZoneOffset of Ruby's time.rb: the only abbreviations Time.parse applies (others mean local time). */
const RUBY_ZONES: Record<string, number> = {
  UTC: 0, Z: 0, UT: 0, GMT: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Parsed { w?: Partial<WallClock>; offset?: number; namedZone?: string; uncertain?: boolean }

/** A subset of Ruby's Date._parse: the shapes dates take in front matter. */
function rubyDateParse(s: string): Parsed {
  const out: Parsed = {};
  let rest = s;
  let w: Partial<WallClock> = {};
  // date part
  let m = /(-?\d{4}|\b\d{2})-(\d{1,2})-(\d{1,2})(?![\d])/.exec(rest) || /(\d{4})\/(\d{1,2})\/(\d{1,2})(?!\d)/.exec(rest);
  if (m) {
    // Ruby completes a two-digit year: 69-99 -> 19xx, 00-68 -> 20xx
    const y = m[1].length === 2 ? +m[1] + (+m[1] >= 69 ? 1900 : 2000) : +m[1];
    w = { y, mo: +m[2], d: +m[3] };
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  } else if ((m = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(-?\d{4})\b/i.exec(rest))) {
    w = { y: +m[3], mo: MONTHS.indexOf(m[2].toLowerCase()) + 1, d: +m[1] };
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  } else if ((m = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(-?\d{4})\b/i.exec(rest))) {
    w = { y: +m[3], mo: MONTHS.indexOf(m[1].toLowerCase()) + 1, d: +m[2] };
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  } else if ((m = /^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*$/.exec(rest))) {
    w = { y: +m[1], mo: +m[2], d: +m[3] };
    if (m[4]) { w.h = +m[4]; w.mi = +m[5]; w.s = m[6] ? +m[6] : 0; }
    rest = '';
  }
  // time part (optionally after T)
  const t = /(?:^|[\sT])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?m\.?\b)?/i.exec(rest);
  if (t) {
    let h = +t[1];
    if (t[4]) h = (h % 12) + (t[4].toLowerCase() === 'p' ? 12 : 0);
    w.h = h; w.mi = +t[2]; w.s = t[3] ? +t[3] : 0;
    const after = rest.slice(t.index + t[0].length);
    rest = rest.slice(0, t.index) + ' ' + after;
    const z = /^\s*(?:(?:GMT|UTC)?([-+])(\d{1,2})(?::?(\d{2}))?\b|([A-Za-z]{1,5})\b)/.exec(after);
    if (z) {
      if (z[1]) {
        const mins = +z[2] * 60 + (z[3] ? +z[3] : 0);
        out.offset = z[1] === '-' ? -mins : mins;
      } else if (z[4]) {
        const name = z[4].toUpperCase();
        if (name in RUBY_ZONES) {
          out.offset = RUBY_ZONES[name] * 60;
          if (name !== 'UTC' && name !== 'Z' && name !== 'UT' && name !== 'GMT') out.namedZone = name;
        }
      }
    }
  } else if (w.y !== undefined) {
    const z = /^\s*(?:Z|UTC|GMT|[-+]\d{2}:?\d{2})?\s*$/.exec(rest.replace(/T/, ' '));
    if (!z) out.uncertain = true;
  }
  if (w.y === undefined && w.h === undefined) return out;
  // Text we did not consume that carries digits or letters may mean something to Ruby.
  if (/[0-9]/.test(rest.replace(/(?:GMT|UTC)?[-+]\d{1,2}(?::?\d{2})?|\b[A-Za-z]+\b/g, ''))) out.uncertain = true;
  out.w = w;
  return out;
}

/** Ruby Time.parse(input).localtime, the local zone being `tz` (the site's timezone; undefined = UTC). */
export function rubyTimeParse(input: string, tz: string | undefined, now: number): Omit<DateRead, 'input' | 'yamlType'> {
  const p = rubyDateParse(input);
  if (!p.w) {
    if (/\d/.test(input) && !/^\s*[-+]\d{2}:?\d{2}\s*$/.test(input) && !/^\s*\d+\s*$/.test(input)) return { uncertain: true, rubyError: 'no time information in ' + JSON.stringify(input) };
    // "+0800" alone: Ruby fills in nothing and fails; likewise empty text or words.
    return { rubyError: /^\s*[-+]\d/.test(input) ? 'mday out of range' : `no time information in ${JSON.stringify(input)}` };
  }
  const today = new Date(now);
  const noDay = p.w.y === undefined;
  const w: WallClock = {
    y: p.w.y ?? today.getUTCFullYear(), mo: p.w.mo ?? today.getUTCMonth() + 1, d: p.w.d ?? today.getUTCDate(),
    h: p.w.h ?? 0, mi: p.w.mi ?? 0, s: p.w.s ?? 0,
  };
  // With a zone, Ruby shifts the fields to UTC first (Time.apply_offset) and checks them after: 25:00 +0800 is 17:00 UTC.
  const fields = p.offset !== undefined ? applyOffset(w, p.offset * 60) : w;
  const err = rubyTimeCheck(fields);
  if (err) return { rubyError: err, written: w };
  const n = normalise(fields);
  const rolledOver = p.offset === undefined ? n.y !== w.y || n.mo !== w.mo || n.d !== w.d : rubyTimeCheck(w) !== undefined || w.d > daysIn(w.y, w.mo);
  const epochMs = p.offset !== undefined ? Date.UTC(n.y, n.mo - 1, n.d, n.h, n.mi, n.s) : epochOfLocal(n, tz);
  return { epochMs, written: w, offset: p.offset, namedZone: p.namedZone, rolledOver, noDay, uncertain: p.uncertain };
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
export function readFrontMatterDate(value: unknown, style: ScalarStyle, tz: string | undefined, now: number): DateRead {
  if (style === 'null' || value === null || value === undefined) {
    return { input: '', yamlType: 'nil', rubyError: 'no time information in ""' };
  }
  if (value instanceof RubyTime) {
    // Jekyll: Time.parse(time.to_s): the written wall clock and offset, whole seconds
    const w = value.wall;
    const epochMs = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - value.offsetSeconds * 1000;
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
    if (Number.isInteger(value)) return { input: String(value), yamlType: 'Integer', ...rubyTimeParse(String(value), tz, now) };
    const f = rubyFloatToS(value);
    return { input: f, yamlType: 'Float', ...rubyTimeParse(f, tz, now), uncertain: true };
  }
  if (typeof value === 'string') return { input: value, yamlType: 'String', ...rubyTimeParse(value, tz, now) };
  return { input: style === 'collection' ? '' : String(value), yamlType: 'Other', uncertain: true, rubyError: 'not a single value' };
}

/** What Jekyll makes of the date in a post's file name (used only when the front matter has no date). */
export function readFileNameDate(text: string, tz: string | undefined, now: number): DateRead {
  return { input: text, yamlType: 'String', ...rubyTimeParse(text, tz, now) };
}

export function describeWritten(w: WallClock): string {
  return formatWall(w);
}
