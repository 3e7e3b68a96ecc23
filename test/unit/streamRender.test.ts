// The preview's streaming path (src/core/streamRender.ts) against the tree path (parse, plan, serialise):
// the same blocks, anchors and counts on every corpus post (skipped when absent), the fixture posts, the XSS
// corpus and thousands of generated posts, with every subset of built-in rules tried; and the cases it
// leaves to the tree path.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { renderBody, RenderOptions, plainMarkdown, bodyRange, bodyKindOf } from '../../src/core/render';
import { streamRender, streamable } from '../../src/core/streamRender';
import { BUILTIN_RULES, buildRules } from '../../src/core/stripRules';
import { MAX_DEPTH } from '../../src/core/htmlTree';
import { xssCorpus } from './xssCorpus';
import {
  HIDDEN_BR, HIDDEN_SPACE, stockChart, keytip, boardKeytip, infoKeytip, stockKey, infokey, SOURCE_LINE, emnewsPost, digestPost,
} from './previewFixtures';
import { corpusPosts, corpusPresent, seeded } from './helpers';

/** Renders with both paths and checks they agree; returns whether the streaming path took the input. */
function same(body: string, options: RenderOptions = {}, label = body): boolean {
  const fast = renderBody(body, 3, options);
  const tree = renderBody(body, 3, { ...options, engine: 'tree' });
  assert.deepEqual(fast, tree, `streaming and tree paths differ on ${JSON.stringify(label).slice(0, 300)}`);
  const html = (options.kind ?? 'markdown') === 'html' ? body.replace(/\r\n?/g, '\n') : plainMarkdown(body);
  return !!streamRender(html, options.rules ?? BUILTIN_RULES, { mode: options.mode ?? 'strip', allowHttpImages: options.allowHttpImages });
}

/** The built-ins with one rule left out, and none at all. */
const RULE_SETS = [BUILTIN_RULES, ...BUILTIN_RULES.map(r => BUILTIN_RULES.filter(x => x !== r)), []];

test('streaming path: the same output as the tree path on the fixture posts and snippets, with every rule set', () => {
  const snippets = [
    emnewsPost(), digestPost(), SOURCE_LINE, HIDDEN_BR + HIDDEN_SPACE, stockChart('BK0901'), keytip('600519', '贵州茅台'),
    boardKeytip('BK0477', '酿酒行业'), infoKeytip('00700', '腾讯控股'), stockKey('300750', '宁德时代'), infokey('CPI', '居民消费价格指数'),
    `<p>前文${stockChart()}后文</p>`, `<div>${stockChart()}</div>\n\n正文段落\n\n<!-- EM_StockImg_Start -->\n\n没有结束标记`,
    '<span id="quote_1.600000"><!-- c --> </span><span id="quote_1.600001"><!-- EM_StockImg_Start --><!-- EM_StockImg_End --></span>',
    '<span id="stock_1.600000"><!-- EM_StockImg_Start --><b>x</b><!-- EM_StockImg_End --><a class="keytip" href="x">股</a></span>',
    '<span id="stock_1.600000"> <a class="keytip">股</a> <!-- c --></span><span id="stock_1.600001" class="x"><a class="keytip">股</a></span>',
    '<span id="stock_1.6"><a class="keytip">a</a><a class="keytip">b</a></span><span id="quote_x">t</span><span id="bkquote_x"><i></i></span>',
    '<!-- EM_StockImg_Start --><p>a</p><!-- EM_StockImg_Start --><p>b</p><!-- EM_StockImg_End --><p>c</p><!-- EM_StockImg_End -->',
    '<script>x</script><style>p{}</style><iframe src="https://e.example"></iframe><ins class="adsbygoogle"></ins><img src="https://t.example/p.gif" width="1" height="1">',
    '<p style="display:none">隐藏</p><p hidden>也隐藏</p><img src="http://insecure.example/a.png"><img src="pic.png">',
    '<object><a class="keytip">在 object 里</a><!-- EM_StockImg_Start --><!-- EM_StockImg_End --></object><noscript><p>x</p></noscript>',
    '<div>\n\n*markdown* inside\n\n</div>\n\n<span>unclosed\n\nparagraph', '# 标题\n\n- 一\n- 二\n\n> 引用 <span class="keytip">x</span>\n\n```\n<script>\n```\n',
  ];
  for (const rules of RULE_SETS) {
    for (const s of snippets) {
      for (const kind of ['markdown', 'html'] as const) {
        same(s, { rules, kind });
        same(s, { rules, kind, anchors: false, allowHttpImages: true, resolveImage: u => `https://site.example/${u}` });
      }
    }
  }
});

test('streaming path: the XSS corpus gives the same output', () => {
  for (const [name, payload] of xssCorpus('https://pwn.example')) {
    same(payload, {}, name);
    same(payload, { kind: 'html' }, name);
  }
});

test('streaming path: leaves user rules, the show mode, unusual input and deep nesting to the tree path', () => {
  const user = buildRules([{ selector: 'p.ad' }]).rules;
  assert.equal(streamable(user), false);
  assert.equal(streamable(BUILTIN_RULES), true);
  assert.equal(streamable([...BUILTIN_RULES].reverse()), false);
  const body = `<p class="ad">广告</p>${keytip('600519', '贵州茅台')}`;
  assert.equal(same(body, { rules: user, kind: 'html' }), false);
  assert.equal(same(body, { mode: 'show', kind: 'html' }), false);
  assert.equal(same(`<svg><p>x</p></svg>${body}`, { kind: 'html' }), false);
  assert.equal(same('<div>'.repeat(MAX_DEPTH + 5) + body, { kind: 'html' }), false);
  assert.equal(same(body, { kind: 'html' }), true);
  // and the rendered result is what the user rule asks for
  assert.doesNotMatch(renderBody(body, 0, { rules: user, kind: 'html' }).blocks.join(''), /广告/);
});

test('streaming path: generated posts (Markdown and HTML blocks mixed, ad markup nested and unbalanced) agree', () => {
  const { rnd, pick } = seeded(2024);
  const inline = () => pick(['沪指震荡', '**涨停**', '[链接](https://a.example)', '![图](http://b.example/x.png)', keytip('600000', '浦发'),
    stockKey('300750', '宁德'), infokey('CPI', '指数'), '<span id="quote_1.6"></span>', '<b>粗', '</b>', '&amp;', '`<code>`', '<br>']);
  const html = () => pick([stockChart(), HIDDEN_BR, HIDDEN_SPACE, SOURCE_LINE, '<div>', '</div>', '<p>', '</p>', '<!-- EM_StockImg_Start -->',
    '<!-- EM_StockImg_End -->', '<script>alert(1)</script>', '<ins class="adsbygoogle"></ins>', '<img src="https://t.example/p.gif" width="1" height="1">',
    '<p style="visibility:hidden">x</p>', '<table><tr><td>1<td>2</table>', '<span id="stock_1.6">', '</span>', '<form><form><input></form>',
    `<div class="wrap">${keytip('000001', '平安')}<!-- EM_StockImg_Start --><p>图</p><!-- EM_StockImg_End --></div>`]);
  const block = () => {
    switch (rnd(6)) {
      case 0: case 1: { let s = ''; for (let k = 1 + rnd(6); k > 0; k--) s += inline() + ' '; return s; }
      case 2: { let s = ''; for (let k = 1 + rnd(5); k > 0; k--) s += html(); return s; }
      case 3: return `${pick(['#', '##', '-', '1.', '>'])} ${inline()}`;
      case 4: return html() + inline() + html();
      default: return pick(['', '    indented code <b>', '```\n<p>fenced</p>\n```', '---']);
    }
  };
  let taken = 0;
  const total = 1500;
  for (let k = 0; k < total; k++) {
    const parts: string[] = [];
    for (let m = 1 + rnd(12); m > 0; m--) parts.push(block());
    const body = parts.join(pick(['\n\n', '\n', '\r\n\r\n', '']));
    if (same(body, { rules: pick(RULE_SETS), kind: rnd(4) ? 'markdown' : 'html' })) taken++;
  }
  // nothing in them is for the tree path (no SVG, no unclosed script, no user rule)
  assert.equal(taken, total, 'every generated post is rendered by the streaming path');
});

test('streaming path: every corpus post gives the same preview as the tree path', { skip: !corpusPresent && 'corpus not present' }, () => {
  const files = corpusPosts();
  let taken = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const body = text.slice(bodyRange(text).start);
    if (same(body, { kind: bodyKindOf(f) }, f)) taken++;
  }
  assert.equal(taken, files.length, 'every corpus post is rendered by the streaming path');
});
