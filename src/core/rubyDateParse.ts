/**
 * Ruby's Date._parse(str, comp = true) (ext/date/date_parse.c of Ruby 3.1, without TIGHT_PARSER), the part of it
 * Time.parse reads: year, yday, mon, mday, hour, min, sec, sec_fraction, zone. Its sub-parsers run in the C
 * code's order; each one that matches blanks out what it read, so later ones do not see it.
 * test/unit/dates-diff.test.ts holds this to Ruby.
 */

export interface RubyDateHash {
  year?: number; yday?: number; mon?: number; mday?: number; hour?: number; min?: number; sec?: number;
  secFraction?: number; zone?: string;
  /** Which sub-parser read the date (for the checker's "read loosely" judgement). */
  via?: string;
  /** The date came from a run of digits split by its length (other than YYYYMMDD[HH[MM[SS]]]). */
  guessed?: boolean;
}

const S = '[ \\t\\n\\v\\f\\r]';
const ABBR_MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const ABBR_DAYS = 'sun|mon|tue|wed|thu|fri|sat';
const MONTHS = ABBR_MONTHS.split('|');
const monNum = (m: string) => MONTHS.indexOf(m.slice(0, 3).toLowerCase()) + 1;
const isBc = (b: string | undefined) => !!b && /^b/i.test(b);
const BC = '(c(?:e|\\.e\\.)|b(?:ce|\\.c\\.e\\.)|a(?:d|\\.d\\.)|b(?:c|\\.c\\.))?';

const re = (src: string) => new RegExp(src, 'iu');

const PAT = {
  day: re(`\\b(${ABBR_DAYS})[^-/\\d${S.slice(1, -1)}]*`),
  time: re(
    '('
    + `(?:\\d+${S}*:${S}*\\d+(?:${S}*:${S}*\\d+(?:[,.]\\d*)?)?|\\d+${S}*h(?:${S}*\\d+m?(?:${S}*\\d+s?)?)?)`
    + `(?:${S}*[ap](?:m\\b|\\.m\\.))?`
    + `|\\d+${S}*[ap](?:m\\b|\\.m\\.)`
    + ')'
    + `(?:${S}*(`
    + '(?:gmt|utc?)?[-+]\\d+(?:[,.:]\\d+(?::\\d+)?)?'
    + `|[\\p{Alpha}.${S.slice(1, -1)}]+(?:standard|daylight)${S}time\\b`
    + `|\\p{Alpha}+(?:${S}dst)?\\b`
    + '))?'),
  time2: re(`^(\\d+)h?(?:${S}*:?${S}*(\\d+)m?(?:${S}*:?${S}*(\\d+)(?:[,.](\\d+))?s?)?)?(?:${S}*([ap])(?:m\\b|\\.m\\.))?`),
  eu: re(`('?\\d+)[^-\\d${S.slice(1, -1)}']*${S}*(${ABBR_MONTHS})[^-\\d${S.slice(1, -1)}']*(?:${S}*${BC}${S}*('?-?\\d+(?:(?:st|nd|rd|th)\\b)?))?`),
  us: re(`\\b(${ABBR_MONTHS})[^-\\d${S.slice(1, -1)}']*${S}*('?\\d+)[^-\\d${S.slice(1, -1)}']*(?:${S}*,?${S}*${BC}${S}*('?-?\\d+))?`),
  iso: re(`('?[-+]?\\d+)-(\\d+)-('?-?\\d+)`),
  jis: re('\\b([mtshr])(\\d+)\\.(\\d+)\\.(\\d+)'),
  vms11: re(`('?-?\\d+)-(${ABBR_MONTHS})[^-/.]*-('?-?\\d+)`),
  vms12: re(`\\b(${ABBR_MONTHS})[^-/.]*-('?-?\\d+)(?:-('?-?\\d+))?`),
  sla: re(`('?-?\\d+)/${S}*('?\\d+)(?:\\D${S}*('?-?\\d+))?`),
  dot: re(`('?-?\\d+)\\.${S}*('?\\d+)\\.${S}*('?-?\\d+)`),
  iso21: re('\\b(\\d{2}|\\d{4})?-?w(\\d{2})(?:-?(\\d))?\\b'),
  iso22: re('-w-(\\d)\\b'),
  iso23: re('--(\\d{2})?-(\\d{2})\\b'),
  iso24: re('--(\\d{2})(\\d{2})?\\b'),
  iso25guard: re('[,.](\\d{2}|\\d{4})-\\d{3}\\b'),
  iso25: re('\\b(\\d{2}|\\d{4})-(\\d{3})\\b'),
  iso26guard: re('\\d-\\d{3}\\b'),
  iso26: re('\\b-(\\d{3})\\b'),
  year: re("'(\\d+)\\b"),
  mon: re(`\\b(${ABBR_MONTHS})\\S*`),
  mday: re('(\\d+)(st|nd|rd|th)\\b'),
  ddd: re(`([-+]?)(\\d{2,14})(?:${S}*t?${S}*(\\d{2,6})?(?:[,.](\\d*))?)?(?:${S}*(z\\b|[-+]\\d{1,4}\\b|\\[[-+]?\\d[^\\]]*\\]))?`),
  bc: re('\\b(bc\\b|bce\\b|b\\.c\\.|b\\.c\\.e\\.)'),
  frag: re(`^${S}*(\\d{1,2})${S}*$`),
};

interface Work { str: string; h: RubyDateHash & { _bc?: boolean; _comp?: boolean } }

/** subx: on a match the callback may accept it; the matched text is then replaced by one space. */
function subx(w: Work, pat: RegExp, cb: (m: RegExpExecArray) => boolean): boolean {
  const m = pat.exec(w.str);
  if (!m) return false;
  if (!cb(m)) return false;
  w.str = w.str.slice(0, m.index) + ' ' + w.str.slice(m.index + m[0].length);
  return true;
}

const digitsOf = (s: string) => /^\D*?([-+]?\d*)/.exec(s)![1];

/** s3e: which of three numbers is the year, the month, the day (date_parse.c's heuristics). */
function s3e(h: Work['h'], y?: string, m?: string, d?: string, bc = false): void {
  let c: boolean | undefined;
  if (y !== undefined && m !== undefined && d === undefined) [y, m, d] = [d, y, m];
  if (y === undefined) {
    if (d !== undefined && d.length > 2) { y = d; d = undefined; }
    if (d !== undefined && d[0] === "'") { y = d; d = undefined; }
  }
  if (y !== undefined) {
    let i = 0;
    while (i < y.length && !/[-+\d]/.test(y[i])) i++;
    const bp = i;
    if (/[-+]/.test(y[i] ?? '')) i++;
    while (i < y.length && /\d/.test(y[i])) i++;
    if (i < y.length) { const od = d; d = y.slice(bp); y = od; }
  }
  if (m !== undefined && (m[0] === "'" || m.length > 2)) [y, m, d] = [m, d, y];
  if (d !== undefined && (d[0] === "'" || d.length > 2)) [y, d] = [d, y];
  if (y !== undefined) {
    const t = /^[^-+\d]*([-+]?)(\d*)/.exec(y)!;
    if (t[1]) c = false;
    if (t[2].length > 2) c = false;
    h.year = Number((t[1] === '-' ? '-' : '') + (t[2] || '0'));
  }
  if (bc) h._bc = true;
  if (m !== undefined) h.mon = Number(/\d+/.exec(m)?.[0] ?? 0);
  if (d !== undefined) h.mday = Number(/\d+/.exec(d)?.[0] ?? 0);
  if (c !== undefined) h._comp = c;
}

function parseDay(w: Work): void {
  subx(w, PAT.day, () => true);
}

function parseTime(w: Work): void {
  subx(w, PAT.time, m => {
    if (m[2] !== undefined) w.h.zone = m[2];
    const t = PAT.time2.exec(m[1]);
    if (!t) return true;
    let hour = Number(t[1]);
    if (t[2] !== undefined) w.h.min = Number(t[2]);
    if (t[3] !== undefined) w.h.sec = Number(t[3]);
    if (t[4] !== undefined) w.h.secFraction = Number(t[4]) / 10 ** t[4].length;
    if (t[5] !== undefined) hour = (hour % 12) + (t[5].toLowerCase() === 'p' ? 12 : 0);
    w.h.hour = hour;
    return true;
  });
}

function parseDdd(w: Work): boolean {
  return subx(w, PAT.ddd, m => {
    const [, s2, s3, s4, s5, s6] = m;
    const h = w.h;
    const n = (a: number, l: number) => Number(s3.slice(a, a + l));
    const l = s3.length;
    const timeOnly = s4 === undefined && s5 !== undefined;
    if (timeOnly || ![8, 10, 12, 14].includes(l)) h.guessed = true;
    switch (l) {
      case 2: if (timeOnly) h.sec = n(0, 2); else h.mday = n(0, 2); break;
      case 4: if (timeOnly) { h.sec = n(2, 2); h.min = n(0, 2); } else { h.mon = n(0, 2); h.mday = n(2, 2); } break;
      case 6: if (timeOnly) { h.sec = n(4, 2); h.min = n(2, 2); h.hour = n(0, 2); } else { h.year = Number(s2 + s3.slice(0, 2)); h.mon = n(2, 2); h.mday = n(4, 2); } break;
      case 8: case 10: case 12: case 14:
        if (timeOnly) {
          h.sec = n(l - 2, 2); h.min = n(l - 4, 2); h.hour = n(l - 6, 2); h.mday = n(l - 8, 2);
          if (l >= 10) h.mon = n(l - 10, 2);
          if (l === 12) h.year = Number(s2 + s3.slice(0, 2));
          if (l === 14) { h.year = Number(s2 + s3.slice(0, 4)); h._comp = false; }
        } else {
          h.year = Number(s2 + s3.slice(0, 4)); h.mon = n(4, 2); h.mday = n(6, 2);
          if (l >= 10) h.hour = n(8, 2);
          if (l >= 12) h.min = n(10, 2);
          if (l >= 14) h.sec = n(12, 2);
          h._comp = false;
        }
        break;
      case 3: if (timeOnly) { h.sec = n(1, 2); h.min = n(0, 1); } else h.yday = n(0, 3); break;
      case 5: if (timeOnly) { h.sec = n(3, 2); h.min = n(1, 2); h.hour = n(0, 1); } else { h.year = Number(s2 + s3.slice(0, 2)); h.yday = n(2, 3); } break;
      case 7: if (timeOnly) { h.sec = n(5, 2); h.min = n(3, 2); h.hour = n(1, 2); h.mday = n(0, 1); } else { h.year = Number(s2 + s3.slice(0, 4)); h.yday = n(4, 3); } break;
    }
    if (s4) {
      h.hour = Number(s4.slice(0, 2));
      if (s4.length >= 4) h.min = Number(s4.slice(2, 4));
      if (s4.length >= 6) h.sec = Number(s4.slice(4, 6));
    }
    if (s5) h.secFraction = Number(s5) / 10 ** s5.length;
    if (s6) h.zone = s6[0] === '[' ? s6.slice(1, -1).replace(/^[^:]*:/, '') || s6 : s6;
    return true;
  });
}

/** Date._parse; undefined for fields it did not find. */
export function rubyDateParse(input: string): RubyDateHash {
  const w: Work = { str: input.replace(/[^-+',./:@\p{L}\p{M}\p{Nd}[\]]+/gu, ' '), h: { _comp: true } };
  const alpha = /[A-Za-z]/.test(w.str);
  const digit = /\d/.test(w.str);
  const dash = w.str.includes('-');
  const dot = w.str.includes('.');
  const slash = w.str.includes('/');
  if (alpha) parseDay(w);
  if (digit) parseTime(w);
  const h = w.h;
  const tries: Array<[boolean, string, () => boolean]> = [
    [alpha && digit, 'eu', () => subx(w, PAT.eu, m => { s3e(h, m[4], String(monNum(m[2])), m[1], isBc(m[3])); return true; })],
    [alpha && digit, 'us', () => subx(w, PAT.us, m => { s3e(h, m[4], String(monNum(m[1])), m[2], isBc(m[3])); return true; })],
    [digit && dash, 'iso', () => subx(w, PAT.iso, m => { s3e(h, m[1], m[2], m[3]); return true; })],
    [digit && dot, 'jis', () => subx(w, PAT.jis, m => {
      const era = { m: 1867, t: 1911, s: 1925, h: 1988, r: 2018 }[m[1].toLowerCase() as 'm'];
      h.year = Number(m[2]) + era; h.mon = Number(m[3]); h.mday = Number(m[4]); return true;
    })],
    [alpha && digit && dash, 'vms', () => subx(w, PAT.vms11, m => { s3e(h, m[3], String(monNum(m[2])), m[1]); return true; })
      || subx(w, PAT.vms12, m => { s3e(h, m[3], String(monNum(m[1])), m[2]); return true; })],
    [digit && slash, 'sla', () => subx(w, PAT.sla, m => { s3e(h, m[1], m[2], m[3]); return true; })],
    [digit && dot, 'dot', () => subx(w, PAT.dot, m => { s3e(h, m[1], m[2], m[3]); return true; })],
    [digit, 'iso2', () => subx(w, PAT.iso21, m => { void m; return true; })
      || subx(w, PAT.iso22, () => true)
      || subx(w, PAT.iso23, m => { if (m[1] !== undefined) h.mon = Number(m[1]); h.mday = Number(m[2]); return true; })
      || subx(w, PAT.iso24, m => { h.mon = Number(m[1]); if (m[2] !== undefined) h.mday = Number(m[2]); return true; })
      || (!PAT.iso25guard.test(w.str) && subx(w, PAT.iso25, m => { h.year = Number(m[1]); h.yday = Number(m[2]); return true; }))
      || (!PAT.iso26guard.test(w.str) && subx(w, PAT.iso26, m => { h.yday = Number(m[1]); return true; }))],
    [digit, 'year', () => subx(w, PAT.year, m => { h.year = Number(m[1]); return true; })],
    [alpha, 'mon', () => subx(w, PAT.mon, m => { h.mon = monNum(m[1]); return true; })],
    [digit, 'mday', () => subx(w, PAT.mday, m => { h.mday = Number(m[1]); return true; })],
    [digit, 'ddd', () => parseDdd(w)],
  ];
  for (const [when, name, run] of tries) {
    if (when && run()) { h.via = name; break; }
  }
  if (alpha) subx(w, PAT.bc, () => { h._bc = true; return true; });
  if (digit) {
    const m = PAT.frag.exec(w.str);
    if (m) {
      const v = Number(m[1]);
      if (h.hour !== undefined && h.mday === undefined) { if (v >= 1 && v <= 31) h.mday = v; }
      else if (h.mday !== undefined && h.hour === undefined) { if (v >= 0 && v <= 24) h.hour = v; }
    }
  }
  if (h._bc && h.year !== undefined) h.year = 1 - h.year;
  if (h._comp && h.year !== undefined && h.year >= 0 && h.year <= 99) { h.year += h.year >= 69 ? 1900 : 2000; }
  delete h._bc;
  delete h._comp;
  return h;
}

/** Time.zone_offset (time.rb): seconds, or undefined for a zone Time.parse does not apply (the time is then local). */
export function rubyZoneOffset(zone: string): number | undefined {
  const z = zone.toUpperCase();
  let m = /^([+-])(\d\d)(:?)(\d\d)(?:\3(\d\d))?$/.exec(z);
  if (m) return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[4])) * 60 + Number(m[5] ?? 0));
  if ((m = /^[+-]\d\d$/.exec(z))) return Number(z) * 3600;
  if (z in ZONE_OFFSET) return ZONE_OFFSET[z] * 3600;
  return undefined;
}

/** Time::ZoneOffset, military letters included (J is not a zone). */
export const ZONE_OFFSET: Record<string, number> = {
  UTC: 0, Z: 0, UT: 0, GMT: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7,
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, I: 9, K: 10, L: 11, M: 12,
  N: -1, O: -2, P: -3, Q: -4, R: -5, S: -6, T: -7, U: -8, V: -9, W: -10, X: -11, Y: -12,
};
