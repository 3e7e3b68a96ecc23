// The strip rules, one by one, on post-shaped snippets: what goes, what stays (text included), the counts,
// the banner, the "show in place" mode, user rules from settings, and "nothing else lost" on whole posts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { renderBody, renderPost, RenderOptions } from '../../src/core/render';
import { buildRules, summarize, BUILTIN_RULES, BUILTIN_RULE_IDS, UserRuleConfig } from '../../src/core/stripRules';
import { parseHtml, textOf } from '../../src/core/htmlTree';
import { elementsOf } from './helpers';
import {
  HIDDEN_BR, HIDDEN_SPACE, stockChart, keytip, boardKeytip, infoKeytip, stockKey, infokey, SOURCE_LINE, emnewsPost, digestPost,
} from './previewFixtures';

/** Renders an HTML body (no Markdown) and returns the HTML, the report and the banner. */
function html(body: string, options: RenderOptions = {}) {
  const r = renderBody(body, 0, { kind: 'html', anchors: false, ...options });
  return { out: r.blocks.join(''), counts: r.counts.map(c => [c.rule, c.count]), summary: r.summary, total: r.total };
}

/** Text content of some HTML, as a browser's textContent would give it. */
function text(h: string): string {
  return textOf(parseHtml(h));
}

const ALL_OFF = BUILTIN_RULE_IDS;

test('stock-chart: the EM_StockImg block goes whole (link, K-line image, markers), the text around stays', () => {
  const body = `<p>沪指午后震荡走高。</p>${stockChart('BK0901')}<p>两市成交额再度突破万亿元。</p>`;
  const r = html(body);
  assert.deepEqual(r.counts, [['stock-chart', 1]]);
  assert.doesNotMatch(r.out, /webquoteklinepic|EmImageRemark|EM_StockImg|K图/);
  assert.equal(text(r.out), '沪指午后震荡走高。两市成交额再度突破万亿元。');
  assert.equal(r.summary, 'Stripped 1 item: stock chart ×1');
});

test('stock-chart: two blocks back to back count twice; a start marker without its end strips nothing', () => {
  assert.deepEqual(html(`${stockChart('BK0901')}${stockChart('BK0902')}<p>正文。</p>`).counts, [['stock-chart', 2]]);
  const open = html(`<!-- EM_StockImg_Start --><p>没有结束标记的段落。</p>`);
  assert.deepEqual(open.counts, []);
  assert.equal(text(open.out), '没有结束标记的段落。');
  assert.equal(open.summary, 'Nothing stripped');
});

test('hidden: inline display:none and visibility:hidden go (both corpus variants), visible styles stay', () => {
  const r = html(`${HIDDEN_BR}${HIDDEN_SPACE}<div style="VISIBILITY: hidden !important">隐藏的推广语</div><p style="display:block;text-align:center;">图片来源：某公司官网</p><p hidden>也隐藏</p>`);
  assert.deepEqual(r.counts, [['hidden', 4]]);
  assert.equal(text(r.out), '图片来源：某公司官网');
  assert.match(r.out, /<p style="display:block;text-align:center">图片来源/);
});

test('hidden: a style that merely mentions none or hidden is not hiding', () => {
  const r = html('<p style="overflow:hidden;border:none;text-decoration:none">港股午后跌幅收窄。</p><p style="font-family:\'display:none\'">字体名</p>');
  assert.deepEqual(r.counts, []);
  assert.equal(text(r.out), '港股午后跌幅收窄。字体名');
});

test('quote-links: keytip, board and HK links lose their markup and keep their text; the empty quote spans go too', () => {
  const body = `<p>${keytip('600999', '某某股份')}、${boardKeytip('BK0998', '新能源车')}与${infoKeytip('09999', '某某控股')}午后拉升。</p>`;
  const r = html(body);
  assert.deepEqual(r.counts, [['quote-links', 3]]);
  assert.equal(r.out, '<p>某某股份、新能源车与某某控股午后拉升。</p>');
});

test('quote-links: a span that cuts a word (em_stock_key_common, infokey) leaves the word whole', () => {
  const r = html(`<p>培育壮${stockKey('600999', '大华')}夏品牌；Z${infokey('401', 'CPI')}X指数；保供煤${stockKey('BK1999', '电机', '90')}组。</p>`);
  assert.deepEqual(r.counts, [['quote-links', 3]]);
  assert.equal(r.out, '<p>培育壮大华夏品牌；ZCPIX指数；保供煤电机组。</p>');
});

test('quote-links: a span with an id that holds more than the link is kept (only the link is unwrapped)', () => {
  const r = html('<p><span id="lead">导语：<a href="http://quote.eastmoney.com/unify/r/1.600999" class="keytip">某某股份</a>领涨</span></p>');
  assert.equal(r.out, '<p><span id="lead">导语：某某股份领涨</span></p>');
  assert.deepEqual(r.counts, [['quote-links', 1]]);
});

test('the source line is content: em_media stays, its name whole even when a keytip cut it', () => {
  const r = html(SOURCE_LINE);
  assert.equal(r.out, '<p class="em_media">（文章来源：证券日报）</p>');
  assert.deepEqual(r.counts, [['quote-links', 1]]);
});

test('script, style, iframe: removed with their content', () => {
  const r = html('<p>正文一。</p><script>document.write("广告")</script><style>p{color:red}</style><iframe src="https://ad.example.com/frame"><p>不支持框架</p></iframe><p>正文二。</p>');
  assert.deepEqual(r.counts, [['script', 1], ['style', 1], ['iframe', 1]]);
  assert.equal(text(r.out), '正文一。正文二。');
});

test('ad-slot: ins.adsbygoogle goes (with the push script after it, as a script)', () => {
  const r = html('<p>正文。</p><ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1234567890"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script><ins>插入的修订</ins>');
  assert.deepEqual(r.counts, [['script', 1], ['ad-slot', 1]]);
  assert.equal(r.out, '<p>正文。</p><ins>插入的修订</ins>');
});

test('tracking-pixel: 1×1 (or 0×0) images by attribute or inline style go; article images stay', () => {
  const r = html('<p>正文<img src="https://t.example.com/p.gif" width="1" height="1">。</p><img src="https://t.example.com/q.gif" style="width:1px;height:1px"><img src="https://t.example.com/z.gif" width="0" height="0" alt=""><img src="https://dfscdn.dfcfw.com/download/D1_w800h555.jpg" width="1" alt="Image"><img src="https://dfscdn.dfcfw.com/download/D2.jpg" width="552" alt="图片">');
  assert.deepEqual(r.counts, [['tracking-pixel', 3]]);
  const srcs = elementsOf(r.out).filter(e => e.name === 'img').map(e => e.attrs.src);
  assert.deepEqual(srcs, ['https://dfscdn.dfcfw.com/download/D1_w800h555.jpg', 'https://dfscdn.dfcfw.com/download/D2.jpg']);
});

test('banner: "Stripped 3 items: stock chart ×1, hidden ×1, quote links ×1"', () => {
  const r = html(`${HIDDEN_BR}${stockChart()}<p>${keytip('600999', '某某股份')}一季度营收同比增长。</p>`);
  assert.equal(r.summary, 'Stripped 3 items: stock chart ×1, hidden ×1, quote links ×1');
  assert.equal(summarize([]), 'Nothing stripped');
});

test('show mode: stripped items stay in place, outlined and labelled, hidden ones revealed, scripts as inert placeholders', () => {
  const body = `${HIDDEN_BR}${stockChart()}<p>${keytip('600999', '某某股份')}领涨。</p><script>window.x = 1</script>`;
  const r = html(body, { mode: 'show' });
  const stripped = elementsOf(r.out).filter(e => (e.attrs.class ?? '').split(' ').includes('np-stripped'));
  assert.deepEqual(stripped.map(e => e.attrs['data-np-rule']), ['hidden', 'stock chart', 'quote links', 'script']);
  // the hidden paragraph is revealed (no display:none left), the K-line image and the link text are there
  assert.doesNotMatch(r.out, /display:none/);
  assert.match(r.out, /webquoteklinepic\.eastmoney\.com/);
  assert.equal(textOf(stripped[2]), '某某股份');
  // the script is a placeholder with its code as a tooltip, never a script element
  assert.ok(!elementsOf(r.out).some(e => e.name === 'script'));
  assert.equal(stripped[3].attrs.title, 'window.x = 1');
  assert.equal(r.summary, 'Stripped 4 items: stock chart ×1, script ×1, hidden ×1, quote links ×1');
});

test('disabled built-in rules leave their markup to the sanitiser (quote links then stay links)', () => {
  const { rules } = buildRules([], ['quote-links', 'hidden']);
  const r = html(`${HIDDEN_BR}<p>${keytip('600999', '某某股份')}领涨。</p>`, { rules });
  assert.deepEqual(r.counts, []);
  assert.match(r.out, /<a href="http:\/\/quote\.eastmoney\.com\/unify\/r\/1\.600999" class="keytip">某某股份<\/a>/);
  assert.match(r.out, /style="display:none;height:1px;overflow:hidden"/);
});

test('user rules: a CSS selector to remove, one to unwrap, a comment-marker pair; ids, labels and order in the report', () => {
  const user: UserRuleConfig[] = [
    { id: 'promo-box', label: 'promo box', selector: 'div.promo, p:has(> a[href*="app.example.com"])' },
    { id: 'related-links', label: 'related links', selector: 'a.EmImageRemark, a[href^="http://quote."]', action: 'unwrap' },
    { id: 'ad-comments', label: 'ad block', startMarker: 'AD_BEGIN', endMarker: 'AD_END' },
  ];
  const { rules, problems } = buildRules(user, ['stock-chart', 'quote-links']);
  assert.deepEqual(problems, []);
  const body = '<div class="promo">下载APP</div><p>看<a href="https://app.example.com/dl">这里</a></p>'
    + '<p><a class="EmImageRemark" href="http://quote.eastmoney.com/x">K线</a>与<a href="http://quote.eastmoney.com/y">行情</a></p>'
    + '<!-- AD_BEGIN --><p>赞助内容</p><p>更多赞助</p><!-- AD_END --><p>正文。</p>';
  const r = html(body, { rules });
  assert.deepEqual(r.counts, [['promo-box', 2], ['related-links', 2], ['ad-comments', 1]]);
  assert.equal(r.out, '<p>K线与行情</p><p>正文。</p>');
  assert.equal(r.summary, 'Stripped 5 items: promo box ×2, related links ×2, ad block ×1');
});

test('user rules: bad ones are reported, not fatal; duplicates and disabled user rules are left out', () => {
  const { rules, problems } = buildRules([
    { id: 'bad', selector: 'p:hovr' },
    { id: 'half', startMarker: 'X_START' },
    { id: 'none' } as UserRuleConfig,
    { id: 'hidden', selector: 'p' },
    { id: 'weird-action', selector: 'b', action: 'explode' as never },
    { id: 'off', selector: 'p' },
  ], ['off']);
  assert.equal(problems.length, 5);
  assert.match(problems[0], /bad.*invalid selector 'p:hovr': Unknown pseudo-class :hovr/);
  assert.match(problems[1], /half.*both startMarker and endMarker/);
  assert.match(problems[2], /none.*needs a selector/);
  assert.match(problems[3], /'hidden'.*already used/);
  assert.match(problems[4], /weird-action.*'explode'/);
  assert.deepEqual(rules.map(r => r.id), [...BUILTIN_RULE_IDS, 'weird-action']);
  assert.deepEqual(html('<p>正文<b>加粗</b></p>', { rules }).counts, [['weird-action', 1]]);
});

test('every built-in rule has an id, a label and a description, and strips something in a snippet', () => {
  const snippets: Record<string, string> = {
    'stock-chart': stockChart(), script: '<script>1</script>', style: '<style>p{}</style>', iframe: '<iframe></iframe>',
    'ad-slot': '<ins class="adsbygoogle"></ins>', 'tracking-pixel': '<img src="https://t.example.com/p.gif" width="1" height="1">',
    hidden: HIDDEN_SPACE, 'quote-links': keytip('600999', '某某股份'),
  };
  for (const r of BUILTIN_RULES) {
    assert.ok(r.id && r.label && r.description, r.id);
    assert.deepEqual(html(snippets[r.id]).counts, [[r.id, 1]], r.id);
    const { rules } = buildRules([], [r.id]);
    assert.deepEqual(html(snippets[r.id], { rules }).counts, [], `${r.id} disabled`);
  }
});

test('nothing else lost: a whole emnews post renders with all its text but the stripped items', () => {
  const post = emnewsPost();
  const all = renderPost(post);
  const none = renderPost(post, { rules: buildRules([], ALL_OFF).rules });
  assert.equal(all.summary, 'Stripped 7 items: stock chart ×1, hidden ×1, quote links ×5');
  assert.equal(none.total, 0);
  // the stripped items of this post hold no text of their own (the quote links keep theirs): the text is identical
  assert.equal(text(all.blocks.join('')), text(none.blocks.join('')));
  const t = text(all.blocks.join(''));
  for (const piece of ['据某公司官网消息', '首款采用新型环保冷媒的新能源车将于下月交付，某某控股同日公告。', '培育壮大华夏品牌', 'ZCPIX指数',
    '图片来源：某公司官网', '《<示例公约>修正案》', '（文章来源：证券日报）', 'http://finance.eastmoney.com/a/202205270000000001.html', '返回东财滚动新闻｜返回首页']) {
    assert.ok(t.includes(piece), piece);
  }
  // and no ad markup is left
  assert.doesNotMatch(all.blocks.join(''), /keytip|em_stock_key_common|infokey|EM_StockImg|webquoteklinepic|display:none|quote_/);
});

test('nothing else lost: removed items take exactly their own text', () => {
  const body = `<p>甲。</p><div style="display:none">隐藏文字</div><p>乙${keytip('600999', '某某股份')}丙。</p><script>var s = "脚本文字";</script><!-- EM_StockImg_Start --><p>图注文字</p><!-- EM_StockImg_End --><p>丁。</p>`;
  const stripped = text(html(body).out);
  const unstripped = text(html(body, { rules: [] }).out);
  // the sanitiser drops script content even with no rules; the hidden text and the marker block's text are the rules'
  assert.equal(unstripped, '甲。隐藏文字乙某某股份丙。图注文字丁。');
  assert.equal(stripped, unstripped.replace('隐藏文字', '').replace('图注文字', ''));
});

test('a plain digest post has nothing to strip and loses nothing', () => {
  const r = renderPost(digestPost());
  assert.equal(r.summary, 'Nothing stripped');
  assert.equal(text(r.blocks.join('')).replace(/\s+/g, ''), '央行今日开展1000亿元7天期逆回购操作，中标利率维持不变。（证券时报网）http://finance.eastmoney.com/a/202112080000000002.html返回东财滚动新闻｜返回首页');
});
