// The differential tests' side of scripts/ruby-yaml.rb: run it on a batch of front matters, and compare what
// it says Jekyll's loader made of each with what our engine makes of it.
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { repoRoot } from './helpers';
import { splitFrontMatter, parseFrontMatter, ParsedFrontMatter } from '../../src/core/frontmatter';
import { RubyDate, RubyTime } from '../../src/core/safeYaml';
import { readFrontMatterDate } from '../../src/core/jekyllDate';
import { offsetMinutes } from '../../src/core/timezone';

export const ORACLES = path.resolve(repoRoot, '../shared/jekyll-oracles');
export const SAFE_YAML_LIB = path.join(ORACLES, 'vendor/gems/gems/safe_yaml-1.0.5/lib');
export const CORPORA = path.resolve(repoRoot, '../shared/corpus');

/** Why the differential tests cannot run here (no ../shared, no ruby), or false. */
export function rubyYamlSkip(): string | false {
  if (!fs.existsSync(path.join(SAFE_YAML_LIB, 'safe_yaml/load.rb'))) return `the vendored SafeYAML is not at ${SAFE_YAML_LIB}`;
  const r = spawnSync('ruby', ['-e', 'print 1'], { encoding: 'utf8' });
  return r.status === 0 ? false : `ruby is not available (${r.error?.message ?? r.stderr})`;
}

export type Typed = string | boolean | null | Typed[] | { int: string } | { float: number | string } | { date: string }
  | { time: number; nsec: number; off: number } | { sym: string } | { map: Array<[Typed, Typed]> } | { cycle: true } | { other: string } | { bytes: number[] };

export interface RubyDateResult { input: string; epoch?: number; nsec?: number; off?: number; error?: string }
export interface RubyLoad { ok: boolean; value?: Typed; error?: string; dates?: Record<string, RubyDateResult> }
export interface RubyResult { safe: RubyLoad; psych?: RubyLoad }
export interface RubyCase { yaml: string; tzs?: Array<string | null>; safeOnly?: boolean; now?: number }

/** One ruby process for the whole batch. */
export function runRubyYaml(cases: RubyCase[], timeoutMs = 50_000): RubyResult[] {
  const input = cases.map(c => JSON.stringify(c)).join('\n') + '\n';
  const r = spawnSync('ruby', [path.join(repoRoot, 'scripts/ruby-yaml.rb'), SAFE_YAML_LIB], { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`ruby-yaml.rb failed (${r.status ?? r.signal}): ${r.error?.message ?? ''} ${r.stderr.slice(0, 2000)}`);
  const lines = r.stdout.trimEnd().split('\n');
  if (lines.length !== cases.length) throw new Error(`ruby-yaml.rb answered ${lines.length} lines for ${cases.length} cases`);
  return lines.map(l => JSON.parse(l));
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The first difference between our value and Ruby's, or undefined. Loose where noted: an Integer and a Float
 * compare by number (JS has one number type; the checker only prints them); a Time by its instant and offset (to
 * the millisecond); a hash's non-string keys are not compared (SafeYAML's hashes keep them, ours drop them: the
 * checker reads string keys only).
 */
export function typedDiff(ours: unknown, ruby: Typed, at = 'value'): string | undefined {
  const say = (what: string) => `${at}: ours ${show(ours)}, Ruby ${JSON.stringify(ruby)}${what ? ` (${what})` : ''}`;
  if (ruby === null || typeof ruby === 'boolean' || typeof ruby === 'string') return ours === ruby ? undefined : say('');
  if (Array.isArray(ruby)) {
    if (!Array.isArray(ours)) return say('not an array');
    if (ours.length !== ruby.length) return say('length');
    for (let i = 0; i < ruby.length; i++) {
      const d = typedDiff(ours[i], ruby[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if ('cycle' in ruby) return undefined;
  // !!binary that decodes to bytes that are not UTF-8: we hold them as text (replacement characters)
  if ('bytes' in ruby) return ours === Buffer.from(ruby.bytes).toString('utf8') ? undefined : say('bytes');
  if ('int' in ruby) return typeof ours === 'number' && ours === Number(ruby.int) ? undefined : say('Integer');
  if ('float' in ruby) {
    const f = ruby.float;
    const want = f === 'inf' ? Infinity : f === '-inf' ? -Infinity : f === 'nan' ? NaN : Number(f);
    return typeof ours === 'number' && (Object.is(ours, want) || ours === want) ? undefined : say('Float');
  }
  if ('date' in ruby) return ours instanceof RubyDate && ours.toString() === ruby.date ? undefined : say('Date');
  if ('time' in ruby) {
    if (!(ours instanceof RubyTime)) return say('Time');
    const ms = ruby.time * 1000 + Math.floor(ruby.nsec / 1e6);
    return ours.epochMs === ms && ours.offsetSeconds === ruby.off ? undefined : say('Time instant or offset');
  }
  if ('map' in ruby) {
    if (!isObj(ours) || ours instanceof RubyDate || ours instanceof RubyTime) return say('not a hash');
    // a !!binary key that is not UTF-8 is a String in Ruby too: we hold it as text with replacement characters
    const keyOf = (k: Typed) => typeof k === 'string' ? k : isObj(k) && 'bytes' in k ? Buffer.from(k.bytes as number[]).toString('utf8') : undefined;
    const keys = ruby.map.map(([k]) => keyOf(k)).filter((k): k is string => k !== undefined);
    if (JSON.stringify(Object.keys(ours).sort()) !== JSON.stringify([...new Set(keys)].sort())) return say('keys');
    for (const [rk, v] of ruby.map) {
      const k = keyOf(rk);
      if (k === undefined) continue;
      const d = typedDiff(ours[k], v, `${at}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return say('a Ruby type we do not model');
}

function show(v: unknown): string {
  if (v instanceof RubyDate) return `Date(${v})`;
  if (v instanceof RubyTime) return `Time(${v.epochMs}, ${v.offsetSeconds})`;
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

export interface Ours { text: string; fm?: ParsedFrontMatter; loads: boolean; data?: Record<string, unknown> }

/** Our engine on a post's text: does the front matter load, and the data (last value of each key). */
export function ours(text: string): Ours {
  const split = splitFrontMatter(text);
  if (split.kind !== 'ok') return { text, loads: false };
  const fm = parseFrontMatter(text, split);
  if (fm.errors.length) return { text, fm, loads: false };
  const data: Record<string, unknown> = {};
  for (const e of fm.entries) data[e.key] = e.value;
  return { text, fm, loads: true, data };
}

/** What Jekyll hands to its loader: from the opening `---` to the closing line (Document::YAML_FRONT_MATTER_REGEXP's group 1). */
export function jekyllYamlText(text: string): string | undefined {
  const split = splitFrontMatter(text);
  return split.kind === 'ok' ? text.slice(split.openStart, split.closeStart) : undefined;
}

/** Jekyll uses the front matter: SafeYAML loaded a hash (nil and false merge nothing; anything else fails in merge_data!). */
export function jekyllLoads(r: RubyLoad): boolean {
  return r.ok && (r.value === null || r.value === false || (isObj(r.value) && 'map' in r.value));
}

/** The first difference in loading or values, or undefined. */
export function loadDiff(o: Ours, r: RubyLoad): string | undefined {
  const rl = jekyllLoads(r);
  if (o.loads !== rl) {
    return o.loads
      ? `we load it, Jekyll does not (${r.error ?? `a ${JSON.stringify(r.value).slice(0, 60)}, not a hash`})`
      : `Jekyll loads it, we report ${o.fm?.errors[0]?.message ?? 'no front matter'}`;
  }
  if (!rl || !isObj(r.value)) return undefined;
  return typedDiff(o.data, r.value as Typed, 'data');
}

/** Our date against Ruby's Utils.parse_date for one zone: the same instant (whole seconds) and offset, or both abort. */
export function dateDiff(o: Ours, r: RubyLoad, tz: string | null, now: number): string | undefined {
  const rd = r.dates?.[tz ?? ''];
  const e = o.fm?.byKey.get('date');
  if (!rd || !e) return rd || e ? `date present: ours ${!!e}, Ruby ${!!rd}` : undefined;
  const read = readFrontMatterDate(e.value, e.tagged ? 'plain' : e.style, tz ?? undefined, now, e.raw);
  if (rd.error !== undefined) {
    return read.epochMs === undefined ? undefined : `Ruby aborts (${rd.error}) on ${JSON.stringify(rd.input)}, we read ${new Date(read.epochMs).toISOString()}`;
  }
  if (read.epochMs === undefined) return `Ruby reads ${JSON.stringify(rd.input)} as ${new Date(rd.epoch! * 1000).toISOString()}, we abort (${read.rubyError})`;
  if (Math.floor(read.epochMs / 1000) !== rd.epoch) return `${JSON.stringify(rd.input)}: Ruby ${new Date(rd.epoch! * 1000).toISOString()}, ours ${new Date(read.epochMs).toISOString()}${read.uncertain ? ' (we flag it uncertain)' : ''}`;
  const off = offsetMinutes(read.epochMs, tz ?? undefined) * 60;
  if (off !== rd.off) return `${JSON.stringify(rd.input)}: offset Ruby ${rd.off}, ours ${off}`;
  return undefined;
}
