// Invented posts in the image of the news site's (same front matter, markup and footer shapes; no corpus text).

export const SITE = '//finews.withounder.com/';

/** A per-source category post: one-line Eastmoney HTML ending with the em_media source line, share link, navigation line. */
export function sourcePost(o: { slug?: string; source?: string; tag?: string; id?: string; date?: string; sourceInner?: string; nav?: string; share?: string; body?: string; end?: string } = {}): string {
  const slug = o.slug ?? 'yangxingwangzhan';
  const source = o.source ?? '央行网站';
  const tag = o.tag ?? `${source}新闻`;
  const id = o.id ?? 'NW202205302396501234';
  const inner = o.sourceInner ?? `（文章来源：${source}）`;
  const share = o.share ?? `<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}>`;
  const nav = o.nav ?? `[返回${tag}](${SITE}category/${slug}.html)｜[返回首页](${SITE})`;
  const body = o.body ?? `<p>近日，人民银行发布公告称，将继续加大对实体经济的支持力度，保持流动性合理充裕。</p><p>业内人士表示，货币政策工具箱仍然充足。</p><p class="em_media">${inner}</p>`;
  return `---\nlayout: post\ntitle: "人民银行：保持流动性合理充裕 加大对实体经济支持力度"\ndate: ${o.date ?? '2022-05-30 17:33:09 +0800'}\ncategories: ${slug}\ntags: ${tag}\n---\n${body}\n\n${share}\n\n${nav}${o.end ?? ''}`;
}

/** A rolling-news (`emnews`) plain digest post, share link, navigation line (one line, folder link). */
export function emPost(o: { id?: string; nav?: string | null; share?: string | null; digest?: string; date?: string; end?: string } = {}): string {
  const id = o.id ?? '202112082206712345';
  const digest = o.digest ?? '国家统计局今日公布数据，11月份全国居民消费价格同比上涨2.3%，环比上涨0.4%。（证券时报网）';
  const parts = [`---\nlayout: post\ntitle: "11月CPI同比上涨2.3%"\ndate: ${o.date ?? '2021-12-08 10:18:31 +0800'}\ncategories: emnews\ntags: 东财滚动新闻\n---\n\n${digest}`];
  if (o.share !== null) parts.push(o.share ?? `<http://finance.eastmoney.com/news/1354,${id}.html>`);
  if (o.nav !== null) parts.push(o.nav ?? `[返回东财滚动新闻](${SITE}emnews/)｜[返回首页](${SITE})`);
  return parts.join('\n\n') + (o.end ?? '');
}

/** The navigation line forms of the site's successive generators. */
export const NAV_FORMS = {
  pipe: `[返回东财滚动新闻](${SITE}emnews/)｜[返回首页](${SITE})`,
  parentRelative: '[返回东财滚动新闻](../emnews/)\n[返回首页](../)',
  dotRelative: '[返回东财滚动新闻](./emnews/)\n[返回首页](./)',
  oldDomain: '[返回东财滚动新闻](//finews.zning.me/emnews/)\n[返回首页](//finews.zning.me/)',
  twoLines: `[返回东财滚动新闻](${SITE}emnews/)\n[返回首页](${SITE})`,
  category: `[返回财联社新闻](${SITE}category/cailianshe.html)｜[返回首页](${SITE})`,
};

/** The source line spellings: the site's, and the half-width/full-width variants an editor may type. */
export const SOURCE_FORMS: Array<[string, string]> = [
  ['（文章来源：财联社）', '（文章来源：…）'],
  ['(文章来源:财联社)', '(文章来源:…)'],
  ['（文章来源:财联社）', '（文章来源:…）'],
  ['(文章来源：财联社)', '(文章来源：…)'],
  ['（文章来源： 财联社 ）', '（文章来源：…）'],
  ['（来源：财联社）', '（来源：…）'],
];

/** The source name broken by a keytip stock-link span (4 real posts have this shape). */
export const KEYTIP_SOURCE = '（文章来源：上海<span id="bk_90.BK0473"><a href="http://quote.eastmoney.com/unify/r/90.BK0473" class="keytip" data-code="90,BK0473">证券</a></span><span id="bkquote_90.BK0473"></span>报）';
