// The site's real builder: detected from the files of its root (src/core/builder.ts), overridden by the setting
// and --builder, and the verdicts that follow it (layout-missing, dated sub-folders, _config.yml warnings).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectBuilder } from '../../src/core/builder';
import { loadSite, withBuilder } from '../../src/core/site';
import { checkPost } from '../../src/core/check';
import { siteFindings } from '../../src/core/siteRules';
import { check, codes, site, NOW, runCli } from './helpers';

test('detectBuilder: no Gemfile is GitHub Pages, with or without CNAME and theme', () => {
  assert.equal(detectBuilder({}).builder, 'github-pages');
  const r = detectBuilder({ cname: true, theme: 'jekyll-theme-minimal' });
  assert.equal(r.builder, 'github-pages');
  assert.match(r.reason, /no Gemfile \(CNAME, theme: jekyll-theme-minimal\)/);
});

test('detectBuilder: Gemfile.lock pins github-pages or a jekyll version', () => {
  const gp = detectBuilder({ gemfile: "gem 'github-pages', group: :jekyll_plugins\n", gemfileLock: 'GEM\n  specs:\n    github-pages (232)\n      jekyll (= 3.10.0)\n    jekyll (3.10.0)\n' });
  assert.deepEqual(gp, { builder: 'github-pages', reason: 'Gemfile.lock pins github-pages 232' });
  assert.equal(detectBuilder({ gemfile: 'gem "jekyll"\n', gemfileLock: 'GEM\n  specs:\n    jekyll (4.4.1)\n' }).reason, 'Gemfile.lock pins jekyll 4.4.1');
  assert.equal(detectBuilder({ gemfile: 'gem "jekyll"\n', gemfileLock: 'GEM\n  specs:\n    jekyll (4.4.1)\n' }).builder, 'jekyll-4');
  assert.equal(detectBuilder({ gemfileLock: 'GEM\n  specs:\n    jekyll (3.9.3)\n' }).builder, 'jekyll-3');
});

test('detectBuilder: the Gemfile without a lock', () => {
  assert.equal(detectBuilder({ gemfile: 'source "https://rubygems.org"\ngem "github-pages", "~> 232"\n' }).builder, 'github-pages');
  assert.equal(detectBuilder({ gemfile: 'gem "jekyll", "~> 4.3"\n' }).builder, 'jekyll-4');
  assert.equal(detectBuilder({ gemfile: 'gem "jekyll", "~> 3.9"\n' }).builder, 'jekyll-3');
  assert.equal(detectBuilder({ gemfile: 'gem "jekyll"\n' }).builder, 'jekyll-4');
  // a commented-out line says nothing
  assert.equal(detectBuilder({ gemfile: '# gem "github-pages"\ngem "jekyll", "~> 4.4"\n' }).builder, 'jekyll-4');
  assert.equal(detectBuilder({ gemfile: 'gem "webrick"\n' }).builder, 'jekyll-4');
});

test('detectBuilder: workflows', () => {
  const pages = { name: '.github/workflows/pages.yml', text: 'jobs:\n  build:\n    steps:\n      - uses: actions/jekyll-build-pages@v1\n' };
  const bundle = { name: '.github/workflows/jekyll.yml', text: 'jobs:\n  build:\n    steps:\n      - run: bundle exec jekyll build\n' };
  // GitHub's action builds with the github-pages gem whatever the Gemfile says
  assert.deepEqual(detectBuilder({ gemfile: 'gem "jekyll", "~> 4.4"\n', workflows: [pages] }),
    { builder: 'github-pages', reason: '.github/workflows/pages.yml builds with actions/jekyll-build-pages' });
  assert.equal(detectBuilder({ workflows: [bundle] }).builder, 'jekyll-4');
  assert.equal(detectBuilder({ gemfile: 'gem "jekyll", "~> 3.10"\n', workflows: [bundle] }).builder, 'jekyll-3');
});

function tmpSite(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'builder-site-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('loadSite: the builder from the files, and the override', () => {
  const pages = tmpSite({ '_config.yml': 'theme: jekyll-theme-minimal\n', CNAME: 'news.example.com\n' });
  const j4 = tmpSite({ '_config.yml': 'title: x\n', Gemfile: 'gem "jekyll", "~> 4.4"\n' });
  try {
    const a = loadSite(pages);
    assert.equal(a.builder, 'github-pages');
    assert.match(a.builderReason, /no Gemfile/);
    assert.equal(loadSite(j4).builder, 'jekyll-4');
    const forced = loadSite(j4, 'github-pages');
    assert.equal(forced.builder, 'github-pages');
    assert.equal(forced.builderReason, 'set by the newsPost.builder setting');
    assert.equal(withBuilder(a, 'jekyll-4', 'flag').builderReason, 'set by --builder');
    assert.equal(withBuilder(a, 'auto'), a);
  } finally {
    fs.rmSync(pages, { recursive: true, force: true });
    fs.rmSync(j4, { recursive: true, force: true });
  }
});

const NO_LAYOUT = '---\ntitle: "t"\ndate: 2022-05-31 18:03:41 +0800\n---\n\nx\n';

test('layout-missing: a Markdown post without layout is laid out with `post` on GitHub Pages, not on Jekyll 4', () => {
  const pages = check(NO_LAYOUT, '2022-05-31-x.md', site(undefined, undefined, 'github-pages'));
  assert.ok(!codes(pages).includes('layout-missing'));
  assert.equal(pages.jekyll.layout, 'post');
  const j4 = check(NO_LAYOUT, '2022-05-31-x.md', site(undefined, undefined, 'jekyll-4'));
  assert.ok(codes(j4).includes('layout-missing'));
  assert.equal(j4.jekyll.layout, null);
  // an .html post gets no default layout, even on GitHub Pages
  const html = check(NO_LAYOUT, '2022-05-31-x.html', site(undefined, undefined, 'github-pages'));
  assert.ok(codes(html).includes('layout-missing'));
  // the options' builder wins over the site's
  const over = check(NO_LAYOUT, '2022-05-31-x.md', site(undefined, undefined, 'jekyll-4'), { builder: 'github-pages' });
  assert.ok(!codes(over).includes('layout-missing'));
  // no `post` layout in the site: GitHub Pages' theme (primer by default) has one
  const themeOnly = check(NO_LAYOUT, '2022-05-31-x.md', site('title: x\n', [], 'github-pages'));
  assert.equal(themeOnly.jekyll.layout, 'post');
});

test('a post in a dated sub-folder of _posts: a post on GitHub Pages (Jekyll 3), skipped on Jekyll 4', () => {
  const text = '---\nlayout: post\ntitle: "t"\ndate: 2021-12-08 18:21:26 +0800\n---\n\nx\n';
  const run = (builder: 'github-pages' | 'jekyll-4' | 'jekyll-3') =>
    checkPost({ text, path: '/site/_posts/2021-12-08-x/post.md', site: site(undefined, undefined, builder) }, { now: NOW });
  assert.equal(run('github-pages').jekyll.fate, 'built');
  assert.equal(run('jekyll-3').jekyll.fate, 'built');
  const j4 = run('jekyll-4');
  assert.equal(j4.jekyll.fate, 'skipped');
  assert.ok(j4.diagnostics.some(d => d.code === 'filename-no-date'));
  // the folder's day against the front matter's: no rename of the file offered
  const other = checkPost({ text, path: '/site/_posts/2021-12-09-x/post.md', site: site(undefined, undefined, 'github-pages') }, { now: NOW });
  const mismatch = other.diagnostics.find(d => d.code === 'filename-date-mismatch');
  assert.ok(mismatch);
  assert.equal(mismatch.fixes, undefined);
});

test('_config.yml on GitHub Pages: plugins it does not load and a _plugins/ folder', () => {
  const root = tmpSite({
    '_config.yml': 'title: x\nplugins:\n  - jekyll-feed\n  - jekyll-archives\n',
    '_plugins/x.rb': 'module X; end\n',
  });
  try {
    const s = loadSite(root);
    assert.equal(s.builder, 'github-pages');
    const found = siteFindings(s);
    assert.deepEqual(found.map(f => f.code), ['config-plugin-not-loaded', 'config-plugins-folder']);
    assert.equal(found[0].line, 4);
    assert.match(found[0].message, /jekyll-archives/);
    assert.deepEqual(siteFindings(withBuilder(s, 'jekyll-4')), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('newspost check: the builder per site (--stats), --builder, and the site findings on _config.yml', () => {
  const root = tmpSite({
    '_config.yml': 'title: x\nplugins:\n  - jekyll-feed\n  - jekyll-archives\n',
    '_layouts/post.html': '{{ content }}\n',
    '_posts/2022-05-31-x.md': NO_LAYOUT,
  });
  try {
    const pages = runCli(['check', '--stats'], root);
    assert.equal(pages.code, 0, pages.err);
    assert.match(pages.out, /^_config\.yml:4:5: warning: GitHub Pages does not load the plugin 'jekyll-archives'.* \[config-plugin-not-loaded\]$/m);
    assert.doesNotMatch(pages.out, /layout-missing/);
    assert.match(pages.err, /site \.: built by GitHub Pages \(Jekyll 3\.10\) \(no Gemfile: GitHub Pages' classic build\)/);
    const j4 = runCli(['check', '--stats', '--builder', 'jekyll-4', '--format', 'json'], root);
    const found = JSON.parse(j4.out) as Array<{ file: string; code: string }>;
    assert.deepEqual(found.map(f => `${f.file} ${f.code}`), ['_posts/2022-05-31-x.md layout-missing']);
    assert.match(j4.err, /built by Jekyll 4 \(set by --builder\)/);
    const bad = runCli(['check', '--builder', 'hugo'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--builder takes github-pages, jekyll-4, jekyll-3 or auto \(got hugo\)/);
    // a Gemfile makes it a Jekyll 4 site
    fs.writeFileSync(path.join(root, 'Gemfile'), 'gem "jekyll", "~> 4.4"\n');
    const gem = runCli(['check', '--stats'], root);
    assert.match(gem.out, /layout-missing/);
    assert.match(gem.err, /built by Jekyll 4 \(the Gemfile asks for jekyll '~> 4\.4'\)/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('GitHub Pages: the messages of a post whose front matter is not used name the layout it gets', () => {
  const r = check('\n---\ntitle: "t"\n---\n\nx\n', '2022-05-31-x.md', site(undefined, undefined, 'github-pages'));
  const d = r.diagnostics.find(x => x.code === 'frontmatter-not-at-start');
  assert.match(d?.message ?? '', /GitHub Pages' 'post' layout/);
  assert.equal(r.jekyll.layout, 'post');
  const j4 = check('\n---\ntitle: "t"\n---\n\nx\n', '2022-05-31-x.md', site(undefined, undefined, 'jekyll-4'));
  assert.match(j4.diagnostics.find(x => x.code === 'frontmatter-not-at-start')?.message ?? '', /no layout/);
});

test('a slug ending in a dot: another URL on GitHub Pages (…/x/html), none on Jekyll 4; as the real builders do', () => {
  const text = '---\nlayout: post\ntitle: "t"\ndate: 2022-05-31 18:03:41 +0800\n---\n\nx\n';
  const pages = check(text, '2022-05-31-x..md', site(undefined, undefined, 'github-pages'));
  const d = pages.diagnostics.find(x => x.code === 'filename-slug-dot');
  assert.ok(d, `filename-slug-dot; got ${codes(pages)}`);
  assert.equal(d.fixes?.[0].renameTo, '2022-05-31-x.md');
  assert.ok(!codes(check(text, '2022-05-31-x..md', site(undefined, undefined, 'jekyll-4'))).includes('filename-slug-dot'));
  // a pretty permalink has no `..` to turn into `/`
  assert.ok(!codes(check(text, '2022-05-31-x..md', site('permalink: pretty\n', undefined, 'github-pages'))).includes('filename-slug-dot'));
  // what the real builders did with the oracle's case (test/oracle/expected.*.json)
  const urlOf = (b: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../../test/oracle/expected.${b}.json`), 'utf8')).cases['2022-05-31-slug-dot..md'].url;
  assert.match(urlOf('ghpages'), /\/slug-dot\/html$/);
  assert.match(urlOf('jekyll4'), /\/slug-dot\.html$/);
});
