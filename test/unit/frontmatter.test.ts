// The front-matter split and parse: Jekyll's regex semantics, and the fast path equal to the full YAML parser.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { splitFrontMatter, parseFrontMatter, ParsedFrontMatter } from '../../src/core/frontmatter';
import { corpusDir } from './helpers';

test('split: body starts after the closing line and the blank lines Ruby\'s \\s* swallows', () => {
  const t = '---\ntitle: x\n---\n\n\nbody';
  const s = splitFrontMatter(t);
  assert.equal(s.kind, 'ok');
  assert.equal(t.slice(s.bodyStart), 'body');
  assert.equal(t.slice(s.yamlStart, s.yamlEnd), 'title: x\n');
});

test('split: `...` closes too; `--- x` does not open; an empty block is fine', () => {
  assert.equal(splitFrontMatter('---\na: 1\n...\nbody').kind, 'ok');
  assert.equal(splitFrontMatter('--- a\nb: 1\n---\n').kind, 'none');
  assert.equal(splitFrontMatter('---\n---\nbody').kind, 'ok');
});

test('split: U+3000 and NBSP before --- are not Ruby whitespace in the regex, but are still "before the front matter"', () => {
  assert.equal(splitFrontMatter('\u3000\n---\na: 1\n---\n').kind, 'notAtStart');
  assert.equal(splitFrontMatter(' ---\na: 1\n---\n').kind, 'none');
});

function comparable(p: ParsedFrontMatter) {
  return {
    entries: p.entries.map(e => ({ ...e, value: e.key === 'date' ? undefined : e.value })),
    dups: p.duplicates.map(d => d.key), errors: p.errors, tabs: p.tabs,
  };
}

function assertSame(text: string, label: string) {
  const s = splitFrontMatter(text);
  if (s.kind !== 'ok') return false;
  const fast = parseFrontMatter(text, s, true);
  const full = parseFrontMatter(text, s, false);
  assert.deepEqual(comparable(fast), comparable(full), label);
  return true;
}

test('fast path equals the YAML library on shapes it accepts and declines', () => {
  const cases = [
    'layout: post\ntitle: "港股午评｜恒指微跌 比亚迪电子涨逾5%"\ndate: 2022-05-31 18:03:41 +0800\ncategories: emnews\ntags: 东财滚动新闻\n',
    'layout: post\ntitle: "一"\ndate: 2021-12-08 10:46:18\ncategories: 21shijijingjibaodao 21caijingAPP\ntags: 每日经济新闻新闻\n',
    'title:  "首页"\npermalink: /\n', 'title: 404\nlayout: default\n', 'title: \'单引号\'\ndate:\n', 'published: false\n', 'published: no\n',
    'tags: [a, b]\n', 'title: a: b\n', 'title: "a\\"b"\n', 'a: 1\na: 2\n', 'title: x # comment\n', 'categories: - a\n', 'date: 2022-05-31\r\ntitle: t\r\n',
  ];
  for (const c of cases) assert.ok(assertSame(`---\n${c}---\n`, c));
});

test('fast path equals the YAML library on every corpus post', { skip: !fs.existsSync(corpusDir) && 'corpus not present' }, () => {
  let n = 0;
  for (const dir of ['_posts', 'old_post']) {
    for (const name of fs.readdirSync(path.join(corpusDir, dir))) {
      if (assertSame(fs.readFileSync(path.join(corpusDir, dir, name), 'utf8'), `${dir}/${name}`)) n++;
    }
  }
  assert.ok(n > 100);
});

test('a quoted value continued on a line indented less than YAML demands loads, as libyaml (every Jekyll) reads it', () => {
  for (const [fm, title] of [
    ['title: "Alpha beta\ngamma delta"\nlayout: post\n', 'Alpha beta gamma delta'],
    ["title: 'one\n\ntwo'\n", 'one\ntwo'],
    ['nested:\n  title: "a\n b"\nlayout: post\n', undefined],
  ] as const) {
    const text = `---\n${fm}---\nbody`;
    const fm2 = parseFrontMatter(text, splitFrontMatter(text));
    assert.deepEqual(fm2.errors, [], fm);
    if (title) assert.equal(fm2.byKey.get('title')!.value, title);
    assert.equal(fm2.byKey.get('layout')?.value, fm.includes('layout') ? 'post' : undefined);
    const e = fm2.entries[fm2.entries.length - 1];
    assert.equal(text.slice(e.keyStart, e.keyEnd), e.key, 'ranges point into the original text');
  }
  // an unclosed quote still fails
  const bad = '---\ntitle: "a\nb\nlayout: post\n---\n';
  assert.ok(parseFrontMatter(bad, splitFrontMatter(bad)).errors.length > 0);
});

test('values are typed as SafeYAML types them (upstream Jekyll 4, GitHub Pages)', () => {
  const text = '---\na: y\nb: Yes\nc: 0o17\nd: 017\ne: 1:20\nf: !!str 12\ng: "12"\nh: 2022-5-3\ni: NULL\nj: 1e5\n---\n';
  const fm = parseFrontMatter(text, splitFrontMatter(text));
  const v = Object.fromEntries(fm.entries.map(e => [e.key, e.value]));
  assert.deepEqual(v, { a: 'y', b: true, c: '0o17', d: 15, e: 80, f: 12, g: '12', h: '2022-5-3', i: null, j: '1e5' });
});
