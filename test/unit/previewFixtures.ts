// Post snippets for the preview tests, written for this project in the image of the scraped finance posts
// (same markup shapes, invented sentences, ids and tokens; no corpus text).

/** The hidden paragraph that precedes a K-line block (`<br />` variant and space variant). */
export const HIDDEN_BR = '<p style="display:none;height:1px;overflow:hidden;"><br /></p>';
export const HIDDEN_SPACE = '<p style="display:none;height:1px;overflow:hidden;"> </p>';

/** An EM_StockImg K-line block for a board code. */
export function stockChart(code = 'BK0999'): string {
  return `<!-- EM_StockImg_Start --><p style="text-align:center;"><a href="http://quote.eastmoney.com/unify/r/90.${code}" data-code="${code}|90|1" data-code2="${code}|90|2|" class="EmImageRemark" target="_blank"><img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=90.${code}&imageType=k&token=0123456789abcdef0123456789abcdef&at=1" border="0" alt="K图 ${code}_0" data-code="K ${code}|90|1" data-code2="K ${code}|90|2|" style="border:#d1d1d1 1px solid;" width="578" height="276" /></a></p><!-- EM_StockImg_End -->`;
}

/** A stock keytip link with its empty live-quote placeholder. */
export function keytip(code: string, name: string, market = '1'): string {
  return `<span id="stock_${market}.${code}"><a href="http://quote.eastmoney.com/unify/r/${market}.${code}" class="keytip" data-code="${market},${code}">${name}</a></span><span id="quote_${market}.${code}"></span>`;
}

/** A board keytip link with its placeholder. */
export function boardKeytip(code: string, name: string): string {
  return `<span id="bk_90.${code}"><a href="http://quote.eastmoney.com/unify/r/90.${code}" class="keytip" data-code="90,${code}">${name}</a></span><span id="bkquote_90.${code}"></span>`;
}

/** The HK/US form without a placeholder. */
export function infoKeytip(code: string, name: string, market = '116'): string {
  return `<span id="Info.${market}.${code}"><a href="http://quote.eastmoney.com/unify/r/${market}.${code}" class="keytip" data-code="${market},${code}">${name}</a></span>`;
}

/** A span carrying an href (often cutting across words). */
export function stockKey(code: string, name: string, market = '1'): string {
  return `<span web="1" href="http://quote.eastmoney.com/unify/r/${market}.${code}" class="em_stock_key_common" data-code="${market},${code}">${name}</span>`;
}

/** A data link. */
export function infokey(id: string, name: string, href = 'http://data.eastmoney.com/cjsj/cpi.html'): string {
  return `<span id="Info.${id}"><a href="${href}" class="infokey">${name}</a></span>`;
}

export const SOURCE_LINE = '<p class="em_media">（文章来源：证券<span id="bk_90.BK0888"><a href="http://quote.eastmoney.com/unify/r/90.BK0888" class="keytip" data-code="90,BK0888">日</a></span><span id="bkquote_90.BK0888"></span>报）</p>';

/** A 2022 `emnews` post: digest blockquote, one-line HTML article, share link, nav footer (no final newline). */
export function emnewsPost(): string {
  const html = [
    HIDDEN_BR,
    stockChart('BK0999'),
    `<p>首款采用新型环保冷媒的${boardKeytip('BK0998', '新能源车')}将于下月交付，${infoKeytip('09999', '某某控股')}同日公告。<br /></p>`,
    `<p>业内人士表示，培育壮${stockKey('600999', '大华')}夏品牌需要时间；Z${infokey('401', 'CPI')}X指数本周公布。</p>`,
    '<center><img src="https://dfscdn.dfcfw.com/download/D00000000000000000001_w800h555.jpg" alt="Image" width="552" style="border:#d1d1d1 1px solid;padding:3px;margin:5px 0;" /></center><p style="text-align:center;">图片来源：某公司官网</p>',
    '<p>据了解，《&lt;示例公约&gt;修正案》已于去年生效。 </p>',
    SOURCE_LINE,
  ].join('');
  return `---
layout: post
title: "某车企宣布采用新型环保冷媒 首款车型下月交付"
date: 2022-05-27 10:12:45 +0800
categories: emnews
tags: 东财滚动新闻
---
> 据某公司官网消息，5月26日，该公司宣布为某车企提供新型环保冷媒。（证券日报）

${html}

<http://finance.eastmoney.com/a/202205270000000001.html>

[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)`;
}

/** A 2021-12 plain digest post (no HTML). */
export function digestPost(): string {
  return `---
layout: post
title: "央行今日开展1000亿元逆回购操作"
date: 2021-12-08 10:18:31
categories: emnews
tags: 东财滚动新闻
---

央行今日开展1000亿元7天期逆回购操作，中标利率维持不变。（证券时报网）

<http://finance.eastmoney.com/a/202112080000000002.html>

[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)`;
}
