/** Time-zone arithmetic for IANA zones (the `timezone:` of _config.yml), through Intl. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether the runtime knows the zone name. */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock { y: number; mo: number; d: number; h: number; mi: number; s: number }

function intlWallClock(epochMs: number, tz: string): WallClock {
  const parts: Record<string, number> = {};
  let bc = false;
  for (const p of formatter(tz).formatToParts(new Date(epochMs))) {
    if (p.type === 'era') bc = /^B/i.test(p.value);
    else if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  // years before 1 come as "1 BC", "2 BC"…: astronomical year 0, -1…
  return { y: bc ? 1 - parts.year : parts.year, mo: parts.month, d: parts.day, h: parts.hour, mi: parts.minute, s: parts.second };
}

function utcWallClock(epochMs: number): WallClock {
  const t = new Date(epochMs);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

/** Offsets by zone and 15-minute slot (zone transitions fall on 15-minute boundaries): Intl is slow, posts are many. */
const SLOT_MS = 15 * 60000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Offsets by zone and UTC day, when the day has one offset throughout (its first and last slot agree: no zone has
 * two transitions within a day); null for a day with a transition (its slots are looked up one by one). Posts span
 * years, hundreds a day: per slot, nearly every post was a new Intl call (a tenth of a whole-site check's time).
 */
const DAY_MS = 86_400_000;
const dayCache = new Map<string, Map<number, number | null>>();

/** Offset of a zone from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(epochMs: number, tz?: string): number {
  if (!tz) return 0;
  let byDay = dayCache.get(tz);
  if (!byDay) dayCache.set(tz, (byDay = new Map()));
  const day = Math.floor(epochMs / DAY_MS);
  let whole = byDay.get(day);
  if (whole === undefined) {
    const first = slotOffset(day * DAY_MS, tz);
    const last = slotOffset((day + 1) * DAY_MS - SLOT_MS, tz);
    whole = first === last ? first : null;
    if (byDay.size > 100_000) byDay.clear();
    byDay.set(day, whole);
  }
  return whole ?? slotOffset(epochMs, tz);
}

/** The offset of the 15-minute slot holding an instant. */
function slotOffset(epochMs: number, tz: string): number {
  let byZone = offsetCache.get(tz);
  if (!byZone) offsetCache.set(tz, (byZone = new Map()));
  const slot = Math.floor(epochMs / SLOT_MS);
  let off = byZone.get(slot);
  if (off === undefined) {
    const at = slot * SLOT_MS;
    const w = intlWallClock(at, tz);
    off = Math.round((utcMs(w.y, w.mo, w.d, w.h, w.mi, w.s) - at) / 60000);
    if (byZone.size > 200_000) byZone.clear();
    byZone.set(slot, off);
  }
  return off;
}

/** Wall clock of an instant in a zone (undefined zone = UTC). */
export function wallClock(epochMs: number, tz?: string): WallClock {
  return utcWallClock(epochMs + offsetMinutes(epochMs, tz) * 60000);
}

/** The instant of a wall clock time in a zone (like Ruby's Time.local with ENV['TZ'] set). */
/** Date.UTC for every year (Date.UTC reads 0-99 as 1900-1999); overflowing fields carry over. */
export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/**
 * The instant of a wall clock in a zone, as Ruby's Time.local picks it: in a repeated hour (autumn) the later
 * instant, in a skipped hour (spring) the wall clock read with the offset before the change (02:30 -> 03:30).
 */
export function epochOfLocal(w: WallClock, tz?: string): number {
  const guess = utcMs(w.y, w.mo, w.d, w.h, w.mi, w.s);
  if (!tz) return guess;
  const before = offsetMinutes(guess - DAY_MS, tz);
  const after = offsetMinutes(guess + DAY_MS, tz);
  let best: number | undefined;
  for (const o of before === after ? [before] : [before, after]) {
    const t = guess - o * 60000;
    if (offsetMinutes(t, tz) === o && (best === undefined || t > best)) best = t;
  }
  if (best !== undefined) return best;
  const at = offsetMinutes(guess, tz);
  const t = guess - at * 60000;
  return offsetMinutes(t, tz) === at ? t : guess - before * 60000;
}

export function formatOffset(minutes: number, colon = false): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

const p2 = (n: number) => String(n).padStart(2, '0');

export function formatWall(w: WallClock): string {
  return `${String(w.y).padStart(4, '0')}-${p2(w.mo)}-${p2(w.d)} ${p2(w.h)}:${p2(w.mi)}:${p2(w.s)}`;
}

/** `YYYY-MM-DD HH:MM:SS +ZZZZ` of an instant in a zone: what `{{ page.date | date: "%Y-%m-%d %H:%M:%S %z" }}` shows. */
export function formatInZone(epochMs: number, tz?: string): string {
  return `${formatWall(wallClock(epochMs, tz))} ${formatOffset(offsetMinutes(epochMs, tz))}`;
}
