// The "Site page" view (src/core/sitePage.ts) on small sites of our own on disk: the layout chain, includes with
// parameters, the body's Liquid before its Markdown, site.posts in Jekyll's order with previous/next, categories,
// page.url, stylesheets and images mapped (baseurl, the theme copy for a Sass stylesheet), plugin tags and scripts
// listed, a missing theme named; and `newspost render --page`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, runCli } from './helpers';
import { loadSite } from '../../src/core/site';
import { renderSitePage, siteHasLayouts } from '../../src/core/sitePage';
import { sitePageNotes, buildSitePreviewPage } from '../../src/core/previewPage';

const themesDir = path.join(repoRoot, 'media/themes');

function site(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-sitepage-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const toUri = (root: string) => (f: string) => `vscode-resource:${path.relative(root, f).split(path.sep).join('/')}`;
const themeUri = (f: string) => (f.startsWith(themesDir) ? `theme:${path.relative(themesDir, f).split(path.sep).join('/')}` : `site:${f}`);

const OWN = {
  '_config.yml': 'title: 财经快讯\nurl: https://example.com\nbaseurl: /news\ntimezone: Asia/Shanghai\npermalink: /:categories/:year/:month/:day/:title.html\n',
  '_layouts/default.html': `<!DOCTYPE html><html lang="zh-CN"><head><title>{{ page.title }} | {{ site.title }}</title>
<link rel="stylesheet" href="{{ '/assets/site.css' | relative_url }}"><link rel="stylesheet" href="https://cdn.example.com/x.css">
<link rel="stylesheet" href="{{ '/assets/print.css' | absolute_url }}">
<script>alert(1)</script>{% seo %}</head>
<body class="home" onload="alert(2)"><header>{% include nav.html active="news" %}</header>{{ content }}
<footer>{{ site.posts.size }} posts; {% for c in site.categories %}{{ c[0] }}({{ c[1].size }}) {% endfor %}</footer></body></html>`,
  '_layouts/post.html': `---\nlayout: default\nside: right\n---\n<article class="{{ layout.side }}"><h1>{{ page.title }}</h1>
<time>{{ page.date | date: "%Y-%m-%d %H:%M" }}</time><p class="url">{{ page.url }}</p>{{ content }}
<nav>{% if page.previous %}<a href="{{ page.previous.url | relative_url }}">← {{ page.previous.title }}</a>{% endif %}{% if page.next %}<a href="{{ page.next.url }}">{{ page.next.title }} →</a>{% endif %}</nav>
<img src="{{ '/img/logo.png' | relative_url }}" alt="logo"></article>`,
  '_includes/nav.html': '<nav class="site-nav">{{ site.title }} · {{ include.active }}</nav>',
  'assets/site.css': 'body { color: red; }\n',
  'assets/print.css': 'body { color: black; }\n',
  'img/logo.png': 'png',
  '_posts/2022-05-30-first.md': '---\ntitle: 第一篇\ncategories: news\n---\n甲\n',
  '_posts/2022-05-31-second.md': '---\nlayout: post\ntitle: 第二篇\ncategories: news\ndate: 2022-05-31 18:03:41 +0800\n---\n{% assign n = 2 %}**第{{ n }}段** {{ page.title }}\n\n<script>alert(3)</script>\n',
  '_posts/2022-06-01-third.md': '---\ntitle: 第三篇\ncategories: markets\n---\n丙\n',
};

test('site page: layout chain, include parameters, body Liquid before Markdown, site.posts and previous/next, mapped styles and images', () => {
  const root = site(OWN);
  try {
    const s = loadSite(root);
    assert.ok(siteHasLayouts(s));
    const file = path.join(root, '_posts/2022-05-31-second.md');
    const p = renderSitePage({ text: fs.readFileSync(file, 'utf8'), path: file, site: s, themesDir }, { toUri: toUri(root), anchors: false });
    assert.equal(p.error, undefined);
    assert.deepEqual(p.layouts, ['post', 'default']);
    assert.equal(p.url, '/news/2022/05/31/second.html');
    assert.equal(p.title, '第二篇 | 财经快讯');
    assert.equal(p.lang, 'zh-CN');
    assert.equal(p.bodyClass, 'home');
    // the include with its parameter, the layout's front matter as `layout`, the date in the site's zone
    assert.match(p.before, /<nav class="site-nav">财经快讯 · news<\/nav>/);
    assert.match(p.before, /<article class="right"><h1>第二篇<\/h1>\s*<time>2022-05-31 18:03<\/time><p class="url">\/news\/2022\/05\/31\/second.html<\/p>/);
    // the body's Liquid ran first, then Markdown; its script removed
    assert.equal(p.body.blocks.join('').trim(), '<p><strong>第2段</strong> 第二篇</p>');
    // previous (older) and next (newer), site.posts and site.categories
    assert.match(p.after, /<a href="\/news\/news\/2022\/05\/30\/first.html">← 第一篇<\/a><a href="\/markets\/2022\/06\/01\/third.html">第三篇 →<\/a>/);
    assert.match(p.after, /3 posts; news\(2\) markets\(1\)/);
    // styles from the site only (baseurl, and url for absolute_url, taken off), images mapped the same way
    assert.deepEqual(p.stylesheets, ['vscode-resource:assets/site.css', 'vscode-resource:assets/print.css']);
    assert.match(p.after, /<img src="vscode-resource:img\/logo.png" alt="logo">/);
    // what the page leaves out is said
    assert.deepEqual(p.skippedTags, ['seo']);
    assert.equal(p.scripts, 2);
    assert.doesNotMatch(p.before + p.after, /alert|onload|<script|cdn\.example/);
    const notes = sitePageNotes(p);
    assert.ok(notes.some(n => n.includes('{% seo %}')) && notes.some(n => n.includes('2')), notes.join('\n'));
    // the whole page: the site's stylesheet, then ours, our banner and the body's wrapper
    const html = buildSitePreviewPage({ nonce: 'n', cspSource: 'vscode-resource:', scriptUri: 's.js', styleUri: 'p.css', chromeUri: 'c.css', allowHttpImages: false, showStripped: false, page: p, notes });
    assert.match(html, /<link rel="stylesheet" href="vscode-resource:assets\/print.css">\n<link rel="stylesheet" href="c.css">/);
    assert.match(html, /<body class="home np-site-page"/);
    assert.match(html, /<div id="np-content"><!----><p><strong>第2段<\/strong>/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('site page: a theme gem the site names without holding it comes from the shipped copy (Sass stylesheet as the prebuilt CSS)', () => {
  const root = site({
    '_config.yml': 'theme: jekyll-theme-minimal\ntitle: 小站\ntimezone: Asia/Shanghai\n',
    'assets/css/style.scss': '---\n---\n@import "{{ site.theme }}";\n',
    '_posts/2022-05-31-x.md': '---\nlayout: post\ntitle: 标题\n---\n正文\n',
  });
  try {
    const s = loadSite(root);
    assert.ok(siteHasLayouts(s), 'the theme copy has layouts');
    const file = path.join(root, '_posts/2022-05-31-x.md');
    const p = renderSitePage({ text: fs.readFileSync(file, 'utf8'), path: file, site: s, themesDir }, { toUri: themeUri });
    assert.equal(p.error, undefined);
    assert.equal(p.shippedTheme, 'jekyll-theme-minimal');
    assert.equal(p.missingTheme, undefined);
    assert.deepEqual(p.layouts, ['post', 'default']);
    assert.deepEqual(p.stylesheets, ['theme:minimal/assets/css/style.css']);
    assert.match(p.before, /<div class="wrapper">/);
    assert.match(p.before, /<h1>标题<\/h1>/);
    assert.ok(p.skippedTags.includes('seo'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('site page: a theme the preview has no copy of is named; a missing include is listed', () => {
  const root = site({
    '_config.yml': 'theme: minima\n',
    '_layouts/post.html': '<main>{% include missing.html %}{{ content }}</main>',
    '_posts/2022-05-31-x.md': '---\nlayout: post\ntitle: t\n---\nbody\n',
  });
  try {
    const s = loadSite(root);
    const file = path.join(root, '_posts/2022-05-31-x.md');
    const p = renderSitePage({ text: fs.readFileSync(file, 'utf8'), path: file, site: s, themesDir }, {});
    assert.equal(p.missingTheme, 'minima');
    assert.deepEqual(p.missingIncludes, ['missing.html']);
    const notes = sitePageNotes(p);
    assert.ok(notes.some(n => n.includes('minima')), notes.join('\n'));
    assert.ok(notes.some(n => n.includes('missing.html')), notes.join('\n'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('newspost render --page: the whole page; --no-strip keeps the ad markup; --article the article view', { skip: !fs.existsSync(path.join(repoRoot, 'dist/cli.js')) && 'run npm run build' }, () => {
  const root = site({
    ...OWN,
    '_posts/2022-06-02-ad.md': '---\nlayout: post\ntitle: 广告\n---\n<p>正文<span style="display:none">隐藏</span></p>\n',
  });
  try {
    const file = path.join(root, '_posts/2022-06-02-ad.md');
    const page = runCli(['render', '--page', file], root);
    assert.equal(page.code, 0, page.err);
    assert.match(page.out, /^<!DOCTYPE html>/);
    assert.match(page.out, /<nav class="site-nav">财经快讯 · news<\/nav>/);
    assert.match(page.out, /<link rel="stylesheet" href="file:\/\/[^"]*\/assets\/site.css">/);
    assert.match(page.out, /Stripped 1 item/);
    assert.doesNotMatch(page.out, /隐藏|<script/);
    const live = runCli(['render', '--page', '--no-strip', file], root);
    assert.equal(live.code, 0, live.err);
    assert.match(live.out, /隐藏/);
    const article = runCli(['render', '--page', '--article', file], root);
    assert.match(article.out, /<article id="np-post"/);
    assert.doesNotMatch(article.out, /site-nav/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
