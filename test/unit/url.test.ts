// The URL of every post as the real builders compute it (src/core/url.ts): the small sites of urlCases.ts, their
// page.url recorded from GitHub Pages (Jekyll 3.10) and Jekyll 4.4.1 by scripts/url-oracle.mjs
// (test/unit/fixtures/urls/expected-*.json), compared in plain Node; a live re-check runs when ../shared is there.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { checkPost } from '../../src/core/check';
import { parseConfig, Site } from '../../src/core/site';
import { Builder } from '../../src/core/builder';
import { postUrl, escapePath, slugify, sanitizeUrl, datePlaceholders, absoluteUrl, postsTemplate, UrlTemplateError } from '../../src/core/url';
import { URL_POSTS, URL_SITES } from './urlCases';
import { repoRoot, NOW } from './helpers';

type Expected = Record<string, { posts?: Record<string, string | null>; aborted?: string }>;
const FIXTURES = path.join(repoRoot, 'test/unit/fixtures/urls');
const BUILDERS: Array<[string, Builder]> = [['ghpages', 'github-pages'], ['jekyll4', 'jekyll-4']];

function siteOf(config: string, builder: Builder, root = '/nonexistent/url-site'): Site {
  return { root, config: parseConfig(config), layouts: new Set(['post', 'default']), builder, builderReason: 'test' };
}

for (const [key, builder] of BUILDERS) {
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, `expected-${key}.json`), 'utf8')) as Expected;
  for (const spec of URL_SITES) {
    test(`${key}: page.url of every post, site '${spec.name}' (${spec.config.split('\n')[0]})`, () => {
      const site = siteOf(spec.config, builder);
      const want = expected[spec.name];
      assert.ok(want, `no expectation for ${spec.name}: run scripts/url-oracle.mjs`);
      const posts = { ...URL_POSTS, ...(spec.posts ?? {}) };
      const got: Record<string, string | null> = {};
      const fates: string[] = [];
      for (const rel of Object.keys(posts).sort()) {
        const r = checkPost({ text: posts[rel], path: rel, site }, { now: NOW });
        fates.push(r.jekyll.fate);
        got[rel] = r.jekyll.fate === 'built' ? r.jekyll.url ?? null : null;
      }
      if (want.aborted) {
        // the builder aborts on the template: every post that takes it aborts (those with their own permalink do not)
        assert.ok(fates.includes('abort'), `${want.aborted}: fates ${fates.join(',')}`);
      } else {
        assert.deepEqual(got, want.posts);
      }
    });
  }
}

test('escapePath: Addressable::URI.encode, then the first # as %23', () => {
  assert.equal(escapePath('a b'), 'a%20b');
  assert.equal(escapePath('c:d'), 'c:d');
  assert.equal(escapePath('a?b#c'), 'a?b%23c');
  assert.equal(escapePath('a#b#c'), 'a%23b%23c');
  assert.equal(escapePath('é'), '%C3%A9');
  assert.equal(escapePath('a%20b'), 'a%2520b');
  assert.equal(escapePath('[a]'), '%5Ba%5D');
  assert.equal(escapePath("~!$&()*+,;=@'"), "~!$&()*+,;=@'");
  assert.equal(escapePath('中文'), '%E4%B8%AD%E6%96%87');
  assert.equal(escapePath('a"b<>{}|^`\\'), 'a%22b%3C%3E%7B%7D%7C%5E%60%5C');
  assert.throws(() => escapePath('1:2'), UrlTemplateError);
  assert.throws(() => escapePath(':x'), UrlTemplateError);
});

test('slugify: default and pretty modes, cased or not', () => {
  assert.equal(slugify('Hello, World!'), 'hello-world');
  assert.equal(slugify('Hello, World!', 'pretty', true), 'Hello,-World!');
  assert.equal(slugify('中文 标题'), '中文-标题');
  assert.equal(slugify('-x-'), 'x');
});

test('sanitizeUrl: .. becomes /, ./ goes, runs of / are squeezed', () => {
  assert.equal(sanitizeUrl('a//b'), '/a/b');
  assert.equal(sanitizeUrl('/2021/x..html'), '/2021/x/html');
  assert.equal(sanitizeUrl('/x./'), '/x');
});

test('date placeholders: ISO week, day of year, names', () => {
  const d = datePlaceholders({ y: 2019, mo: 12, d: 30, h: 7, mi: 5, s: 9 });
  assert.deepEqual([d.w_year, d.week, d.w_day, d.short_day, d.long_day, d.y_day, d.short_year, d.i_month, d.i_day, d.short_month, d.long_month],
    ['2020', '01', '1', 'Mon', 'Monday', '364', '19', '12', '30', 'Dec', 'December']);
  assert.equal(datePlaceholders({ y: 2021, mo: 1, d: 3, h: 0, mi: 0, s: 0 }).week, '53');
});

test('postsTemplate: styles per builder, the collection permalink wins', () => {
  assert.equal(postsTemplate(siteOf('', 'jekyll-4')), '/:categories/:year/:month/:day/:title:output_ext');
  assert.equal(postsTemplate(siteOf('permalink: weekdate\n', 'jekyll-4')), '/:categories/:year/W:week/:short_day/:title:output_ext');
  assert.equal(postsTemplate(siteOf('permalink: weekdate\n', 'github-pages')), 'weekdate');
  assert.equal(postsTemplate(siteOf('permalink: pretty\ncollections:\n  posts:\n    permalink: /a/:title/\n', 'jekyll-4')), '/a/:title/');
});

test('postUrl: an unknown placeholder throws (Jekyll aborts); Jekyll 4-only ones on Jekyll 3', () => {
  assert.throws(() => postUrl(siteOf('permalink: /:nope/\n', 'jekyll-4'), '_posts/2021-01-01-x.md', {}, Date.UTC(2021, 0, 1)), UrlTemplateError);
  assert.throws(() => postUrl(siteOf('permalink: /:week/\n', 'github-pages'), '_posts/2021-01-01-x.md', {}, Date.UTC(2021, 0, 1)), UrlTemplateError);
  assert.equal(postUrl(siteOf('permalink: /:week/\n', 'jekyll-4'), '_posts/2021-01-01-x.md', {}, Date.UTC(2021, 0, 1)), '/53/');
});

test('absoluteUrl: url, else https:// + CNAME, then baseurl', () => {
  assert.equal(absoluteUrl(siteOf('url: https://ex.org/\nbaseurl: blog\n', 'jekyll-4'), '/a.html'), 'https://ex.org/blog/a.html');
  assert.equal(absoluteUrl(siteOf('', 'jekyll-4'), '/a.html'), undefined);
  const root = fs.mkdtempSync(path.join(require('os').tmpdir(), 'newspost-cname-'));
  try {
    fs.writeFileSync(path.join(root, 'CNAME'), 'news.example.com\n');
    assert.equal(absoluteUrl(siteOf('', 'github-pages', root), '/a/b.html'), 'https://news.example.com/a/b.html');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

const ORACLES = path.resolve(repoRoot, '../shared/jekyll-oracles');
const live = process.env.NEWSPOST_URL_ORACLE === '1' && fs.existsSync(path.join(ORACLES, 'bin/jekyll-4'));
test('live: the builders still give the recorded URLs (NEWSPOST_URL_ORACLE=1, ../shared present; one to two minutes)', { skip: !live && 'set NEWSPOST_URL_ORACLE=1 with ../shared/jekyll-oracles to re-check', timeout: 300_000 }, () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/url-oracle.mjs'), '--check'], { encoding: 'utf8', timeout: 280_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('permalink-invalid: a placeholder the builder lacks aborts the build, reported on the post\'s own permalink or its head', () => {
  const own = checkPost({ text: '---\ntitle: X\npermalink: /:week/:title/\n---\nx\n', path: '_posts/2021-01-01-x.md', site: siteOf('', 'github-pages') }, { now: NOW });
  assert.equal(own.jekyll.fate, 'abort');
  const d = own.diagnostics.find(x => x.code === 'permalink-invalid')!;
  assert.equal(d.severity, 'error');
  assert.equal('---\ntitle: X\npermalink: /:week/:title/\n---\nx\n'.slice(d.start, d.end), '/:week/:title/');
  assert.match(d.message, /The URL template doesn't have week keys/);
  // the same on Jekyll 4 builds
  const j4 = checkPost({ text: '---\ntitle: X\npermalink: /:week/:title/\n---\nx\n', path: '_posts/2021-01-01-x.md', site: siteOf('', 'jekyll-4') }, { now: NOW });
  assert.equal(j4.jekyll.fate, 'built');
  assert.equal(j4.jekyll.url, '/53/x/');
  // the site's template: every post it builds
  const site = checkPost({ text: '---\ntitle: X\n---\nx\n', path: '_posts/2021-01-01-x.md', site: siteOf('permalink: /:slugified_categories/:title/\n', 'github-pages') }, { now: NOW });
  assert.deepEqual(site.diagnostics.map(x => x.code), ['permalink-invalid']);
  // not built anyway: nothing to say
  const off = checkPost({ text: '---\ntitle: X\npublished: false\npermalink: /:nope/\n---\nx\n', path: '_posts/2021-01-01-x.md', site: siteOf('', 'jekyll-4') }, { now: NOW });
  assert.equal(off.jekyll.fate, 'unpublished');
  assert.ok(!off.diagnostics.some(x => x.code === 'permalink-invalid'));
});
