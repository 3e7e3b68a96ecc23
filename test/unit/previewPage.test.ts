// The preview page as the webview gets it: the header from the checker's own date computation (site time
// zone), the CSP, the banner, the block patches the live update sends.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { previewModel, buildPreviewPage, contentSecurityPolicy, cspSources, diffBlocks, blocksHtml, headerHtml, tagsHtml, bannerHtml, MAX_PREVIEW_CHARS } from '../../src/core/previewPage';
import { site, NOW, elementsOf } from './helpers';
import { emnewsPost, digestPost } from './previewFixtures';

const SH = site('timezone: Asia/Shanghai\n');

test('header: the date as the site shows it, in its time zone, by the checker\'s own computation', () => {
  // +0800 written: shown as written
  const m = previewModel({ text: emnewsPost(), path: '/site/_posts/2022-05-27-a.md', site: SH, now: NOW });
  assert.equal(m.header.date, '2022-05-27 10:12:45');
  assert.equal(m.header.zone, '+0800 Asia/Shanghai');
  assert.equal(m.header.title, '某车企宣布采用新型环保冷媒 首款车型下月交付');
  assert.deepEqual(m.header.tags, ['东财滚动新闻']);
  assert.equal(m.header.notice, undefined);
  // no offset: YAML reads UTC, the site shows it 8 hours later (what Jekyll 4.3 does)
  const d = previewModel({ text: digestPost(), path: '/site/_posts/2021-12-08-b.md', site: SH, now: NOW });
  assert.equal(d.header.date, '2021-12-08 18:18:31');
  // the same post on a site in another zone
  const utc = previewModel({ text: digestPost(), path: '/site/_posts/2021-12-08-b.md', site: site('timezone: Europe/London\n'), now: NOW });
  assert.equal(utc.header.date, '2021-12-08 10:18:31');
  assert.equal(utc.header.zone, '+0000 Europe/London');
});

test('header: what the site will not show is said (future, unpublished, broken front matter, no front matter)', () => {
  const fm = (extra: string) => `---\nlayout: post\ntitle: "标题"\ndate: 2030-01-01 08:00:00 +0800\n${extra}---\n正文\n`;
  assert.match(previewModel({ text: fm(''), path: '/site/_posts/2030-01-01-a.md', site: SH, now: NOW }).header.notice ?? '', /future/);
  assert.match(previewModel({ text: fm('published: false\n'), path: '/site/_posts/2030-01-01-a.md', site: SH, now: NOW }).header.notice ?? '', /published: false/);
  const broken = previewModel({ text: '---\ntitle: "他说"不行"了"\n---\n正文\n', path: '/site/_posts/2022-05-26-b.md', site: SH, now: NOW });
  assert.match(broken.header.notice ?? '', /YAML error/);
  assert.equal(broken.header.title, null);
  assert.match(headerHtml(broken.header), /np-title-missing/);
  const none = previewModel({ text: '正文，没有前言。\n', path: '/site/_posts/2022-05-26-c.md', site: SH, now: NOW });
  assert.match(none.header.notice ?? '', /no front matter/);
  assert.match(none.body.blocks.join(''), /正文，没有前言。/);
});

test('a post too large to preview is not rendered, and says so', () => {
  const text = '---\ntitle: "大"\n---\n' + 'x'.repeat(MAX_PREVIEW_CHARS);
  const m = previewModel({ text, path: '/site/_posts/2022-05-26-big.md', site: SH, now: NOW });
  assert.deepEqual(m.body.blocks, []);
  assert.match(m.body.summary, /^Not rendered: the post is 10\.0 MB/);
});

test('the page: CSP with our nonce only, no inline script or handler of ours, images https/data (http when allowed)', () => {
  const m = previewModel({ text: emnewsPost(), path: '/site/_posts/2022-05-27-a.md', site: SH, now: NOW });
  const page = buildPreviewPage({
    nonce: 'bm9uY2Ux', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.css', allowHttpImages: false, header: m.header, body: m.body, showStripped: false,
    problems: ['rule \'x\': <b>bad</b>'],
  });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1].replace(/&#39;|&apos;/g, "'");
  assert.equal(csp, contentSecurityPolicy({ nonce: 'bm9uY2Ux', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', allowHttpImages: false }));
  for (const d of ["default-src 'none'", "script-src 'nonce-bm9uY2Ux'", 'img-src https://file+.vscode-resource.vscode-cdn.net https: data:', "form-action 'none'", "frame-src 'none'", "object-src 'none'", "base-uri 'none'", "connect-src 'none'"]) {
    assert.ok(csp.split('; ').includes(d), `${d} in ${csp}`);
  }
  assert.doesNotMatch(csp, /unsafe-eval|'unsafe-inline'[^;]*script|http:/);
  assert.match(contentSecurityPolicy({ nonce: 'n', cspSource: 's', allowHttpImages: true }), /img-src s https: data: http:/);
  // a cspSource cannot add directives
  assert.doesNotMatch(contentSecurityPolicy({ nonce: 'n', cspSource: "x; script-src 'unsafe-inline'", allowHttpImages: false }), /script-src 'unsafe-inline'/);
  const els = elementsOf(page);
  const scripts = els.filter(e => e.name === 'script');
  assert.deepEqual(scripts.map(s => [s.attrs.nonce, s.attrs.src]), [['bm9uY2Ux', 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.js']]);
  assert.ok(!els.some(e => Object.keys(e.attrs).some(a => a.startsWith('on'))));
  // the layout's parts: date, title, body with one marker per block, tags; the banner with the toggle and the problems escaped
  assert.match(page, /<small class="np-date">2022-05-27 10:12:45 <span class="np-zone"[^>]*>\(\+0800 Asia\/Shanghai\)<\/span><\/small><h1 class="np-title">某车企宣布采用新型环保冷媒 首款车型下月交付<\/h1>/);
  assert.match(page, /<footer id="np-tags"><small>tags: <em>东财滚动新闻<\/em><\/small><\/footer>/);
  assert.equal(page.split('<!---->').length - 1, m.body.blocks.length);
  assert.match(page, /Stripped 7 items: stock chart ×1, hidden ×1, quote links ×5<\/span> <button type="button" id="np-toggle"[^>]*>Show stripped items<\/button>/);
  assert.match(page, /Rule ignored: rule 'x': &lt;b&gt;bad&lt;\/b&gt;/);
});

test('CSP: VS Code 1.139\'s cspSource, several sources, stays several sources (the stylesheet loads)', () => {
  // webview.cspSource as VS Code 1.139 gives it
  const vscode139 = "'self' https://*.vscode-cdn.net";
  assert.equal(cspSources(vscode139), "'self' https://*.vscode-cdn.net");
  const csp = contentSecurityPolicy({ nonce: 'n', cspSource: vscode139, allowHttpImages: false }).split('; ');
  assert.ok(csp.includes("style-src-elem 'self' https://*.vscode-cdn.net"), csp.join('; '));
  assert.ok(csp.includes("style-src 'self' https://*.vscode-cdn.net 'unsafe-inline'"));
  assert.ok(csp.includes("img-src 'self' https://*.vscode-cdn.net https: data:"));
  assert.ok(csp.includes("font-src 'self' https://*.vscode-cdn.net"));
  assert.doesNotMatch(csp.join('; '), /selfhttps/);
  // older single-origin values, and several spaces or tabs
  assert.equal(cspSources('https://file+.vscode-resource.vscode-cdn.net'), 'https://file+.vscode-resource.vscode-cdn.net');
  assert.equal(cspSources("  'self'\thttps://*.vscode-cdn.net  vscode-resource: "), "'self' https://*.vscode-cdn.net vscode-resource:");
  // what is not a source expression is dropped, never glued or turned into a directive
  assert.equal(cspSources("x; script-src 'unsafe-inline'"), '');
  assert.equal(cspSources("'unsafe-eval' https://a.example/b,c"), '');
  const none = contentSecurityPolicy({ nonce: 'n', cspSource: ";", allowHttpImages: false }).split('; ');
  assert.ok(none.includes("style-src-elem 'none'") && none.includes("img-src https: data:"), none.join('; '));
});

test('banner and tags: no toggle when nothing was stripped; tags joined as the layout joins them', () => {
  assert.equal(bannerHtml({ blocks: [], counts: [], total: 0, summary: 'Nothing stripped' }, false), '<span class="np-summary">Nothing stripped</span>');
  assert.equal(tagsHtml({ tags: ['央行', 'MLF<script>'] }), '<small>tags: <em>央行</em> - <em>MLF&lt;script&gt;</em></small>');
  assert.equal(tagsHtml({ tags: [] }), '');
});

test('live update: only the blocks between the common head and tail are sent', () => {
  assert.deepEqual(diffBlocks(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']), { start: 4, deleteCount: 0, insert: [] });
  assert.deepEqual(diffBlocks(['a', 'b', 'c', 'd'], ['a', 'B', 'c', 'd']), { start: 1, deleteCount: 1, insert: ['B'] });
  assert.deepEqual(diffBlocks(['a', 'b', 'c'], ['a', 'b', 'x', 'y', 'c']), { start: 2, deleteCount: 0, insert: ['x', 'y'] });
  assert.deepEqual(diffBlocks(['a', 'b', 'c'], ['c']), { start: 0, deleteCount: 2, insert: [] });
  assert.deepEqual(diffBlocks([], ['a']), { start: 0, deleteCount: 0, insert: ['a'] });
  assert.deepEqual(diffBlocks(['a', 'a'], ['a']), { start: 1, deleteCount: 1, insert: [] });
  // applying a patch gives the new list, whatever the lists
  const lists = [[], ['a'], ['a', 'b'], ['b', 'a'], ['a', 'a', 'b'], ['x', 'a', 'b', 'y'], ['a', 'b', 'a', 'b']];
  for (const x of lists) for (const y of lists) {
    const p = diffBlocks(x, y);
    const z = [...x];
    z.splice(p.start, p.deleteCount, ...p.insert);
    assert.deepEqual(z, y, `${JSON.stringify(x)} -> ${JSON.stringify(y)}`);
  }
  assert.equal(blocksHtml(['<p>a</p>', '<p>b</p>']), '<!----><p>a</p><!----><p>b</p>');
});
