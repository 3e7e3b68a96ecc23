// "Strip Ad Markup in This Post" on the source: deletions only, front matter and everything outside the
// stripped markup byte-identical, the same items as the preview strips, Markdown that is not HTML untouched.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { stripSource, applyEdits, maskMarkdown } from '../../src/core/stripSource';
import { renderPost } from '../../src/core/render';
import { buildRules, BUILTIN_RULE_IDS } from '../../src/core/stripRules';
import { parseHtml, textOf } from '../../src/core/htmlTree';
import { TextEdit } from '../../src/core/types';
import { HIDDEN_BR, stockChart, boardKeytip, infoKeytip, stockKey, infokey, SOURCE_LINE, emnewsPost, digestPost, keytip } from './previewFixtures';

const NO_RULES = buildRules([], BUILTIN_RULE_IDS).rules;

/** Asserts the edits only delete, do not overlap, and leave every other byte in place. */
function assertDeletionsOnly(text: string, edits: TextEdit[]): string {
  let last = 0;
  for (const e of edits) {
    assert.equal(e.newText, '');
    assert.ok(e.start >= last && e.end > e.start && e.end <= text.length, `bad edit ${JSON.stringify(e)}`);
    last = e.end;
  }
  const out = applyEdits(text, edits);
  // the kept text is the original with the deleted ranges cut out, in order
  let kept = '';
  let pos = 0;
  for (const e of edits) { kept += text.slice(pos, e.start); pos = e.end; }
  assert.equal(out, kept + text.slice(pos));
  return out;
}

const rendered = (t: string) => renderPost(t, { anchors: false }).blocks.join('');
const renderedBare = (t: string) => renderPost(t, { anchors: false, rules: NO_RULES }).blocks.join('');
const textOfHtml = (h: string) => textOf(parseHtml(h));

test('an emnews post: the ad markup goes from the source, everything else is byte-identical', () => {
  const post = emnewsPost();
  const r = stripSource(post);
  assert.equal(r.summary, 'Stripped 7 items: stock chart ×1, hidden ×1, quote links ×5');
  const out = assertDeletionsOnly(post, r.edits);
  const expected = post
    .replace(HIDDEN_BR, '').replace(stockChart('BK0999'), '')
    .replace(boardKeytip('BK0998', '新能源车'), '新能源车').replace(infoKeytip('09999', '某某控股'), '某某控股')
    .replace(stockKey('600999', '大华'), '大华').replace(infokey('401', 'CPI'), 'CPI')
    .replace(SOURCE_LINE, '<p class="em_media">（文章来源：证券日报）</p>');
  assert.equal(out, expected);
  assert.ok(out.startsWith(post.slice(0, post.indexOf('---\n>') + 4)), 'front matter untouched');
  // the cleaned source renders as the preview showed the original
  assert.equal(renderedBare(out), rendered(post));
  // and there is nothing left to strip
  assert.deepEqual(stripSource(out).edits, []);
});

test('a line left empty by a removal goes with its line break (LF and CRLF); other lines keep theirs', () => {
  const lf = '---\ntitle: "t"\n---\n第一段。\n\n<script>track()</script>\n<p>第二段。</p>\n\n<ins class="adsbygoogle"></ins>\n';
  const out = assertDeletionsOnly(lf, stripSource(lf).edits);
  assert.equal(out, '---\ntitle: "t"\n---\n第一段。\n\n<p>第二段。</p>\n\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  assert.equal(assertDeletionsOnly(crlf, stripSource(crlf).edits), out.replace(/\n/g, '\r\n'));
});

test('BOM, front matter with markup in it, and a last line without a newline are kept', () => {
  const text = '\uFEFF---\ntitle: "<script>x</script> 标题"\ntags: [a]\n---\n正文<span style="display:none">隐藏</span>。\n<!-- EM_StockImg_Start --><p>图</p><!-- EM_StockImg_End -->';
  const r = stripSource(text);
  assert.deepEqual(r.counts.map(c => [c.rule, c.count]), [['stock-chart', 1], ['hidden', 1]]);
  assert.equal(assertDeletionsOnly(text, r.edits), '\uFEFF---\ntitle: "<script>x</script> 标题"\ntags: [a]\n---\n正文。');
});

test('Markdown that is not HTML is never parsed as HTML: code blocks, code spans, autolinks, escapes, stray <', () => {
  const text = [
    '---', 'title: "t"', '---',
    '示例代码：`<span class="keytip">x</span>` 与 ``<script>y</script>``。',
    '',
    '```html',
    '<script>alert("fenced")</script>',
    '<p style="display:none">fenced</p>',
    '```',
    '',
    '    <iframe src="https://indented.example/"></iframe>',
    '',
    '<http://finance.eastmoney.com/a/1.html> \\<script> a <b and c> 1 < 2 <某>',
    '',
    '价格区间 <b 2 元，见下',
    '<p style="display:none">藏</p>',
    '',
    `<p>${keytip('600999', '某某股份')}上涨。</p>`,
    '',
  ].join('\n');
  const r = stripSource(text);
  // `<b 2 元…` is text to markdown-it, so the hidden paragraph after it is seen (not swallowed as attributes)
  assert.deepEqual(r.counts.map(c => [c.rule, c.count]), [['hidden', 1], ['quote-links', 1]]);
  const out = assertDeletionsOnly(text, r.edits);
  assert.equal(out, text.replace(keytip('600999', '某某股份'), '某某股份').replace('<p style="display:none">藏</p>\n', ''));
  // the masked copy keeps its length and line breaks
  const masked = maskMarkdown(text.slice(text.indexOf('示例')));
  assert.equal(masked.length, text.length - text.indexOf('示例'));
  assert.equal(masked.split('\n').length, text.slice(text.indexOf('示例')).split('\n').length);
});

test('.html posts are parsed as written (no Markdown masking)', () => {
  // in Markdown the backticks make a code span (no HTML); in an .html post they are text around a span
  const text = '---\nlayout: post\n---\n示例 `<span class="em_stock_key_common" href="x">代码</span>` 结束\n';
  const md = stripSource(text, { kind: 'markdown' });
  const html = stripSource(text, { kind: 'html' });
  assert.equal(md.total, 0);
  assert.equal(applyEdits(text, html.edits), '---\nlayout: post\n---\n示例 `代码` 结束\n');
});

test('user rules apply to the source too; disabled rules do not', () => {
  const { rules } = buildRules([{ id: 'promo', selector: 'div.promo' }, { id: 'box', startMarker: 'AD_BEGIN', endMarker: 'AD_END' }], ['hidden']);
  const text = '---\ntitle: "t"\n---\n<div class="promo">下载APP</div>\n<p style="display:none">留下</p>\n<!-- AD_BEGIN -->\n<p>赞助</p>\n<!-- AD_END -->\n正文。\n';
  const r = stripSource(text, { rules });
  assert.deepEqual(r.counts.map(c => [c.rule, c.count]), [['promo', 1], ['box', 1]]);
  assert.equal(assertDeletionsOnly(text, r.edits), '---\ntitle: "t"\n---\n<p style="display:none">留下</p>\n正文。\n');
});

test('a post with nothing to strip gets no edits; bad input does not throw', () => {
  assert.deepEqual(stripSource(digestPost()).edits, []);
  for (const t of ['', '---\n', '---\ntitle: [\n---\n<script>', '\0\0<p', '<div>'.repeat(3000) + '<script>x</script>', '\uFEFF']) {
    const r = stripSource(t);
    assertDeletionsOnly(t, r.edits);
  }
});

test('nothing else lost: the text of the stripped source is the text of the original minus the stripped items', () => {
  const text = '---\ntitle: "t"\n---\n> 摘要。\n\n<p>甲<span style="display:none">隐藏</span>乙</p><!-- EM_StockImg_Start --><p>K线</p><!-- EM_StockImg_End --><p>' + stockKey('600999', '大华') + '夏</p>\n\n尾注。\n';
  const out = applyEdits(text, stripSource(text).edits);
  assert.equal(textOfHtml(renderedBare(out)), textOfHtml(renderedBare(text)).replace('隐藏', '').replace('K线', ''));
});

test('close tags written with a space or line break before their `>` go whole (fast parser and htmlparser2 alike)', () => {
  for (const tail of ['', '<svg></svg>']) {
    // the SVG makes the body one for htmlparser2 (the fast parser leaves SVG to it)
    const post = `---\ntitle: x\n---\n<p>沪指<a class="keytip" href="http://quote.example/1">走高</a >，<span id="quote_1.6" ></span\n>收盘。</p>${tail}\n`;
    const r = stripSource(post, { kind: 'html' });
    assert.equal(r.summary, 'Stripped 1 item: quote links ×1');
    assert.equal(assertDeletionsOnly(post, r.edits), `---\ntitle: x\n---\n<p>沪指走高，收盘。</p>${tail}\n`);
  }
});
