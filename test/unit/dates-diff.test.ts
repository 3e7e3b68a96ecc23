// Differential test of our date reading against Ruby: generated `date:` values of every shape people write,
// each in a front matter, read by the vendored SafeYAML 1.0.5 and then Jekyll's Utils.parse_date
// (Time.parse(value.to_s).localtime) with the site's zone as ENV['TZ'] (none, Asia/Shanghai, America/New_York),
// against our SafeYAML typing and rubyTimeParse. The same instant and UTC offset, or both abort. Seeded, bounded
// by count and time; a disagreement fails unless KNOWN lists it. Skipped without ../shared or ruby.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { seeded, NOW } from './helpers';
import { rubyYamlSkip, runRubyYaml, ours, dateDiff, loadDiff } from './rubyYaml';
import { readFrontMatterDate } from '../../src/core/jekyllDate';

const skip = rubyYamlSkip();
const GENERATED = 5000;
const BUDGET_MS = 25_000;
const SEED = 8122021;
const ZONES = [null, 'Asia/Shanghai', 'America/New_York'];

/** Disagreements we know of and accept, with the reason. */
const KNOWN: Array<{ reason: string; test: (value: string, diff: string, tz: string | null) => boolean }> = [
  {
    reason: 'before 1901 Asia/Shanghai keeps local mean time, +08:05:43; our zone arithmetic works in whole minutes (+08:05 or +08:06)',
    test: (_v, diff, tz) => tz === 'Asia/Shanghai' && /\b(?:0\d\d\d|1[0-8]\d\d|1900)-\d\d-\d\dT/.test(diff) || /offset Ruby 29143\b/.test(diff),
  },
];

const pad = (n: number, l = 2) => String(n).padStart(l, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ZONE_WORDS = ['UTC', 'GMT', 'Z', 'UT', 'EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'JST', 'CET', 'CEST', 'HKT', 'BST', 'IST', 'AEST', 'KST', 'MSK',
  'Asia/Shanghai', 'utc', 'gmt', 'GMT+8', 'UTC+08:00', 'GMT-5', 'Beijing', 'XYZ'];

function gen(rnd: (n: number) => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[rnd(xs.length)];
  const y = pick([2022, 2021, 1999, 2000, 1970, 2038, 2024, 1900, 2100, 1, 9999]);
  const mo = rnd(14) === 0 ? pick([0, 13]) : 1 + rnd(12);
  const d = rnd(10) === 0 ? pick([0, 29, 30, 31, 32]) : 1 + rnd(28);
  const h = rnd(12) === 0 ? pick([24, 25, 0, 12, 23]) : rnd(24);
  const mi = rnd(15) === 0 ? pick([60, 59, 0]) : rnd(60);
  const s = rnd(15) === 0 ? pick([60, 61, 59, 0]) : rnd(60);
  const frac = () => pick(['.5', '.123', '.123456789', '.', ',5', '.0']);
  const off = () => pick(['+0800', '+08:00', '+8', '-0500', '-05:00', '+0530', '+05:30', '-1', '+14', '-12', '+1200', '+24', '+2400', '+0000', '-00:00', '+08', '+800', '+8:00']);
  const zone = () => rnd(3) === 0 ? pick(ZONE_WORDS) : off();
  const mon = () => { const m = MONTHS[(mo + 11) % 12]; return pick([m, m.slice(0, 3), m.slice(0, 3).toUpperCase(), m.toLowerCase(), `${m.slice(0, 3)}.`]); };
  const wday = () => { const w = DAYS[rnd(7)]; return pick([w, w.slice(0, 3), `${w.slice(0, 3)},`, w.toLowerCase()]); };
  const ymd = `${y < 1000 ? pad(y, 4) : y}-${pad(mo)}-${pad(d)}`;
  const hms = `${pad(h)}:${pad(mi)}:${pad(s)}`;
  const yy = pad(y % 100);
  const shapes: Array<() => string> = [
    () => ymd,
    () => `${y}-${mo}-${d}`,
    () => `${ymd} ${hms}`,
    () => `${ymd}T${hms}${pick(['Z', '', 'z', off()])}`,
    () => `${ymd} ${hms}${rnd(2) ? frac() : ''}${pick([' ', '', '  '])}${zone()}`,
    () => `${ymd} ${pad(h)}:${pad(mi)}${rnd(2) ? ' ' + zone() : ''}`,
    () => `${ymd}T${hms}${frac()}${off()}`,
    () => `${wday()} ${pad(d)} ${mon()} ${y} ${hms} ${zone()}`, // RFC 2822
    () => `${wday()} ${mon()} ${rnd(2) ? pad(d) : ` ${d}`} ${hms} ${y}`, // ctime
    () => `${wday()} ${mon()} ${d} ${hms} ${pick(ZONE_WORDS)} ${y}`, // date(1)
    () => `${mon()} ${d}, ${y}${rnd(2) ? ` ${h % 12 || 12}:${pad(mi)} ${pick(['am', 'pm', 'AM', 'PM', 'a.m.', 'p.m.'])}` : ''}`,
    () => `${d} ${mon()} ${y}${rnd(2) ? ` ${hms}` : ''}`,
    () => `${d}${pick(['st', 'nd', 'rd', 'th'])} ${mon()} ${y}`,
    () => `${mon()} ${y}`,
    () => `${y}/${pad(mo)}/${pad(d)}${rnd(2) ? ` ${hms}` : ''}`,
    () => `${pad(mo)}/${pad(d)}/${y}`,
    () => `${pad(d)}/${pad(mo)}/${y}`,
    () => `${pad(mo)}/${pad(d)}/${yy}`,
    () => `${y}.${pad(mo)}.${pad(d)}`,
    () => `${pad(d)}.${pad(mo)}.${y}${rnd(2) ? ` ${hms}` : ''}`,
    () => `${yy}-${pad(mo)}-${pad(d)}`,
    () => `${yy}-${pad(mo)}-${pad(d)} ${hms}`,
    () => `${y}${pad(mo)}${pad(d)}`,
    () => `${y}${pad(mo)}${pad(d)}T${pad(h)}${pad(mi)}${pad(s)}${rnd(2) ? 'Z' : ''}`,
    () => `${y}${pad(mo)}${pad(d)}${pad(h)}${pad(mi)}${pad(s)}`,
    () => `${y}年${mo}月${d}日${pick(['', ' ', ' '])}${rnd(2) ? `${h}:${pad(mi)}${rnd(2) ? ':' + pad(s) : ''}` : ''}`,
    () => `${y}-${pad(mo)}`,
    () => `${hms}`,
    () => `${pad(h)}:${pad(mi)}`,
    () => `${h % 12 || 12}${pick(['pm', 'am', ' PM'])}`,
    () => String(y),
    () => pick(['1653962400', '20220531', '31', '2022.5', 'now', 'today', 'yesterday', '', 'tbd', 'N/A', '-', '0']),
    () => `${ymd} ${hms} ${off()} ${pick(['x', 'CST', '(China)', 'Beijing'])}`,
    () => `[${ymd}]`,
    () => `(${ymd})`,
    () => `${ymd}${pick(['x', '.', ',', ' -', '!', '日'])}`,
    () => `${pick(['on ', 'at ', 'Date: ', '~'])}${ymd}`,
    () => `${ymd} ${pad(h)}h${pad(mi)}`,
    () => `${ymd}_${hms}`,
    () => `${d}-${mon()}-${y}`,
    () => `${wday()}, ${ymd}`,
  ];
  const v = pick(shapes)();
  // written plain mostly (YAML's timestamp typing first), quoted sometimes (a String straight to Time.parse)
  return rnd(4) === 0 ? `"${v}"` : rnd(12) === 0 ? `'${v}'` : v;
}

test(`${GENERATED} generated date values read as Jekyll reads them, in 3 zones (seed ${SEED})`, { skip }, t => {
  const started = Date.now();
  const { rnd } = seeded(SEED);
  const values = Array.from({ length: GENERATED }, () => gen(rnd));
  const texts = values.map(v => `---\ndate: ${v}\n---\nbody\n`);
  const results = runRubyYaml(texts.map(text => ({ yaml: text.slice(0, text.indexOf('---\nbody')), tzs: ZONES, safeOnly: true, now: NOW / 1000 })));
  const failures: string[] = [];
  const known = new Map<string, number>();
  let compared = 0;
  let uncertain = 0;
  let aborts = 0;
  for (let i = 0; i < values.length; i++) {
    if (Date.now() - started > BUDGET_MS) break;
    compared++;
    const o = ours(texts[i]);
    const r = results[i].safe;
    const loaded = loadDiff(o, r);
    for (const tz of ZONES) {
      const e = o.fm?.byKey.get('date');
      const read = e && readFrontMatterDate(e.value, e.tagged ? 'plain' : e.style, tz ?? undefined, NOW, e.raw);
      if (tz === null && read?.uncertain) uncertain++;
      if (tz === null && r.dates?.['']?.error !== undefined) aborts++;
      const diff = loaded ?? dateDiff(o, r, tz, NOW);
      if (!diff) continue;
      const reason = KNOWN.find(k => k.test(values[i], diff, tz))?.reason;
      if (reason) known.set(reason, (known.get(reason) ?? 0) + 1);
      else if (failures.length < 40) failures.push(`date: ${values[i]} (TZ ${tz ?? 'none'}): ${diff}`);
      break;
    }
  }
  t.diagnostic(`dates: ${compared} of ${values.length} values compared in 3 zones in ${Date.now() - started} ms; Ruby aborts on ${aborts}; `
    + `we flag ${uncertain} as uncertain; known disagreements: ${known.size ? [...known].map(([k, n]) => `${n}× ${k}`).join('; ') : 'none'}`);
  assert.ok(compared > 0);
  assert.deepEqual(failures, []);
});
