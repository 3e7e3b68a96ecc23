// The kramdown rules of the preview's Markdown (src/core/kramdown.ts), on small inputs whose kramdown 2.4 output
// was read off the oracle (scripts/ruby-kramdown.rb); kramdown-diff.test.ts holds them to kramdown at large.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { markdownHtml, renderPost } from '../../src/core/render';
import { kramdownOptionsOf, kramdownText, JEKYLL_KRAMDOWN } from '../../src/core/kramdown';

const html = (md: string) => markdownHtml(md).trim();

test('smart quotes by kramdown\'s rules: a quote after CJK text closes, typographic symbols', () => {
  assert.equal(kramdownText('他说"你好"。'), '他说”你好”。');
  assert.equal(kramdownText('"Hi," she said -- it\'s the \'80s... <<x>>'), '“Hi,” she said – it’s the ’80s… «x»');
  assert.equal(kramdownText('a --- b << c >> d'), 'a — b «\u00a0c\u00a0» d');
  assert.equal(html('他说"你好"'), '<p>他说”你好”</p>');
  assert.equal(html('`"code"` and \\"escaped\\"'), '<p><code>&quot;code&quot;</code> and &quot;escaped&quot;</p>');
});

test('heading ids: GFM\'s (CJK kept, repeats numbered), {#id}, none when empty; kramdown input: ASCII', () => {
  assert.equal(html('# 中文标题 Hello *World*\n\n## 中文标题 Hello *World*'),
    '<h1 id="中文标题-hello-world">中文标题 Hello <em>World</em></h1>\n<h2 id="中文标题-hello-world-1">中文标题 Hello <em>World</em></h2>');
  assert.equal(html('# Title {#custom}'), '<h1 id="custom">Title</h1>');
  assert.equal(html('## !!!'), '<h2>!!!</h2>');
  assert.equal(markdownHtml('# 1. 中文 Title\n\n# 中文', { ...JEKYLL_KRAMDOWN, input: 'kramdown' }).trim(),
    '<h1 id="title">1. 中文 Title</h1>\n<h1 id="section">中文</h1>');
  assert.equal(markdownHtml('# A', { ...JEKYLL_KRAMDOWN, autoIds: false }).trim(), '<h1>A</h1>');
});

test('attribute lists set attributes instead of showing as text', () => {
  assert.equal(html('para\n{: .lead #p1}'), '<p class="lead" id="p1">para</p>');
  assert.equal(html('{: .note}\npara'), '<p class="note">para</p>');
  assert.equal(html('# H\n{: .x}'), '<h1 class="x" id="h">H</h1>');
  assert.equal(html('*hot*{: .hot} news'), '<p><em class="hot">hot</em> news</p>');
});

test('an HTML block runs to its close tag: blank and indented lines stay HTML; markdown="1" content is Markdown', () => {
  assert.equal(html('<div>\n\n    indented\n\n</div>\n\nafter'), '<div>\n\n    indented\n\n</div>\n<p>after</p>');
  assert.equal(html('<div markdown="1">\n*em* text\n</div>'), '<div>\n<p><em>em</em> text</p>\n</div>');
});

test('a setext underline under a paragraph of several lines is text, as in kramdown', () => {
  assert.equal(html('one\ntwo\n---'), '<p>one\ntwo\n—</p>');
  assert.equal(html('one\n---'), '<h2 id="one">one</h2>');
});

test('definition lists: terms, definitions, a <p> after a blank line', () => {
  assert.equal(html('term\n: def one\n: def two\ncont\n\nt1\nt2\n\n: after blank\n\npara'),
    '<dl>\n<dt>term</dt>\n<dd>def one</dd>\n<dd>def two\ncont</dd>\n<dt>t1</dt>\n<dt>t2</dt>\n<dd>\n<p>after blank</p>\n</dd>\n</dl>\n<p>para</p>');
  assert.equal(html('a para\nof two lines'), '<p>a para\nof two lines</p>');
});

test('ordered lists take `1.` only: `2)` opening a line is text', () => {
  assert.equal(html('a\n2) b\n\n1) x'), '<p>a\n2) b</p>\n<p>1) x</p>');
  assert.equal(html('para\n1. z'), '<p>para</p>\n<ol>\n<li>z</li>\n</ol>');
});

test('footnotes: numbered in the order of first reference, listed at the end with their back links', () => {
  const out = html('A[^a] b[^a] [^none].\n\n[^a]: Note *one*.');
  assert.match(out, /^<p>A<sup id="fnref:a" role="doc-noteref"><a href="#fn:a" class="footnote" rel="footnote">1<\/a><\/sup> b<sup id="fnref:a:1"/);
  assert.match(out, /\[\^none\]/);
  assert.match(out, /<li id="fn:a" role="doc-endnote">\n<p>Note <em>one<\/em>\. <a href="#fnref:a" class="reversefootnote" role="doc-backlink">&#8617;<\/a> <a href="#fnref:a:1" class="reversefootnote" role="doc-backlink">&#8617;<sup>2<\/sup><\/a><\/p>/);
});

test('abbreviations: the definitions hidden, the words in <abbr> on ASCII word boundaries, not in code', () => {
  assert.equal(html('The HTML spec and W3C-HTML, xHTML. `HTML`\n\n*[HTML]: Hyper "Text"\n*[W3C]:'),
    '<p>The <abbr title="Hyper &quot;Text&quot;">HTML</abbr> spec and <abbr>W3C</abbr>-<abbr title="Hyper &quot;Text&quot;">HTML</abbr>, xHTML. <code>HTML</code></p>');
});

test('the site\'s config: markdown and kramdown keys', () => {
  assert.equal(kramdownOptionsOf({}), JEKYLL_KRAMDOWN);
  assert.equal(kramdownOptionsOf({ markdown: 'CommonMarkGhPages' }), undefined);
  const o = kramdownOptionsOf({ kramdown: { input: 'kramdown', auto_ids: false, auto_id_prefix: 'x-', smart_quotes: 'apos,apos,quot,quot' } })!;
  assert.deepEqual(o, { input: 'kramdown', autoIds: false, autoIdPrefix: 'x-', smartQuotes: ["'", "'", '"', '"'], typographic: true });
  assert.equal(kramdownOptionsOf({ kramdown: { gfm_quirks: ['no_auto_typographic'] } })!.typographic, false);
  // the preview renders with them: null is plain CommonMark
  assert.match(renderPost('---\n---\n他说"你好"', { kramdown: null }).blocks.join(''), /他说&quot;你好&quot;|他说"你好"/);
});
