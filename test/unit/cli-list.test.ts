// `newspost list`: one row per post with its fate, title, date, layout, categories, tags and URL, in text, JSON and
// CSV, the same with and without worker threads; --now, --builder, drafts, the machine's zone when the site sets none.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, runCli, writeSite } from './helpers';
import { parseNow } from '../../src/cli/list';

const cli = path.join(repoRoot, 'dist/cli.js');
const skip = !fs.existsSync(cli) && 'dist/cli.js missing: npm run build';

const POSTS: Record<string, string> = {
  '2021-12-08-hello.md': '---\nlayout: post\ntitle: 你好\ndate: 2021-12-08 18:21:26 +0800\ncategories: emnews\ntags: [a, b]\n---\nx\n',
  '2030-01-01-later.md': '---\nlayout: post\ntitle: Later\n---\nx\n',
  '2021-12-09-off.md': '---\ntitle: Off\npublished: false\n---\nx\n',
  'no-date.md': '---\ntitle: No date\n---\nx\n',
  '2021-12-10-bad.md': '---\ntitle: Bad\n---\n{% if %}\n',
  '2021-12-11-中文 标题.md': '---\ntitle: "A, \\"quoted\\" title"\ncategory: 财经\n---\nx\n',
};

test('newspost list --format json: every post with its fate and fields, as the builder holds them', { skip }, () => {
  const dir = writeSite('list', POSTS, { '_drafts/idea.md': '---\ntitle: Idea\ndate: 2021-11-01 08:00:00 +0800\n---\nx\n' });
  try {
    const r = runCli(['list', '--format', 'json', '--now', '2026-01-01T00:00:00Z'], dir);
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
    const by = Object.fromEntries(rows.map(x => [x.file, x]));
    assert.deepEqual(by['_posts/2021-12-08-hello.md'], {
      file: '_posts/2021-12-08-hello.md', fate: 'built', title: '你好', date: '2021-12-08 18:21:26 +0800', layout: 'post',
      categories: ['emnews'], tags: ['a', 'b'], url: '/emnews/2021/12/08/hello.html',
    });
    assert.equal(by['_posts/2030-01-01-later.md'].fate, 'future');
    assert.equal(by['_posts/2030-01-01-later.md'].url, '/2030/01/01/later.html');
    assert.equal(by['_posts/2021-12-09-off.md'].fate, 'unpublished');
    assert.deepEqual(by['_posts/no-date.md'], { file: '_posts/no-date.md', fate: 'skipped', title: null, date: null, layout: null, categories: [], tags: [], url: null });
    assert.equal(by['_posts/2021-12-10-bad.md'].fate, 'abort');
    assert.equal(by['_posts/2021-12-11-中文 标题.md'].url, '/%E8%B4%A2%E7%BB%8F/2021/12/11/%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98.html');
    assert.equal(by['_drafts/idea.md'].draft, true);
    assert.equal(by['_drafts/idea.md'].url, '/2021/11/01/idea.html');
    assert.match(r.err, /^newspost list: 7 posts \(3 built, 1 future, 1 unpublished, 1 skipped, 1 abort\)/);
    // --now decides what is in the future
    const later = JSON.parse(runCli(['list', '--format', 'json', '--now', '2031-01-01 00:00:00 +0800', '_posts/2030-01-01-later.md'], dir).out);
    assert.equal(later[0].fate, 'built');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('newspost list: text and CSV rows; paths as given; usage errors', { skip }, () => {
  const dir = writeSite('list-csv', POSTS);
  try {
    const text = runCli(['list', '_posts/2021-12-08-hello.md'], dir);
    assert.equal(text.out, '_posts/2021-12-08-hello.md\tbuilt\t2021-12-08 18:21:26 +0800\t/emnews/2021/12/08/hello.html\t你好\n');
    const csv = runCli(['list', '--format', 'csv', '_posts/2021-12-08-hello.md', '_posts/2021-12-11-中文 标题.md'], dir);
    assert.equal(csv.out,
      'file,fate,title,date,layout,categories,tags,url\r\n' +
      '_posts/2021-12-08-hello.md,built,你好,2021-12-08 18:21:26 +0800,post,emnews,a b,/emnews/2021/12/08/hello.html\r\n' +
      '_posts/2021-12-11-中文 标题.md,built,"A, ""quoted"" title",2021-12-11 00:00:00 +0800,post,财经,,/%E8%B4%A2%E7%BB%8F/2021/12/11/%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98.html\r\n');
    // file: relative to the current folder, as `check` prints it
    const sub = runCli(['list', '--format', 'json', '2021-12-08-hello.md'], path.join(dir, '_posts'));
    assert.equal(JSON.parse(sub.out)[0].file, '2021-12-08-hello.md');
    assert.equal(runCli(['list', '--format', 'xml'], dir).code, 2);
    assert.match(runCli(['list', '--now', 'soon'], dir).err, /--now takes a time/);
    assert.match(runCli(['list', '--frmat', 'json'], dir).err, /did you mean --format/);
    assert.match(runCli(['list', '--help'], dir).out, /^usage: newspost list /);
    assert.equal(runCli(['list', '--format', 'json', 'nothing-here.md'], dir).code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('newspost list: the machine zone when the site sets none; --builder changes the URL', { skip }, () => {
  const dir = writeSite('list-zone', { '2021-12-08-x..md': '---\ntitle: X\ndate: 2021-12-08 23:30:00 +0000\n---\nx\n' }, { '_config.yml': 'title: t\n' });
  try {
    const tokyo = JSON.parse(runCli(['list', '--format', 'json'], dir, { TZ: 'Asia/Tokyo' }).out)[0];
    assert.equal(tokyo.date, '2021-12-09 08:30:00 +0900');
    assert.equal(tokyo.url, '/2021/12/09/x/html'); // GitHub Pages (no Gemfile): the slug's dot
    const utc = JSON.parse(runCli(['list', '--format', 'json', '--builder', 'jekyll-4'], dir, { TZ: 'UTC' }).out)[0];
    assert.equal(utc.date, '2021-12-08 23:30:00 +0000');
    assert.equal(utc.url, '/2021/12/08/x.html');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('newspost list: worker threads give the same rows as the main thread (300 posts)', { skip }, () => {
  const posts: Record<string, string> = {};
  for (let i = 0; i < 300; i++) posts[`2024-03-05-p${i}.md`] = `---\nlayout: post\ntitle: 第${i}条\ndate: 2024-03-05 09:${String(i % 60).padStart(2, '0')}:00 +0800\ncategories: [News, "A B"]\n---\nx\n`;
  const dir = writeSite('list-jobs', posts);
  try {
    const main = runCli(['list', '--format', 'json', '--jobs', '0'], dir);
    const threads = runCli(['list', '--format', 'json', '--jobs', '2'], dir);
    assert.equal(main.code, 0, main.err);
    assert.equal(threads.out, main.out);
    const rows = JSON.parse(main.out);
    assert.equal(rows.length, 300);
    assert.ok(rows.every((r: { url: string }) => r.url.startsWith('/news/a%20b/2024/03/05/p')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('parseNow: ISO 8601 and Jekyll\'s own form', () => {
  assert.equal(parseNow('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
  assert.equal(parseNow('2026-01-01 08:00:00 +0800'), Date.UTC(2026, 0, 1));
  assert.equal(parseNow('soon'), undefined);
});
