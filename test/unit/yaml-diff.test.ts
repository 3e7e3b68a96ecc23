// Differential test of our front-matter loader against the real one: SafeYAML 1.0.5 (vendored under
// ../shared/jekyll-oracles), which upstream Jekyll 4.4 and GitHub Pages' Jekyll 3.10 call as SafeYAML.load(yaml)
// in Document#read_content. Every front matter of the shared corpora, then generated ones (seeded): the same
// verdict (Jekyll uses it or not), the same string keys with the same values and types, and for the corpora the
// same date. A disagreement fails unless KNOWN lists it with its reason. Skipped without ../shared or ruby.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { seeded, NOW } from './helpers';
import { rubyYamlSkip, runRubyYaml, ours, jekyllYamlText, loadDiff, dateDiff, jekyllLoads, CORPORA, RubyResult } from './rubyYaml';

const skip = rubyYamlSkip();
/** Bounds: generated cases, and the time spent comparing (the rest is left out, and said so). */
const GENERATED = 6000;
const BUDGET_MS = 25_000;
const SEED = 20261206;

/** Disagreements we know of and accept, with the reason. `test` sees the post's text. */
const KNOWN: Array<{ reason: string; test: (text: string, diff: string) => boolean }> = [
  {
    reason: 'an explicit key `? k:` followed by a less-indented line: libyaml rejects it, the yaml library reads it (nobody writes a front matter so)',
    test: (text, diff) => diff.startsWith('we load it') && /^[ ]*\? /m.test(text) && /did not find expected key/.test(diff),
  },
  {
    reason: 'a block scalar with an indentation indicator (|2) with lines of only spaces: libyaml keeps those beyond the indicator as content, the yaml library drops them',
    test: (text, diff) => /[|>][-+]?[1-9]/.test(text) && /\n[ ]+\n/.test(text) && /^data\./.test(diff),
  },
  {
    reason: 'a tag right before , ] or } in a flow collection (`{x: !x}`): libyaml wants a space after a tag, the yaml library does not',
    test: (text, diff) => diff.startsWith('we load it') && /while scanning a tag/.test(diff) && /![^\s,\]}]*[,\]}]/.test(text),
  },
  {
    reason: 'a whole Float (1.0e+5) inside a list or hash used as date: Jekyll parses its inspect text (100000.0), and a JS number cannot tell it from an Integer',
    test: (_text, diff) => /^(?:Ruby reads )?"[[{].*\d\.0\b.*[\]}]"/.test(diff),
  },
  {
    reason: 'before 1901 Asia/Shanghai keeps local mean time, +08:05:43; our zone arithmetic works in whole minutes',
    test: (_text, diff) => /\b(?:0\d\d\d|1[0-8]\d\d|1900)-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z, ours/.test(diff) || /offset Ruby 29143\b/.test(diff),
  },
];

function knownReason(text: string, diff: string): string | undefined {
  return KNOWN.find(k => k.test(text, diff))?.reason;
}

interface Tally { cases: number; compared: number; known: Map<string, number>; failures: string[]; debianDiffers: number }

function compare(texts: Array<{ name: string; text: string; tz?: string | null }>, t: { diagnostic: (m: string) => void }, label: string, withDates: boolean): Tally {
  const started = Date.now();
  const cases = texts.map(x => ({ name: x.name, text: x.text, tz: x.tz ?? null, yaml: jekyllYamlText(x.text) })).filter(x => x.yaml !== undefined);
  const results: RubyResult[] = runRubyYaml(cases.map(c => ({ yaml: c.yaml!, tzs: [c.tz], now: NOW / 1000 })));
  const tally: Tally = { cases: cases.length, compared: 0, known: new Map(), failures: [], debianDiffers: 0 };
  for (let i = 0; i < cases.length; i++) {
    if (Date.now() - started > BUDGET_MS) break;
    const c = cases[i];
    const r = results[i];
    const o = ours(c.text);
    let diff = loadDiff(o, r.safe);
    if (!diff && withDates && o.loads && r.safe.dates) diff = dateDiff(o, r.safe, c.tz, NOW);
    if (r.psych && jekyllLoads(r.psych) !== jekyllLoads(r.safe)) tally.debianDiffers++;
    tally.compared++;
    if (!diff) continue;
    const reason = knownReason(c.text, diff);
    if (reason) tally.known.set(reason, (tally.known.get(reason) ?? 0) + 1);
    else if (tally.failures.length < 30) tally.failures.push(`${c.name}: ${diff}\n    ${JSON.stringify(c.text.slice(0, 400))}`);
  }
  t.diagnostic(`${label}: ${tally.compared} of ${tally.cases} front matters compared in ${Date.now() - started} ms; `
    + `Debian's Psych.safe_load decides otherwise than SafeYAML on ${tally.debianDiffers}; known disagreements: `
    + (tally.known.size ? [...tally.known].map(([k, n]) => `${n}× ${k}`).join('; ') : 'none'));
  return tally;
}

function corpusPosts(): Array<{ name: string; text: string; tz: string | null }> {
  const out: Array<{ name: string; text: string; tz: string | null }> = [];
  const sites: Array<[string, string[], string | null]> = [
    ['finews', ['_posts', 'old_post'], 'Asia/Shanghai'],
    ['jekyllrb', ['_posts'], 'America/Los_Angeles'],
    ['ruby-lang', fs.existsSync(path.join(CORPORA, 'ruby-lang')) ? fs.readdirSync(path.join(CORPORA, 'ruby-lang')).filter(d => fs.existsSync(path.join(CORPORA, 'ruby-lang', d, 'news/_posts'))).map(d => `${d}/news/_posts`) : [], 'UTC'],
  ];
  for (const [site, dirs, tz] of sites) {
    for (const d of dirs) {
      const dir = path.join(CORPORA, site, d);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).sort()) {
        if (!/\.(md|markdown|html)$/.test(f)) continue;
        const buf = fs.readFileSync(path.join(dir, f));
        out.push({ name: `${site}/${d}/${f}`, text: buf.toString('utf8'), tz });
      }
    }
  }
  return out;
}

test('every front matter of the shared corpora loads as SafeYAML loads it (values, types, dates)', { skip: skip || (!fs.existsSync(CORPORA) && 'no ../shared/corpus') }, t => {
  const posts = corpusPosts();
  assert.ok(posts.length > 1000, `only ${posts.length} corpus posts`);
  const tally = compare(posts, t, 'corpora', true);
  assert.deepEqual(tally.failures, []);
});

// ---------------------------------------------------------------------------------------------------------------
// Generated front matters: YAML 1.1 in the shapes people (and scrapers) write.

const WORDS = ['news', '快讯', 'Ruby 3.3 released', 'a b', 'x', 'Matz', '港股午评｜恒指微跌', 'C#', 'it\'s', 'say "hi"', 'a:b', 'a: b', 'a #b', 'a# b',
  'yes', 'No', 'y', 'n', 'Y', 'ON', 'off', 'True', 'FALSE', 'null', 'Null', 'NULL', 'nuLL', '~', 'nil', 'none'];
const NUMBERS = ['0', '00', '017', '018', '0o17', '0x1F', '0X1f', '-0x1F', '0x1_F', '0b101', '0b1_0', '1_000', '1,000', '1__0', '+12', '-0', '-12',
  '1.5', '.5', '-.5', '1.', '1e5', '1.0e+5', '1.0e5', '1.5E-3', '.inf', '-.Inf', '.NaN', '.nan', '1:20', '190:20:30', '1:20.5', '-1:30', '0:60', '1:5',
  '1_0.5', '1__0.5', '12345678901234', '3.14159', '6.02e+23', '-0.0', '0.1_5', '1,000.5'];
const DATES = ['2022-05-31', '2022-5-3', '2022-02-30', '2022-13-01', '2024-02-29', '2022-05-31 10:00:00', '2022-05-31T10:00:00Z', '2022-05-31t10:00:00',
  '2022-05-31 10:00:00 +0800', '2022-05-31 10:00:00+08:00', '2022-05-31 10:00:00 +8', '2022-05-31 10:00:00 -05:30', '2022-05-31 10:00:00.123456',
  '2022-05-31 10:00:00.5 +0800', '2022-05-31  10:00:00', '2022-05-31 24:00:00', '2022-05-31 23:59:60', '2022-05-31 23:60:00', '2022-05-31 10:00:00 +24',
  '2022-05-31 10:00:00 +25', '2022-05-31 10:00:00 +1299', '2022-5-3 8:03:41', '2022-02-30 10:00:00', '2022-05-31 10:00', '2022-05-31 10:00:00 Z',
  '2022-05-31 10:00:00 UTC', '0001-01-01', '9999-12-31 23:59:59'];
const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!timestamp', '!ruby/object:Foo', '!ruby/sym', '!', '!foo', '!<tag:yaml.org,2002:str>', '!!binary', '!ruby/regexp', '!!python/none'];
const KEYS = ['title', 'layout', 'date', 'categories', 'tags', 'published', 'author', 'description', 'permalink', 'lang', 'excerpt_separator'];
const ODD_KEYS = ['yes', 'on', '1', '"title"', "'date'", 'ti tle', 'Title', 'title ', '? title', 'null', '~', '2022-05-31', '<<', '"<<"'];

function gen(rnd: (n: number) => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[rnd(xs.length)];
  const word = () => pick(WORDS);
  const sp = () => pick([' ', ' ', ' ', '  ', '\t', ' \t']);
  const lead = () => pick(['', '', '', '', ' ', '  ', '\t']);
  const plain = (): string => {
    switch (rnd(9)) {
      case 0: return pick(NUMBERS);
      case 1: return pick(DATES);
      case 2: return pick([':快讯', ':x', '@x', '`x`', '%x', '*x', '&a x', '!x', '|', '>', '-x', '- x', '? x', '[x', '{x', ',x', 'x:', 'x ]', '#x', 'x # c', 'x#c', '"x" y', "'x' y"]);
      default: return `${word()}${rnd(3) ? '' : ' ' + word()}`;
    }
  };
  const dq = (): string => {
    const parts = [word(), pick(['\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\x41', '\\/', '\\q', '\\ ', '\\_', '\\N', '\\e', '\\0', '"', "'", '#', ' # ', '\\u4e2d']), word()];
    if (rnd(3) === 0) return `"${parts.join('')}"`;
    // continued on the next lines, at every indentation, blank lines between, an escaped line break
    const brk = () => pick(['\n', '\n', '\n\n', ' \n', '\\\n', '\n \n']);
    return `"${parts[0]}${brk()}${lead()}${parts[1]}${parts[2]}${rnd(2) ? brk() + lead() + word() : ''}"`;
  };
  const sq = (): string => {
    const inner = `${word()}${pick(['', "''", ' ', '"', '#', '\\'])}${word()}`.replace(/'(?!')/g, rnd(2) ? "''" : "'");
    if (rnd(2)) return `'${inner}'`;
    return `'${word()}${pick(['\n', '\n\n', ' \n'])}${lead()}${inner}'`;
  };
  const block = (indent: string): string => {
    const head = pick(['|', '>', '|-', '|+', '>-', '>+', '|2', '>1', '|-2', '| # c', '>2-']);
    const lines = Array.from({ length: 1 + rnd(4) }, () => pick(['', `${indent}  ${word()}`, `${indent}    ${word()}`, `${indent}  ${pick(NUMBERS)}`, `${indent} ${word()}`, `${indent}\t${word()}`]));
    return `${head}\n${lines.join('\n')}`;
  };
  const flow = (): string => pick([
    `[${word()}, ${word()}]`, `[${plain()}, "${word()}"]`, `{a: ${plain()}, b: ${word()}}`, '[]', '{}', `[${word()},\n  ${word()}]`, `[${word()},\n${word()}]`,
    `[a, [b, c]]`, `{a: [1, 2]}`, `[${pick(NUMBERS)}, ${pick(DATES)}]`, `[a, b`, `{a: 1`,
  ]);
  const scalar = (indent: string): string => {
    switch (rnd(12)) {
      case 0: case 1: case 2: return plain();
      case 3: case 4: return dq();
      case 5: return sq();
      case 6: return block(indent);
      case 7: return flow();
      case 8: return `${pick(TAGS)} ${pick([plain(), dq(), pick(NUMBERS), pick(DATES), 'aGVsbG8=', '"aGVsbG8="'])}`;
      case 9: return '';
      case 10: return `${word()}\n${indent}${pick(['  ', ' ', ''])}${word()}`; // a plain scalar continued
      default: return pick(DATES);
    }
  };
  const lines: string[] = [];
  const anchors: string[] = [];
  const n = 1 + rnd(7);
  const base = rnd(15) === 0 ? ' ' : '';
  for (let i = 0; i < n; i++) {
    const key = rnd(12) === 0 ? pick(ODD_KEYS) : pick(KEYS);
    const r = rnd(20);
    if (r === 0) {
      lines.push(`${base}${key}:\n${pick(['', '  ', ' '])}- ${scalar('  ')}\n${pick(['', '  ', ' '])}- ${plain()}`);
    } else if (r === 1) {
      lines.push(`${base}${key}:\n  a: ${scalar('  ')}\n  ${pick(['b', 'a'])}: ${plain()}`);
    } else if (r === 2) {
      const a = `a${i}`;
      anchors.push(a);
      lines.push(`${base}${key}: &${a} ${rnd(2) ? scalar('') : `{x: ${plain()}}`}`);
    } else if (r === 3) {
      lines.push(`${base}${key}: *${anchors.length && rnd(4) ? pick(anchors) : 'nope'}`);
    } else if (r === 4) {
      lines.push(`${base}<<: ${pick([anchors.length ? `*${pick(anchors)}` : '{x: 1}', '{title: merged, x: 1}', '[{a: 1}, {b: 2}]', 'x', `*${anchors[0] ?? 'nope'}`])}`);
    } else if (r === 5) {
      lines.push(pick(['# a comment', '  # indented comment', '', '   ', `${base}${key}: ${plain()} # trailing`, `${base}${key}:${sp()}${plain()}`, `\t${key}: x`, `${key}:x`, `${key} : x`]));
    } else {
      lines.push(`${base}${key}:${sp()}${scalar(base)}`);
    }
  }
  let fm = lines.join('\n') + '\n';
  if (rnd(25) === 0) fm = fm.replace(/\n/g, '\r\n');
  return `${rnd(40) === 0 ? '\ufeff' : ''}---${rnd(20) === 0 ? ' ' : ''}\n${fm}---\nbody\n`;
}

test(`${GENERATED} generated front matters load as SafeYAML loads them (seed ${SEED})`, { skip }, t => {
  const { rnd } = seeded(SEED);
  const texts = Array.from({ length: GENERATED }, (_, i) => ({ name: `#${i}`, text: gen(rnd), tz: 'Asia/Shanghai' }));
  const tally = compare(texts, t, 'generated', true);
  assert.ok(tally.compared > 0);
  assert.deepEqual(tally.failures, []);
});
