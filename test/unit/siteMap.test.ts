// The site map and its site-wide rules (URL conflicts, case conflicts, duplicate stories, links), on small sites of
// our own written to disk.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { writeSite, NOW } from './helpers';
import { loadSite } from '../../src/core/site';
import { IndexedPost, SiteMap, readPages, siteMapFindings, absoluteUrl } from '../../src/core/siteMap';
import { bodyLinks, internalPath, sourceIdOf } from '../../src/core/links';
import { PostCore } from '../../src/core/postIndex';
import { checkOneFile } from '../../src/core/checkFile';

const core = (o: Partial<PostCore> & { url?: string }): PostCore & { url?: string } =>
  ({ fate: 'built', frontMatter: 'read', errors: 0, warnings: 0, infos: 0, codes: [], ...o });

function posts(dir: string, list: Record<string, Partial<PostCore> & { url?: string }>): IndexedPost[] {
  return Object.entries(list).map(([rel, o]) => ({ file: path.join(dir, rel), post: core(o) }));
}

test('internalPath: root-relative and absolute to the site (url, baseurl); relative, other hosts and Liquid left alone', () => {
  const a = { url: 'https://news.example.com', baseurl: '/blog' };
  assert.equal(internalPath('/blog/2022/05/31/x.html', a), '/2022/05/31/x.html');
  assert.equal(internalPath('https://news.example.com/blog/a/?q=1#h', a), '/a/');
  assert.equal(internalPath('//NEWS.example.com/blog/', a), '/');
  assert.equal(internalPath('{{ site.baseurl }}/about/', a), '/about/');
  assert.equal(internalPath('/other/x.html', a), undefined, 'outside the baseurl');
  assert.equal(internalPath('https://elsewhere.org/blog/x', a), undefined);
  assert.equal(internalPath('x.html', a), undefined);
  assert.equal(internalPath('{{ page.url }}', a), undefined);
  assert.equal(internalPath('/%E4%B8%AD.html', {}), '/中.html');
});

test('bodyLinks: Markdown, HTML, reference and autolinks, Liquid tags; code skipped', () => {
  const text = '---\ntitle: x\n---\nSee [a](/a/) and <a href="/b.html">b</a> and {% post_url 2022-01-01-c %}.\n\n' +
    '[ref]: /d/\n\n`[no](/code/)`\n\n```\n[no](/fenced/)\n```\n\n{% highlight md %}\n[no](/hl/)\n{% endhighlight %}\n\n<https://s.example/e>\n{% link _posts/2022-01-01-c.md %}\n';
  const links = bodyLinks(text, text.indexOf('See'), { url: 'https://s.example' });
  assert.deepEqual(links.map(l => `${l.kind}:${l.target}`), ['href:/a/', 'href:/b.html', 'post_url:2022-01-01-c', 'href:/d/', 'href:/e', 'link:_posts/2022-01-01-c.md']);
  assert.equal(text.slice(links[0].start, links[0].end), '/a/');
});

test('sourceIdOf: the share link without scheme, host lower-cased', () => {
  assert.equal(sourceIdOf('http://finews.example/html_News/NewsShare.html?infoCode=NW202205302396506117'), 'NW202205302396506117');
  assert.equal(sourceIdOf('http://finance.example.com/a/202112082206563626.html'), '202112082206563626');
  assert.equal(sourceIdOf('http://finance.example.com/news/1354,202205312398034850.html'), '202205312398034850');
  assert.equal(sourceIdOf('http://Finews.Example/html/Share.html?infoCode=NW1'), 'finews.example/html/Share.html?infoCode=NW1');
  assert.equal(sourceIdOf('https://finews.example/'), undefined, 'a bare host names no story');
  assert.equal(sourceIdOf(''), undefined);
});

test('readPages: pages with front matter get their URL from permalink or path; collections with output; _ folders skipped', () => {
  const dir = writeSite('map-pages', {}, {
    '_config.yml': 'permalink: pretty\ncollections:\n  docs:\n    output: true\n    permalink: /:collection/:path/\n',
    'about.md': '---\ntitle: About\n---\nhi\n',
    'index.html': '---\n---\nhome\n',
    'news/index.md': '---\n---\n',
    'feed.xml': '---\n---\n',
    'custom.md': '---\npermalink: /elsewhere/\n---\n',
    'plain.html': 'no front matter: a static file\n',
    'hidden.md': '---\npublished: false\n---\n',
    '_docs/guide/start.md': '---\ntitle: Start\n---\n',
    '_includes/x.html': '---\n---\n',
  });
  const urls = readPages(loadSite(dir)).map(p => `${p.kind} ${p.rel} ${p.url}`).sort();
  assert.deepEqual(urls, [
    'doc _docs/guide/start.md /docs/guide/start/',
    'page about.md /about/',
    'page custom.md /elsewhere/',
    'page feed.xml /feed.xml',
    'page index.html /',
    'page news/index.md /news/',
  ]);
  const dated = writeSite('map-pages2', {}, { 'about.md': '---\n---\n', 'a/b.html': '---\n---\n' });
  assert.deepEqual(readPages(loadSite(dated)).map(p => p.url).sort(), ['/a/b.html', '/about.html']);
});

test('url-conflict: two posts, or a post and a page, on one URL: an error on each naming the other', () => {
  const dir = writeSite('map-conflict', {}, { 'news/x.md': '---\npermalink: /2022/05/31/b.html\n---\n' });
  const map = new SiteMap(loadSite(dir), posts(dir, {
    '_posts/2022-05-31-a.md': { url: '/2022/05/31/a.html' },
    'x/_posts/2022-05-31-a.md': { url: '/2022/05/31/a.html' },
    '_posts/2022-05-31-b.md': { url: '/2022/05/31/b.html' },
    '_posts/2022-05-31-c.md': { url: '/2022/05/31/a.html', fate: 'unpublished' },
  }));
  const found = siteMapFindings(map).filter(f => f.code === 'url-conflict');
  assert.deepEqual(found.map(f => path.relative(dir, f.file)).sort(), ['_posts/2022-05-31-a.md', '_posts/2022-05-31-b.md', 'news/x.md', 'x/_posts/2022-05-31-a.md']);
  assert.ok(found.every(f => f.severity === 'error' && f.line === 1));
  const a = found.find(f => f.file.endsWith(path.join('_posts', '2022-05-31-a.md')) && !f.file.includes(`${path.sep}x${path.sep}`))!;
  assert.match(a.message, /x\/_posts\/2022-05-31-a\.md/);
  assert.match(a.message, /\/2022\/05\/31\/a\.html/);
  assert.ok(!found.some(f => f.message.includes('2022-05-31-c.md')), 'an unpublished post writes nothing');
});

test('url-case-conflict: URLs that differ only in case, a warning on both', () => {
  const dir = writeSite('map-case', {});
  const map = new SiteMap(loadSite(dir), posts(dir, {
    '_posts/2022-05-31-News.md': { url: '/2022/05/31/News.html' },
    '_posts/2022-05-31-news.md': { url: '/2022/05/31/news.html' },
    '_posts/2022-05-31-other.md': { url: '/2022/05/31/other.html' },
  }));
  const found = siteMapFindings(map);
  assert.deepEqual(found.map(f => `${f.code} ${f.severity} ${path.basename(f.file)}`).sort(),
    ['url-case-conflict warning 2022-05-31-News.md', 'url-case-conflict warning 2022-05-31-news.md']);
});

test('story-duplicate: same title, date and categories, or the same share link; not across categories', () => {
  const dir = writeSite('map-dup', {});
  const date = '2022-05-31 10:00:00 +0800';
  const map = new SiteMap(loadSite(dir), posts(dir, {
    '_posts/2022-05-31-a.md': { url: '/a', title: 'Rates cut', date, categories: ['emnews'] },
    '_posts/2022-05-31-b.md': { url: '/b', title: 'Rates cut', date, categories: ['emnews'] },
    '_posts/2022-05-31-c.md': { url: '/c', title: 'Rates cut', date, categories: ['other'] },
    '_posts/2022-05-31-d.md': { url: '/d', title: 'One', date, sourceId: 'h.example/s?id=1' },
    '_posts/2022-05-30-e.md': { url: '/e', title: 'Two', date: '2022-05-30 10:00:00 +0800', sourceId: 'h.example/s?id=1', fate: 'unpublished' },
    '_posts/2022-05-30-f.md': { url: '/f', title: 'Three', date, sourceId: 'h.example/s?id=2' },
  }));
  const found = siteMapFindings(map);
  assert.deepEqual(found.map(f => `${f.code} ${path.basename(f.file)}`).sort(), [
    'story-duplicate 2022-05-30-e.md', 'story-duplicate 2022-05-31-a.md', 'story-duplicate 2022-05-31-b.md', 'story-duplicate 2022-05-31-d.md',
  ]);
  assert.match(found.find(f => f.file.endsWith('a.md'))!.message, /2022-05-31-b\.md/);
  assert.match(found.find(f => f.file.endsWith('d.md'))!.message, /h\.example\/s\?id=1/);
});

test('links: post_url/link to an unpublished post abort (error); internal links to nothing are warnings; unknown folders not judged', () => {
  const dir = writeSite('map-links', {}, { 'assets/logo.png': 'x', 'about.md': '---\n---\n' });
  const at = { line: 5, column: 1, endLine: 5, endColumn: 10 };
  const map = new SiteMap(loadSite(dir), posts(dir, {
    '_posts/2022-05-30-old.md': { url: '/2022/05/30/old.html', fate: 'unpublished' },
    '_posts/2022-05-29-ok.md': { url: '/2022/05/29/ok.html' },
    '_posts/2022-05-31-new.md': {
      url: '/2022/05/31/new.html', links: [
        { kind: 'post_url', target: '2022-05-30-old', ...at },
        { kind: 'post_url', target: '2022-05-29-ok', ...at },
        { kind: 'link', target: '_posts/2022-05-30-old.md', ...at },
        { kind: 'href', target: '/2022/05/29/ok.html', ...at },
        { kind: 'href', target: '/2022/05/29/ok', ...at },
        { kind: 'href', target: '/2022/05/29/gone.html', ...at, line: 6 },
        { kind: 'href', target: '/2022/05/29/OK.html', ...at, line: 7 },
        { kind: 'href', target: '/2022/05/30/old.html', ...at, line: 8 },
        { kind: 'href', target: '/assets/logo.png', ...at },
        { kind: 'href', target: '/assets/missing.png', ...at, line: 9 },
        { kind: 'href', target: '/about.html', ...at },
        { kind: 'href', target: '/emnews/', ...at },
        { kind: 'href', target: '/feed.xml', ...at },
      ],
    },
  }));
  const found = siteMapFindings(map);
  assert.deepEqual(found.map(f => `${f.code} ${f.severity} ${f.line}`), [
    'liquid-error error 5', 'liquid-error error 5', 'link-broken warning 6', 'link-broken warning 7', 'link-broken warning 8', 'link-broken warning 9',
  ]);
  assert.match(found[0].message, /Could not find post "2022-05-30-old" in tag 'post_url'.*published: false/);
  assert.match(found[3].message, /\/2022\/05\/29\/ok\.html/);
  assert.deepEqual(siteMapFindings(map, { disabled: ['link-broken'], severity: { 'liquid-error': 'warning' } }).map(f => `${f.code} ${f.severity}`),
    ['liquid-error warning', 'liquid-error warning']);
});

test('checkOneFile: a post\'s links inside the site and its share link\'s story id, at 1-based positions', () => {
  const text = '---\ntitle: x\n---\nline\n[a](/a/b/) and [x](https://elsewhere.org/) {% post_url 2022-05-30-old %}\n\n<http://share.example/s.html?infoCode=NW1>\n';
  const dir = writeSite('map-file', { '2022-05-31-a.md': text }, { '_config.yml': 'url: https://site.example\n' });
  const r = checkOneFile(path.join(dir, '_posts/2022-05-31-a.md'), loadSite(dir), { now: NOW });
  assert.deepEqual(r.post.links?.map(l => [l.kind, l.target, l.line, l.column]), [['href', '/a/b/', 5, 5], ['post_url', '2022-05-30-old', 5, 44]]);
  assert.equal(r.post.sourceId, 'share.example/s.html?infoCode=NW1');
  assert.equal(absoluteUrl(loadSite(dir), '/x/'), 'https://site.example/x/');
});
