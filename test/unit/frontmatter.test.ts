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
