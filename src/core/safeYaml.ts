/**
 * How SafeYAML 1.0.5 types a scalar: the loader of upstream Jekyll 4 and of GitHub Pages' Jekyll 3.10
 * (`SafeYAML.load`, lib/safe_yaml/transform*.rb). It does not use YAML's schema: every plain scalar, and every
 * tagged one whatever its style or tag (tags are ignored, but `!!binary`), goes through its own guesses in this
 * order: symbol (off in Jekyll), integer, float, null, boolean, date/time; quoted and block scalars stay strings.
 * test/unit/yaml-diff.test.ts holds this to the real gem.
 */

import { utcMs } from './timezone';

/** A Ruby Date (SafeYAML: `YYYY-MM-DD` with two-digit month and day that exists). */
export class RubyDate {
  constructor(readonly y: number, readonly mo: number, readonly d: number) {}
  /** Date#to_s */
  toString(): string {
    return `${String(this.y).padStart(4, '0')}-${String(this.mo).padStart(2, '0')}-${String(this.d).padStart(2, '0')}`;
  }
}

/** A Ruby Time (SafeYAML: DateTime.parse(text).to_time, which keeps the written offset). */
export class RubyTime {
  constructor(
    /** The instant, with the fraction of a second. */
    readonly epochMs: number,
    /** Its UTC offset in seconds (0 when the text had none). */
    readonly offsetSeconds: number,
    /** The wall clock as written (rolled into the next day for 24:00:00). */
    readonly wall: { y: number; mo: number; d: number; h: number; mi: number; s: number },
    /** The text had a zone (Z or an offset). */
    readonly zoned: boolean,
    /** The wall clock as written (24:00:00 kept). */
    readonly asWritten: { y: number; mo: number; d: number; h: number; mi: number; s: number } = wall,
    /** The digits of the fraction of a second as written, trailing zeros dropped ('' for none). */
    readonly fraction = '',
  ) {}
  /** Time#to_s: `2021-12-08 10:46:18 +0800` (what Jekyll hands to Time.parse: the fraction is gone). */
  toString(): string {
    const w = this.wall;
    const p = (n: number, l = 2) => String(n).padStart(l, '0');
    const o = Math.abs(this.offsetSeconds);
    const sign = this.offsetSeconds < 0 ? '-' : '+';
    return `${p(w.y, 4)}-${p(w.mo)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}:${p(w.s)} ${sign}${p(Math.floor(o / 3600))}${p(Math.floor(o / 60) % 60)}`;
  }
}

/** What SafeYAML raises (a Ruby exception inside the loader): Jekyll then drops the front matter. */
export class SafeYamlError extends Error {}

// Ruby's `\Z` also matches before a final newline (only reachable with a tagged quoted or block scalar).
const INT_DEC = /^[-+]?(?:0|[1-9][0-9_,]*)\n?$/;
const INT_OCT = /^0[0-7]+\n?$/;
const INT_HEX = /^0x[0-9a-f]+\n?$/i;
const INT_BIN = /^0b[01_]+\n?$/;
const HEX_EDGE = /^[-+]?0x[0-9a-fA-F_]+\n?$/;
const SEX_INT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\n?$/;
const SEX_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*\n?$/;
const FLOAT = /^[-+]?(?:\d[\d_]*)?\.[\d_]+(?:[eE][-+][\d]+)?\n?$/;
const FLOAT_WORDS: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};
const NIL_WORDS = new Set(['', '~', 'null']);
const BOOL_WORDS: Record<string, boolean> = { yes: true, on: true, true: true, no: false, off: false, false: false };
export const SAFE_DATE = /^(\d{4})-(\d{2})-(\d{2})\n?$/;
export const SAFE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|\s+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?\s*(Z|[-+]\d{1,2}(?::?\d{2})?)?\n?$/;

/** Ruby's Float() on a string SafeYAML matched: underscores only between digits, else ArgumentError. */
function rubyFloat(s: string): number {
  const t = s.replace(/\n$/, '');
  if (/(?:^|[^0-9])_|_(?:[^0-9]|$)/.test(t)) throw new SafeYamlError(`ArgumentError: invalid value for Float(): ${JSON.stringify(t)}`);
  return Number(t.replace(/_/g, ''));
}

function sexagesimal(v: string): number {
  const [before, after] = v.replace(/\n$/, '').split('.');
  let whole = 0;
  let mul = 1;
  const parts = before.split(':');
  while (parts.length) {
    whole += rubyFloat(parts.pop()!) * mul;
    mul *= 60;
  }
  let result = whole;
  if (after !== undefined) result += rubyFloat('0.' + after);
  // Float("-1") of the first part already carries the sign; Ruby then negates the sum once more
  if (v[0] === '-') result *= -1;
  return result;
}

const daysIn = (y: number, mo: number) => new Date(utcMs(y, mo + 1, 0)).getUTCDate();

function validCivil(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

/** Integer or Float, as JS numbers (integers beyond 2^53 lose precision; nothing Jekyll reads is one). */
export type SafeScalar = string | number | boolean | null | RubyDate | RubyTime;

/** DateTime.parse(v).to_time for a SAFE_TIME-shaped text; undefined when Ruby raises ArgumentError (the text stays a String). */
export function safeTime(v: string): RubyTime | undefined {
  const m = SAFE_TIME.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map(i => +m[i]);
  let s = +m[6];
  if (!validCivil(y, mo, d) || h > 24 || mi > 59 || s > 60 || (h === 24 && (mi > 0 || s > 0))) return undefined;
  if (s === 60) s = 59; // DateTime clamps a leap second
  let off = 0;
  if (m[8] && m[8] !== 'Z') {
    const z = /^([-+])(\d{1,2})(?::?(\d{2}))?$/.exec(m[8])!;
    off = (+z[2] * 3600 + (z[3] ? +z[3] * 60 : 0)) * (z[1] === '-' ? -1 : 1);
    if (Math.abs(off) === 86400) return undefined; // to_time: utc_offset out of range
    if (Math.abs(off) > 86400) off = 0; // DateTime takes an impossible offset as UTC
  }
  const frac = m[7] ? Number('0.' + m[7]) * 1000 : 0;
  const local = utcMs(y, mo, d, h, mi, s);
  const epochMs = local - off * 1000 + Math.floor(frac);
  const t = new Date(local);
  const wall = { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
  return new RubyTime(epochMs, off, wall, !!m[8], { y, mo, d, h, mi, s: +m[6] }, (m[7] ?? '').replace(/0+$/, ''));
}

/** SafeYAML's Transform.to_guessed_type for a scalar it guesses (plain, or tagged). Throws SafeYamlError where Ruby raises. */
export function guessScalar(value: string): SafeScalar {
  // ToInteger: the first matcher strips `_` and `,`, and the stripped text is what the others see
  const stripped = value.replace(/[_,]/g, '');
  if (INT_DEC.test(stripped)) return parseInt(stripped.replace(/\n$/, ''), 10) + 0;
  if (INT_OCT.test(stripped)) return parseInt(stripped, 8);
  if (INT_HEX.test(stripped)) return parseInt(stripped.slice(2), 16);
  if (INT_BIN.test(stripped)) return parseInt(stripped.slice(2), 2);
  if (HEX_EDGE.test(stripped)) return (stripped[0] === '-' ? -1 : 1) * parseInt(stripped.replace(/^[-+]?0x/, '').replace(/_/g, ''), 16);
  if (SEX_INT.test(stripped)) return sexagesimal(stripped);
  // ToFloat
  if (FLOAT.test(value)) return rubyFloat(value);
  if (value in FLOAT_WORDS) return FLOAT_WORDS[value];
  if (SEX_FLOAT.test(value)) return sexagesimal(value);
  // ToNil, ToBoolean (any case)
  if (value.length <= 4 && NIL_WORDS.has(value.toLowerCase())) return null;
  if (value.length <= 5 && value.toLowerCase() in BOOL_WORDS) return BOOL_WORDS[value.toLowerCase()];
  // ToDate
  const dm = SAFE_DATE.exec(value);
  if (dm) return validCivil(+dm[1], +dm[2], +dm[3]) ? new RubyDate(+dm[1], +dm[2], +dm[3]) : value;
  if (SAFE_TIME.test(value)) return safeTime(value) ?? value;
  return value;
}

/** Whether SafeYAML types this text as an Integer (and not a Float, which JS numbers cannot tell apart when whole). */
export function isRubyInteger(value: string): boolean {
  const stripped = value.replace(/[_,]/g, '');
  return INT_DEC.test(stripped) || INT_OCT.test(stripped) || INT_HEX.test(stripped) || INT_BIN.test(stripped) || HEX_EDGE.test(stripped);
}

/** Ruby 3.1's #inspect of what SafeYAML makes, as Jekyll's `value.to_s` of a list or hash; undefined for what we do not model. */
export function rubyInspect(v: unknown): string | undefined {
  if (v === null) return 'nil';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : rubyFloatToS(v);
  if (typeof v === 'string') {
    if (/[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f]/.test(v)) return undefined;
    const esc: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\e', '\f': '\\f', '\v': '\\v', '\b': '\\b', '\x07': '\\a' };
    return `"${v.replace(/[\\"\n\t\r\x1b\f\v\b\x07]|#(?=[{$@])/g, c => esc[c] ?? '\\#')}"`;
  }
  if (v instanceof RubyDate) {
    let jd = Math.floor(utcMs(v.y, v.mo, v.d) / 86400000) + 2440588;
    if (jd < 2299161) { // Date's default calendar is Julian before 1582-10-15
      const a = Math.floor((14 - v.mo) / 12), y = v.y + 4800 - a, m = v.mo + 12 * a - 3;
      jd = v.d + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
    }
    return `#<Date: ${v} ((${jd}j,0s,0n),+0s,2299161j)>`;
  }
  if (v instanceof RubyTime) return v.fraction ? v.toString().replace(/(:\d\d)( [-+])/, `$1.${v.fraction}$2`) : v.toString();
  if (Array.isArray(v)) {
    const items = v.map(rubyInspect);
    return items.some(x => x === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  if (typeof v === 'object') {
    const items = Object.entries(v as Record<string, unknown>).map(([k, x]) => { const i = rubyInspect(x); const ki = rubyInspect(k); return i === undefined || ki === undefined ? undefined : `${ki}=>${i}`; });
    return items.some(x => x === undefined) ? undefined : `{${items.join(', ')}}`;
  }
  return undefined;
}

/** Ruby's Float#to_s, for what Jekyll hands to Time.parse. */
export function rubyFloatToS(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const a = Math.abs(x);
  if (a >= 1e16 || a < 1e-4) {
    const [mant, exp] = x.toExponential().split('e');
    return `${mant.includes('.') ? mant : mant + '.0'}e${exp[0] === '-' ? '-' : '+'}${exp.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(x);
}
