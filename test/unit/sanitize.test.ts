// The preview's sanitiser (in Node; test/unit/preview-xss.test.ts loads the page in a real browser): no
// script, handler, form, frame, meta refresh or javascript: URL of a post survives the serialiser; http:
// images become a visible placeholder unless allowed; styles keep only harmless declarations.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { renderBody, renderPost, bodyKindOf, RenderOptions } from '../../src/core/render';
import { classifyUrl } from '../../src/core/sanitize';
import { sanitizeStyle } from '../../src/core/css';
import { elementsOf } from './helpers';
import { XSS_CORPUS } from './xssCorpus';

function out(body: string, options: RenderOptions = {}, kind: 'html' | 'markdown' = 'html'): string {
  return renderBody(body, 0, { kind, anchors: false, rules: [], ...options }).blocks.join('');
}

const FORBIDDEN_TAGS = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input',
  'button', 'textarea', 'select', 'meta', 'link', 'base', 'svg', 'math', 'template', 'noscript', 'title', 'video', 'audio',
  'source', 'portal', 'xmp', 'plaintext', 'noembed', 'noframes', 'isindex', 'param', 'dialog', 'marquee']);

/** Every way the output could run or load something it should not. */
function assertInert(h: string, label: string): void {
  for (const el of elementsOf(h)) {
    assert.ok(!FORBIDDEN_TAGS.has(el.name), `${label}: <${el.name}> survived in ${h}`);
    for (const [name, value] of Object.entries(el.attrs)) {
      assert.ok(!name.startsWith('on'), `${label}: handler ${name} survived in ${h}`);
      assert.ok(!['formaction', 'action', 'srcdoc', 'xlink:href', 'srcset', 'background', 'poster', 'http-equiv', 'ping', 'target'].includes(name), `${label}: ${name} survived`);
      if (name === 'href' || name === 'src') {
        const kind = classifyUrl(value).kind;
        assert.ok(['https', 'http', 'mailto', 'tel', 'relative', 'fragment', 'data-image'].includes(kind), `${label}: ${name}=${value}`);
        if (name === 'src') assert.notEqual(kind, 'http', `${label}: http image loaded`);
      }
      if (name === 'style') assert.doesNotMatch(value, /url\s*\(|expression|javascript|behavior|@import|\\/i, `${label}: style ${value}`);
    }
  }
  assert.doesNotMatch(h, /<!--|<!\[CDATA\[|<\?/, `${label}: comment or CDATA passed through`);
}

test('the XSS corpus comes out inert, as HTML and through Markdown, with and without the strip rules, in both modes', () => {
  for (const [label, payload] of XSS_CORPUS) {
    for (const kind of ['html', 'markdown'] as const) {
      assertInert(out(payload, {}, kind), `${label} (${kind})`);
      assertInert(renderBody(payload, 0, { kind }).blocks.join(''), `${label} (${kind}, rules)`);
      assertInert(renderBody(payload, 0, { kind, mode: 'show' }).blocks.join(''), `${label} (${kind}, show)`);
      assertInert(renderBody(payload, 0, { kind, allowHttpImages: true }).blocks.join('').replace(/src="http:/g, 'src="https:'), `${label} (${kind}, http allowed)`);
    }
  }
});

test('URLs are read as a browser reads them before the scheme is judged', () => {
  assert.equal(classifyUrl(' jav\tas\ncript:alert(1)').kind, 'other');
  assert.equal(classifyUrl('JaVaScRiPt:alert(1)').kind, 'other');
  assert.equal(classifyUrl('\x01javascript:alert(1)').kind, 'other');
  assert.equal(classifyUrl('vbscript:msgbox').kind, 'other');
  assert.equal(classifyUrl('data:text/html,<script>alert(1)</script>').kind, 'other');
  assert.equal(classifyUrl('data:image/png;base64,iVBORw0KGgo=').kind, 'data-image');
  assert.equal(classifyUrl('//finews.withounder.com/emnews/').url, 'https://finews.withounder.com/emnews/');
  assert.equal(classifyUrl('../emnews/').kind, 'relative');
  assert.equal(classifyUrl('./a:b').kind, 'relative');
  assert.equal(classifyUrl('#np-content').kind, 'fragment');
  // entities are decoded by the parser before this: &#106;avascript: is javascript:
  assert.doesNotMatch(out('<a href="&#106;avascript&#58;alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a>'), /href/);
});

test('links keep safe targets; javascript: links keep their text and lose their href', () => {
  const h = out('<p><a href="https://finance.eastmoney.com/a/1.html" target="_blank" rel="opener" onclick="x()">全文</a> <a href="javascript:alert(1)">点我</a> <a href="mailto:tips@example.com">投稿</a></p>');
  assert.equal(h, '<p><a href="https://finance.eastmoney.com/a/1.html">全文</a> <a>点我</a> <a href="mailto:tips@example.com">投稿</a></p>');
});

test('http: images are a visible placeholder by default and load when allowed; https and data images load', () => {
  const body = '<p><img src="http://img.example.com/a.jpg" alt="图"><img src="https://dfscdn.dfcfw.com/download/D1.jpg" alt="Image"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""></p>';
  const blocked = out(body);
  assert.match(blocked, /<span class="np-img-blocked" title="Blocked http: image[^"]*http:\/\/img\.example\.com\/a\.jpg"><\/span>/);
  assert.ok(!elementsOf(blocked).some(e => e.attrs.src?.startsWith('http:')));
  assert.equal(elementsOf(blocked).filter(e => e.name === 'img').length, 2);
  const allowed = out(body, { allowHttpImages: true });
  assert.deepEqual(elementsOf(allowed).filter(e => e.name === 'img').map(e => e.attrs.src.slice(0, 11)), ['http://img.', 'https://dfs', 'data:image/']);
});

test('relative image URLs go through resolveImage (the webview maps them to the site folder)', () => {
  const h = out('<img src="/assets/chart.png"><img src="pic.jpg">', { resolveImage: u => `https://file+.vscode-resource.example/site${u.startsWith('/') ? u : '/_posts/' + u}` });
  assert.deepEqual(elementsOf(h).map(e => e.attrs.src), ['https://file+.vscode-resource.example/site/assets/chart.png', 'https://file+.vscode-resource.example/site/_posts/pic.jpg']);
});

test('inline styles keep layout and colour, drop anything that loads or runs', () => {
  assert.equal(sanitizeStyle('border:#d1d1d1 1px solid;padding:3px;margin:5px 0;'), 'border:#d1d1d1 1px solid;padding:3px;margin:5px 0');
  assert.equal(sanitizeStyle('color:red;background:url(https://t.example.com/p.gif);width:expression(alert(1));position:fixed;top:0'), 'color:red');
  assert.equal(sanitizeStyle('background-color: red; -moz-binding: url(x.xml#y); behavior: url(x.htc)'), 'background-color:red');
  assert.equal(sanitizeStyle('color:\\72 ed;font-family:"a;b"'), 'font-family:"a;b"');
  assert.equal(sanitizeStyle('display:none;color:blue', true), 'color:blue');
});

test('markup is rebuilt, not passed through: unknown elements unwrapped, comments dropped, text escaped', () => {
  assert.equal(out('<custom-el x="1">文字</custom-el><!-- 注释 --><p>a &lt;b&gt; &amp; c</p>'), '文字<p>a &lt;b&gt; &amp; c</p>');
  assert.equal(out('<p title="&quot;&gt;<script>x</script>">t</p>'), '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">t</p>');
  // our own class and id namespace is not the post's to use
  assert.equal(out('<p class="np-banner lead" id="np-toggle">t</p>'), '<p class="lead">t</p>');
});

test('Markdown is rendered with raw HTML on, .html bodies as written', () => {
  assert.equal(bodyKindOf('_posts/2022-05-31-a.md'), 'markdown');
  assert.equal(bodyKindOf('_posts/2022-05-31-a.markdown'), 'markdown');
  assert.equal(bodyKindOf('_posts/2022-05-31-a.HTML'), 'html');
  assert.equal(out('> 摘要\n\n<p>正文</p>\n\n*强调*', {}, 'markdown'), '<blockquote>\n<p>摘要</p>\n</blockquote>\n<p>正文</p>\n<p><em>强调</em></p>\n');
  assert.equal(out('*不是强调*\n<p>正文</p>', {}, 'html'), '*不是强调*\n<p>正文</p>');
  // [x](javascript:…) is refused by markdown-it itself; an autolink to http is a link
  assert.equal(out('[点我](javascript:alert(1)) <http://finance.eastmoney.com/a/1.html>', {}, 'markdown'), '<p>[点我](javascript:alert(1)) <a href="http://finance.eastmoney.com/a/1.html">http://finance.eastmoney.com/a/1.html</a></p>\n');
});

test('anchors: a data-line on each top-level Markdown block and on each top-level element of an HTML block', () => {
  const text = '---\ntitle: "t"\n---\n> 摘要一行\n\n<p>一</p><p>二</p>\n<div>三</div>\n\n正文段落\n第二行\n\n- 列表\n';
  const blocks = renderPost(text).blocks.join('');
  const anchors = elementsOf(blocks).filter(e => e.attrs['data-line'] !== undefined).map(e => `${e.name}@${e.attrs['data-line']}:${e.attrs['data-ch']}`);
  assert.deepEqual(anchors, ['blockquote@3:0', 'p@5:0', 'p@5:8', 'div@6:0', 'p@8:0', 'ul@11:0']);
  // a removed block still leaves its anchor behind, so scroll sync keeps its place
  const stripped = renderPost('---\ntitle: "t"\n---\n<p style="display:none">x</p><p>正文</p>\n').blocks.join('');
  assert.match(stripped, /^<span class="np-anchor" data-line="3" data-ch="0"><\/span><p data-line="3" data-ch="29">正文<\/p>/);
});

test('CRLF and BOM posts anchor on the same lines as LF ones', () => {
  const lf = '---\ntitle: "t"\n---\n\n<p>一</p>\n\n正文\n';
  const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
  const lines = (t: string) => elementsOf(renderPost(t).blocks.join('')).map(e => e.attrs['data-line']).filter(Boolean);
  assert.deepEqual(lines(crlf), lines(lf));
  assert.deepEqual(lines(lf), ['4', '6']);
});

test('bad input never throws: binary, unclosed tags, deep nesting, a 1 MB single line', () => {
  for (const body of ['\0\x01\x02<p', '<div>'.repeat(5000), '<p>' + '甲'.repeat(1 << 20), '<a href="', '<!--', '</p></div></span>', '<<<>>>', '\uD800']) {
    for (const kind of ['html', 'markdown'] as const) {
      const r = renderBody(body, 0, { kind });
      assert.ok(Array.isArray(r.blocks));
      assertInert(r.blocks.join(''), JSON.stringify(body.slice(0, 20)));
    }
  }
});
