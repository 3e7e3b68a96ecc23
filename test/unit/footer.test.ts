// Source attribution footers: the parser on every form the site has used, the site vocabulary, the builder,
// replacing a footer, and every footer rule with its range and quick fix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseFooter, replaceFooter, minimalEdit } from '../../src/core/footer';
import { splitFrontMatter } from '../../src/core/frontmatter';
import { emptyVocabulary, addPostToVocabulary, removePostFromVocabulary, postFactsOf, PostFacts, fileIdOf, shareTemplateOf } from '../../src/core/vocabulary';
import { SiteFooters, buildFooter, FooterKnowledge, categoryUrl } from '../../src/core/footerKnowledge';
import { footerSettingsOf, parseJsonc } from '../../src/core/footerSite';
import { CheckOptions } from '../../src/core/check';
import { check, codes, find, applyFix } from './helpers';
import { sourcePost, emPost, NAV_FORMS, SOURCE_FORMS, KEYTIP_SOURCE, SITE } from './footerFixtures';

const bodyOf = (text: string) => splitFrontMatter(text).bodyStart;
const footerOf = (text: string) => parseFooter(text, bodyOf(text));

/** A site's knowledge from invented posts (path -> text); `self` is the post being checked, counted like the others. */
function knowledge(posts: Record<string, string>, extra: Partial<FooterKnowledge> = {}): { k: FooterKnowledge; facts: Map<string, PostFacts> } {
  const vocabulary = emptyVocabulary();
  const facts = new Map<string, PostFacts>();
  for (const [rel, text] of Object.entries(posts)) {
    const f = postFactsOf(text, rel);
    facts.set(rel, f);
    addPostToVocabulary(vocabulary, f);
  }
  return { k: { vocabulary, ...extra }, facts };
}

/** Ten posts of a site like the real one: rolling news and per-source categories. */
function siteOfTen(): Record<string, string> {
  const posts: Record<string, string> = {};
  for (let i = 0; i < 6; i++) posts[`_posts/2021-12-08-20211208220671234${i}.md`] = emPost({ id: `20211208220671234${i}` });
  posts['_posts/2022-05-30-NW202205302396500001.md'] = sourcePost({ id: 'NW202205302396500001' });
  posts['_posts/2022-05-30-NW202205302396500002.md'] = sourcePost({ id: 'NW202205302396500002' });
  posts['_posts/2022-05-31-NW202205312398000003.md'] = sourcePost({ slug: 'cailianshe', source: '财联社', id: 'NW202205312398000003' });
  posts['_posts/2022-05-31-NW202205312398000004.md'] = sourcePost({ slug: 'cailianshe', source: '财联社', id: 'NW202205312398000004' });
  return posts;
}

/** Checks a post of the ten-post site (the post itself counted in the vocabulary, as the index does). */
function checkIn(text: string, name: string, posts = siteOfTen(), extra: Partial<FooterKnowledge> = {}) {
  const rel = `_posts/${name}`;
  const all = { ...posts, [rel]: text };
  const { k, facts } = knowledge(all, extra);
  const options: CheckOptions = { footer: { ...k, self: facts.get(rel) } };
  return { r: check(text, name, undefined, options), options, name };
}

const footerCodes = (cs: string[]) => cs.filter(c => c.startsWith('footer-') || c === 'category-unknown');

// ---------------------------------------------------------------- parser

test('parser: a per-source post: source line in the one-line HTML, share link, navigation line', () => {
  const text = sourcePost();
  const f = footerOf(text);
  assert.equal(f.sources.length, 1);
  assert.equal(f.source!.name, '央行网站');
  assert.equal(f.source!.form, '（文章来源：…）');
  assert.equal(text.slice(f.source!.start, f.source!.end), '<p class="em_media">（文章来源：央行网站）</p>');
  assert.equal(text.slice(f.source!.innerStart, f.source!.innerEnd), '（文章来源：央行网站）');
  assert.equal(f.share!.url, 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205302396501234');
  assert.equal(f.nav!.slug, 'yangxingwangzhan');
  assert.equal(f.nav!.categoryLabel, '央行网站新闻');
  assert.equal(f.nav!.siteUrl, SITE);
  assert.equal(f.nav!.separator, '｜');
  assert.equal(f.end, text.length, 'the navigation line ends the post (no final newline, like the site\'s)');
});

test('parser: every source-line spelling, and a name broken by a keytip span', () => {
  for (const [inner, form] of SOURCE_FORMS) {
    const f = footerOf(sourcePost({ sourceInner: inner, source: '财联社', slug: 'cailianshe' }));
    assert.equal(f.source!.name, '财联社', inner);
    assert.equal(f.source!.form, form, inner);
  }
  const text = sourcePost({ sourceInner: KEYTIP_SOURCE, source: '上海证券报', slug: 'shanghaizhengquanbao' });
  const s = footerOf(text).source!;
  assert.equal(s.name, '上海证券报');
  assert.match(text.slice(s.nameStart, s.nameEnd), /^上海<span id="bk_90\.BK0473">.*<\/span>报$/);
});

test('parser: every navigation form of the site\'s generators', () => {
  const cases: Array<[string, { slug: string; sep: string; site?: string; links: number }]> = [
    [NAV_FORMS.pipe, { slug: 'emnews', sep: '｜', site: SITE, links: 2 }],
    [NAV_FORMS.parentRelative, { slug: 'emnews', sep: '\n', links: 2 }],
    [NAV_FORMS.dotRelative, { slug: 'emnews', sep: '\n', links: 2 }],
    [NAV_FORMS.oldDomain, { slug: 'emnews', sep: '\n', site: '//finews.zning.me/', links: 2 }],
    [NAV_FORMS.twoLines, { slug: 'emnews', sep: '\n', site: SITE, links: 2 }],
    [NAV_FORMS.category, { slug: 'cailianshe', sep: '｜', site: SITE, links: 2 }],
  ];
  for (const [nav, want] of cases) {
    const text = emPost({ nav });
    const f = footerOf(text);
    assert.equal(f.navs.length, 1, nav);
    assert.equal(f.nav!.slug, want.slug, nav);
    assert.equal(f.nav!.separator, want.sep, nav);
    assert.equal(f.nav!.siteUrl, want.site, nav);
    assert.equal(f.nav!.links.length, want.links, nav);
    assert.equal(text.slice(f.nav!.start, f.nav!.end), nav);
  }
});

test('parser: empty share link, no footer at all, CRLF, a slug with spaces and parentheses', () => {
  assert.equal(footerOf(emPost({ share: '<>' })).share!.url, '');
  const none = footerOf(emPost({ share: null, nav: null }));
  assert.deepEqual([none.sources.length, none.shares.length, none.navs.length, none.start], [0, 0, 0, undefined]);
  const crlf = emPost({ nav: NAV_FORMS.twoLines, end: '\n' }).replace(/\n/g, '\r\n');
  const f = footerOf(crlf);
  assert.equal(f.nav!.separator, '\n');
  assert.equal(f.share!.url, 'http://finance.eastmoney.com/news/1354,202112082206712345.html');
  assert.equal(crlf.slice(f.nav!.start, f.nav!.end), NAV_FORMS.twoLines.replace('\n', '\r\n'));
  const odd = footerOf(emPost({ nav: `[返回中国商报网新闻](${categoryUrl(SITE, 'anxinguojizhengquan(xianggang)', 'category')})｜[返回首页](${SITE})` }));
  assert.equal(odd.nav!.slug, 'anxinguojizhengquan(xianggang)');
  // an HTML tag alone on a line is not a share link
  assert.equal(footerOf('---\nlayout: post\n---\n<p>\n正文\n</p>\n').shares.length, 0);
});

test('parser: bad input never hangs or throws', () => {
  const junk = ['', '\0\0\0', '\ufeff---\n---\n', '[返回'.repeat(100000), '<p class="em_media">'.repeat(50000), `${'[返回首页](/)\n'.repeat(20000)}`, '<'.repeat(200000) + '>'];
  for (const t of junk) {
    const f = parseFooter(t, 0);
    assert.ok(Array.isArray(f.navs));
  }
  assert.equal(parseFooter(`${'[返回首页](/)\n'.repeat(20000)}`, 0).navs.length, 1, 'consecutive navigation lines are one (multi-line) navigation');
});

// ---------------------------------------------------------------- vocabulary

test('vocabulary: facts of a post, add and remove return to empty', () => {
  const text = sourcePost({ id: 'NW202205302396509999' });
  const facts = postFactsOf(text, '_posts/2022-05-30-NW202205302396509999.md');
  assert.deepEqual(facts.categories, ['yangxingwangzhan']);
  assert.deepEqual(facts.tags, ['央行网站新闻']);
  assert.equal(facts.source, '央行网站');
  assert.equal(facts.form, '（文章来源：…）');
  assert.equal(facts.navLabel, '央行网站新闻');
  assert.equal(facts.shareTemplate, 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode={id}');
  assert.deepEqual(facts.parts, ['source', 'share', 'nav']);
  const v = emptyVocabulary();
  addPostToVocabulary(v, facts);
  addPostToVocabulary(v, postFactsOf(emPost(), '_posts/2021-12-08-202112082206712345.md'));
  assert.equal(v.posts, 2);
  assert.equal(v.sources.get('yangxingwangzhan')!.get('央行网站'), 1);
  assert.equal(v.categoryTags.get('emnews')!.get('东财滚动新闻'), 1);
  assert.equal(v.shareTemplates.get('emnews')!.get('http://finance.eastmoney.com/news/1354,{id}.html'), 1);
  removePostFromVocabulary(v, facts);
  removePostFromVocabulary(v, postFactsOf(emPost(), '_posts/2021-12-08-202112082206712345.md'));
  const sizes = Object.entries(v).filter(([, m]) => m instanceof Map).map(([k, m]) => [k, (m as Map<string, unknown>).size]);
  assert.deepEqual(sizes.filter(([, n]) => n !== 0), []);
  assert.equal(v.posts, 0);
});

test('vocabulary: Jekyll\'s reading of categories and tags (strings split, category + categories, tag over tags)', () => {
  const f = postFactsOf('---\ncategories: 21shijijingjibaodao 21caijingAPP\ncategory: 世界\ntag: 一\ntags: 二 三\n---\n', 'news/_posts/2022-05-26-x.md');
  assert.deepEqual(f.categories, ['news', '21shijijingjibaodao', '21caijingAPP', '世界']);
  assert.deepEqual(f.tags, ['一']);
  assert.deepEqual(postFactsOf('---\ntitle: "broken\n---\n').categories, []);
  assert.equal(fileIdOf('_posts/2022-05-30-NW202205302396506117.md'), 'NW202205302396506117');
  assert.equal(fileIdOf('_posts/-202205262391921712.md'), '202205262391921712');
  assert.equal(shareTemplateOf('http://x/y.html?infoCode=NW1234567', 'NW1234567'), 'http://x/y.html?infoCode={id}');
  assert.equal(shareTemplateOf('http://x/other.html', 'NW1234567'), undefined);
});

// ---------------------------------------------------------------- knowledge and building

test('knowledge: per-source and aggregate categories learned from posts, settings first, category pages last', () => {
  const { k } = knowledge(siteOfTen(), { categoryPages: new Map([['quanzhouwanbao', '泉州晚报新闻'], ['cailianshe', 'Cailianshe']]) });
  const site = new SiteFooters(k);
  assert.deepEqual(site.category('yangxingwangzhan'), { slug: 'yangxingwangzhan', style: 'category', posts: 2, label: '央行网站新闻', source: '央行网站', from: 'posts' });
  const em = site.category('emnews');
  assert.deepEqual([em.label, em.source, em.style], ['东财滚动新闻', undefined, 'folder']);
  assert.deepEqual([site.category('quanzhouwanbao').source, site.category('quanzhouwanbao').from], ['泉州晚报', 'page']);
  assert.equal(site.category('cailianshe').source, '财联社', 'posts win over a page title');
  assert.equal(site.siteUrl, SITE);
  assert.equal(site.categoryOfSource('财联社'), 'cailianshe');
  assert.equal(site.categoryOfSource('泉州晚报'), 'quanzhouwanbao');
  const withSettings = new SiteFooters({ ...k, settings: { siteUrl: 'https://news.example.com', sources: [{ category: 'yangxingwangzhan', source: '中国人民银行' }] } });
  assert.deepEqual([withSettings.category('yangxingwangzhan').source, withSettings.category('yangxingwangzhan').label], ['中国人民银行', '中国人民银行新闻']);
  assert.equal(withSettings.siteUrl, 'https://news.example.com/');
  assert.deepEqual(site.sourceChoices(['cailianshe']).slice(0, 2), ['财联社', '央行网站']);
});

test('build: the footer a post should have, from its front matter and the site', () => {
  const { k } = knowledge(siteOfTen());
  const site = new SiteFooters(k);
  const b = buildFooter({ categories: ['yangxingwangzhan'], tags: ['央行网站新闻'], fileId: 'NW202206012400000001' }, site);
  assert.equal(b.sourceLine, '<p class="em_media">（文章来源：央行网站）</p>');
  assert.equal(b.shareUrl, 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202206012400000001', 'the category\'s share links all follow the file id');
  assert.equal(b.nav, `[返回央行网站新闻](${SITE}category/yangxingwangzhan.html)｜[返回首页](${SITE})`);
  assert.deepEqual(b.needs, []);
  const em = buildFooter({ categories: ['emnews'], tags: ['东财滚动新闻'], fileId: '202206012400000002' }, site);
  assert.equal(em.nav, NAV_FORMS.pipe);
  assert.equal(em.sourceLine, undefined, 'rolling news names no one source');
  assert.equal(em.shareUrl, 'http://finance.eastmoney.com/news/1354,202206012400000002.html');
  const fresh = buildFooter({ categories: ['xinhuashe'], tags: [], fileId: 'NW1' }, site);
  assert.deepEqual(fresh.needs, ['source', 'share'], 'a new category: its source and share link are asked');
  const chosen = buildFooter({ categories: ['xinhuashe'], tags: [], source: '新华社', share: 'http://example.com/a' }, site);
  assert.equal(chosen.nav, `[返回新华社新闻](${SITE}category/xinhuashe.html)｜[返回首页](${SITE})`);
  assert.equal(chosen.sourceLine, '<p class="em_media">（文章来源：新华社）</p>');
});

test('replace: a footer is replaced, never added twice; text between parts stays above; final newline kept', () => {
  const text = emPost({ nav: NAV_FORMS.parentRelative, end: '\n' });
  const f = footerOf(text);
  const next = replaceFooter(text, bodyOf(text), f, { shareUrl: f.share!.url, nav: NAV_FORMS.pipe });
  assert.equal(next, emPost({ end: '\n' }));
  assert.equal(footerOf(next).navs.length, 1);
  // a source line is added after the body's last </p>, on the same line
  const html = sourcePost({ body: '<p>第一段。</p><p>第二段。</p>' });
  const added = replaceFooter(html, bodyOf(html), footerOf(html), { sourceLine: '<p class="em_media">（文章来源：央行网站）</p>', shareUrl: '', nav: 'N' });
  assert.match(added, /<p>第二段。<\/p><p class="em_media">（文章来源：央行网站）<\/p>\n\n<>\n\nN$/);
  // a stray paragraph between share link and navigation line moves above the footer
  const stray = emPost({ nav: `附：相关阅读\n\n${NAV_FORMS.pipe}` });
  const moved = replaceFooter(stray, bodyOf(stray), footerOf(stray), { shareUrl: 'u', nav: 'N' });
  assert.match(moved, /（证券时报网）\n\n附：相关阅读\n\n<u>\n\nN$/);
  // CRLF posts get CRLF footers; one minimal edit reproduces the result
  const crlf = emPost({ share: null, nav: null, end: '\r\n' }).replace(/\n/g, '\r\n').replace(/\r\r/g, '\r');
  const crlfNext = replaceFooter(crlf, bodyOf(crlf), footerOf(crlf), { shareUrl: 'u', nav: 'N' }, '\r\n');
  assert.ok(crlfNext.endsWith('（证券时报网）\r\n\r\n<u>\r\n\r\nN\r\n'));
  const e = minimalEdit(crlf, crlfNext);
  assert.equal(crlf.slice(0, e.start) + e.newText + crlf.slice(e.end), crlfNext);
});

// ---------------------------------------------------------------- rules

/** Asserts a rule's diagnostic (warning, exact range) and that its first fix makes it go away. */
function ruleCase(text: string, name: string, code: string, range: string, opts: { posts?: Record<string, string>; extra?: Partial<FooterKnowledge>; fixed?: RegExp; noFix?: boolean; frontMatterFix?: boolean } = {}) {
  const { r } = checkIn(text, name, opts.posts, opts.extra);
  const d = find(r, code);
  assert.equal(d.severity, 'warning', code);
  assert.equal(text.slice(d.start, d.end), range, code);
  if (opts.noFix) {
    assert.equal(d.fixes, undefined, `${code}: no fix`);
    return d;
  }
  assert.ok(d.fixes?.length, `${code}: a fix`);
  const fixed = applyFix(text, d.fixes![0]);
  if (!opts.frontMatterFix) assert.equal(fixed.slice(0, bodyOf(text)), text.slice(0, bodyOf(text)), `${code}: the fix leaves the front matter alone`);
  else assert.equal(fixed.slice(bodyOf(fixed)), text.slice(bodyOf(text)), `${code}: the fix leaves the body alone`);
  if (opts.fixed) assert.match(fixed, opts.fixed, code);
  const again = checkIn(fixed, name, opts.posts, opts.extra).r;
  assert.ok(!codes(again).includes(code), `${code} is gone after the fix: ${JSON.stringify(again.diagnostics.map(x => x.message))}`);
  return d;
}

test('well-formed posts of the site get no footer diagnostics', () => {
  for (const [rel, text] of Object.entries(siteOfTen())) {
    const { r } = checkIn(text, rel.slice('_posts/'.length));
    assert.deepEqual(footerCodes(codes(r)), [], rel);
  }
});

test('without site knowledge a post without footer is fine, and only what the post says about itself is judged', () => {
  const plain = emPost({ share: null, nav: null });
  assert.deepEqual(footerCodes(codes(check(plain, '2021-12-08-202112082206712345.md'))), []);
  const wrongCat = sourcePost({ nav: NAV_FORMS.category });
  assert.deepEqual(footerCodes(codes(check(wrongCat, '2022-05-30-NW202205302396501234.md'))), ['footer-category-mismatch']);
});

test('footer-missing: no footer on a site whose posts have one; the fix adds share link and navigation line', () => {
  const text = sourcePost({ id: 'NW202206012400000001' }).replace(/\n\n<http[^\n]*\n\n[^\n]*$/, '');
  const d = ruleCase(text, '2022-06-01-NW202206012400000001.md', 'footer-missing', '<p>近日，人民银行发布公告称，将继续加大对实体经济的支持力度，保持流动性合理充裕。</p><p>业内人士表示，货币政策工具箱仍然充足。</p><p class="em_media">（文章来源：央行网站）</p>',
    { fixed: /<\/p>\n\n<http:\/\/finews\.zning\.xyz\/html_News\/NewsShare\.html\?infoCode=NW202206012400000001>\n\n\[返回央行网站新闻\]\(\/\/finews\.withounder\.com\/category\/yangxingwangzhan\.html\)｜\[返回首页\]\(\/\/finews\.withounder\.com\/\)$/ });
  // the source line is there: incomplete, not missing
  assert.match(d.message, /^Footer incomplete: the source line is there, but no share link and no navigation line\. The post should end with <http/);
  // nothing of a footer at all
  const bare = text.replace(/<p class="em_media">[^<]*<\/p>/, '');
  const none = checkIn(bare, '2022-06-01-NW202206012400000001.md').r.diagnostics.find(x => x.code === 'footer-missing')!;
  assert.match(none.message, /^No attribution footer \(10 of the site's 10 other posts have one\)/);
});

test('footer-missing: a share link without the navigation line', () => {
  const text = emPost({ nav: null, id: '202112082206799999' });
  ruleCase(text, '2021-12-08-202112082206799999.md', 'footer-missing', '<http://finance.eastmoney.com/news/1354,202112082206799999.html>',
    { fixed: /1354,202112082206799999\.html>\n\n\[返回东财滚动新闻\]\(\/\/finews\.withounder\.com\/emnews\/\)｜\[返回首页\]\(\/\/finews\.withounder\.com\/\)$/ });
});

test('footer-duplicate: a second navigation line; the fix deletes the first copy', () => {
  const text = emPost({ nav: `${NAV_FORMS.pipe}\n\n${NAV_FORMS.pipe}` });
  // (two identical lines separated by a blank line are two navigation lines)
  ruleCase(text, '2021-12-08-202112082206712345.md', 'footer-duplicate', NAV_FORMS.pipe, { fixed: /（证券时报网）\n\n<http[^\n]*>\n\n\[返回东财滚动新闻\][^\n]*$/ });
  const twoSources = sourcePost({ body: '<p>正文一段。</p><p class="em_media">（文章来源：央行网站）</p><p class="em_media">（文章来源：央行网站）</p>' });
  ruleCase(twoSources, '2022-05-30-NW202205302396501234.md', 'footer-duplicate', '<p class="em_media">（文章来源：央行网站）</p>', { fixed: /<p>正文一段。<\/p><p class="em_media">（文章来源：央行网站）<\/p>\n/ });
});

test('footer-not-last: text after the navigation line; the fix moves the footer to the end', () => {
  const text = emPost({ end: '\n\n编辑：张三' });
  ruleCase(text, '2021-12-08-202112082206712345.md', 'footer-not-last', '编辑：张三', { fixed: /（证券时报网）\n\n编辑：张三\n\n<http[^\n]*>\n\n\[返回东财滚动新闻\][^\n]*$/ });
  const swapped = emPost({ share: NAV_FORMS.pipe, nav: '<http://finance.eastmoney.com/news/1354,202112082206712345.html>' });
  ruleCase(swapped, '2021-12-08-202112082206712345.md', 'footer-not-last', NAV_FORMS.pipe, { fixed: /<http[^\n]*>\n\n\[返回东财滚动新闻\][^\n]*$/ });
});

test('footer-share-empty: `<>`; filled from the file id when the category\'s links follow it, else no fix', () => {
  const text = sourcePost({ id: 'NW202206012400000007', share: '<>' });
  ruleCase(text, '2022-06-01-NW202206012400000007.md', 'footer-share-empty', '<>', { fixed: /\n<http:\/\/finews\.zning\.xyz\/html_News\/NewsShare\.html\?infoCode=NW202206012400000007>\n/ });
  const em = emPost({ share: '<>' });
  // the rolling news' links follow the id too (every one of the six uses column 1354)
  ruleCase(em, '2021-12-08-202112082206712345.md', 'footer-share-empty', '<>', { fixed: /1354,202112082206712345\.html>/ });
  const alone = check(em, '2021-12-08-202112082206712345.md');
  assert.equal(find(alone, 'footer-share-empty').fixes, undefined, 'without knowledge nothing is invented');
});

test('footer-source-form: half-width brackets or colon normalised to the site\'s majority', () => {
  for (const [inner] of SOURCE_FORMS.slice(1, 4)) {
    const text = sourcePost({ sourceInner: inner.replace('财联社', '央行网站') });
    ruleCase(text, '2022-05-30-NW202205302396501234.md', 'footer-source-form', inner.replace('财联社', '央行网站'), { fixed: /<p class="em_media">（文章来源：央行网站）<\/p>/ });
  }
  // a keytip span in the name survives the fix
  const keytip = sourcePost({ slug: 'shanghaizhengquanbao', source: '上海证券报', sourceInner: KEYTIP_SOURCE.replace('（', '(').replace('：', ':').replace('）', ')') });
  ruleCase(keytip, '2022-05-30-NW202205302396501234.md', 'footer-source-form', KEYTIP_SOURCE.replace('（', '(').replace('：', ':').replace('）', ')'), { fixed: /（文章来源：上海<span id="bk_90\.BK0473">/ });
});

test('footer-source-form: the majority is the site\'s, whichever it is', () => {
  const posts: Record<string, string> = {};
  for (let i = 0; i < 4; i++) posts[`_posts/2022-05-30-NW20220530239650000${i}.md`] = sourcePost({ id: `NW20220530239650000${i}`, sourceInner: '(文章来源:央行网站)' });
  const { r } = checkIn(sourcePost(), '2022-05-30-NW202205302396501234.md', posts);
  assert.match(find(r, 'footer-source-form').message, /the site writes \(文章来源:…\)/);
});

test('footer-nav-form: relative links and the old domain, rewritten to the site URL', () => {
  ruleCase(emPost({ nav: NAV_FORMS.parentRelative }), '2021-12-08-202112082206712345.md', 'footer-nav-form', NAV_FORMS.parentRelative, { fixed: /\n\[返回东财滚动新闻\]\(\/\/finews\.withounder\.com\/emnews\/\)｜\[返回首页\]\(\/\/finews\.withounder\.com\/\)$/ });
  const d = ruleCase(emPost({ nav: NAV_FORMS.oldDomain }), '2021-12-08-202112082206712345.md', 'footer-nav-form', NAV_FORMS.oldDomain, { fixed: /｜\[返回首页\]\(\/\/finews\.withounder\.com\/\)$/ });
  assert.match(d.message, /links to \/\/finews\.zning\.me\/, the site's other posts use \/\/finews\.withounder\.com\//);
  // two lines with the right URL are a matter of taste: not reported
  const { r } = checkIn(emPost({ nav: NAV_FORMS.twoLines }), '2021-12-08-202112082206712345.md');
  assert.ok(!codes(r).includes('footer-nav-form'));
});

test('footer-category-mismatch, footer-tag-mismatch, footer-source-mismatch: the footer disagrees with the front matter', () => {
  const name = '2022-05-30-NW202205302396501234.md';
  ruleCase(sourcePost({ nav: NAV_FORMS.category }), name, 'footer-category-mismatch', `[返回财联社新闻](${SITE}category/cailianshe.html)`,
    { fixed: new RegExp(`\\[返回央行网站新闻\\]\\(${SITE}category/yangxingwangzhan\\.html\\)｜`) });
  const tag = ruleCase(sourcePost({ nav: `[返回央行新闻](${SITE}category/yangxingwangzhan.html)｜[返回首页](${SITE})` }), name, 'footer-tag-mismatch', '返回央行新闻', { fixed: /\[返回央行网站新闻\]/ });
  assert.match(tag.message, /tag is “央行网站新闻”/);
  const src = ruleCase(sourcePost({ sourceInner: '（文章来源：财联社）' }), name, 'footer-source-mismatch', '财联社', { fixed: /（文章来源：央行网站）/ });
  assert.match(src.message, /category 'yangxingwangzhan' is 央行网站's \(2 other posts\)/);
  assert.ok(!src.fixes![0].preferred, 'the category may be what is wrong: not the preferred fix');
  // without knowledge, the post's own tag and link tell the source
  const alone = check(sourcePost({ sourceInner: '（文章来源：财联社）' }), name);
  assert.match(find(alone, 'footer-source-mismatch').message, /its tag and footer link say 央行网站新闻/);
  // rolling news names many sources: none is wrong
  const em = emPost({ digest: '<p>正文。</p><p class="em_media">（文章来源：上海证券报）</p>' });
  assert.deepEqual(footerCodes(codes(checkIn(em, '2021-12-08-202112082206712345.md').r)), []);
});

test('category-unknown: a category the site never used, with did-you-mean; pages and settings count as used', () => {
  const text = sourcePost({ slug: 'cailianshee', source: '财联社' });
  const d = ruleCase(text, '2022-05-31-NW202205312398000009.md', 'category-unknown', 'cailianshee', { frontMatterFix: true });
  assert.match(d.message, /Did you mean 'cailianshe'\?/);
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /\ncategories: cailianshe\n/, 'the fix is the category itself');
  const page = checkIn(text, '2022-05-31-NW202205312398000009.md', siteOfTen(), { categoryPages: new Map([['cailianshee', 'Cailianshee']]) }).r;
  assert.ok(!codes(page).includes('category-unknown'));
  const setting = checkIn(text, '2022-05-31-NW202205312398000009.md', siteOfTen(), { settings: { sources: [{ category: 'cailianshee', source: '财联社' }] } }).r;
  assert.ok(!codes(setting).includes('category-unknown'));
  // a list item is pointed at exactly
  const list = text.replace('categories: cailianshee', 'categories: [emnews, cailianshee]');
  const li = find(checkIn(list, '2022-05-31-NW202205312398000009.md').r, 'category-unknown');
  assert.equal(list.slice(li.start, li.end), 'cailianshee');
  // a small site (under five other posts) is not judged
  const small = checkIn(text, '2022-05-31-NW202205312398000009.md', { '_posts/2021-12-08-202112082206712340.md': emPost() }).r;
  assert.ok(!codes(small).includes('category-unknown'));
});

test('settings: newsPost.footer.* read from a settings file, flat or nested', () => {
  const s = footerSettingsOf(parseJsonc(`{
    // the site's footers
    "newsPost.footer.siteUrl": "//finews.withounder.com/",
    "newsPost.footer.sources": [{"category": "yangxingwangzhan", "source": "央行网站", "tag": "央行网站新闻"}, {"category": 1}],
  }`) as Record<string, unknown>);
  assert.deepEqual(s, { siteUrl: '//finews.withounder.com/', sources: [{ category: 'yangxingwangzhan', source: '央行网站', tag: '央行网站新闻' }] });
  assert.deepEqual(footerSettingsOf({ newsPost: { footer: { shareLinkBase: 'http://h/s?id={id}' } } }), { shareLinkBase: 'http://h/s?id={id}' });
});

// ---------------------------------------------------------------- .html posts: HTML links, not Markdown

test('.html posts: the footer is written with HTML links; the parser reads them back', () => {
  const { k } = knowledge(siteOfTen());
  const md = emPost({ id: '202112082206719999', share: null, nav: null });
  const built = buildFooter({ categories: ['emnews'], tags: ['东财滚动新闻'], fileId: '202112082206719999' }, new SiteFooters(k));
  const html = replaceFooter(md, bodyOf(md), footerOf(md), { shareUrl: 'http://finance.eastmoney.com/news/1354,202112082206719999.html', nav: built.nav }, '\n', 'html');
  assert.ok(html.endsWith('\n\n<p><a href="http://finance.eastmoney.com/news/1354,202112082206719999.html">http://finance.eastmoney.com/news/1354,202112082206719999.html</a></p>\n\n'
    + `<p><a href="${SITE}emnews/">返回东财滚动新闻</a>｜<a href="${SITE}">返回首页</a></p>`), html.slice(-300));
  assert.doesNotMatch(html.slice(bodyOf(html)), /\]\(|<http/);
  const f = footerOf(html);
  assert.equal(f.share!.html, true);
  assert.equal(f.share!.url, 'http://finance.eastmoney.com/news/1354,202112082206719999.html');
  assert.equal(f.nav!.html, true);
  assert.equal(f.nav!.slug, 'emnews');
  assert.equal(f.nav!.categoryLabel, '东财滚动新闻');
  assert.equal(f.nav!.separator, '｜');
  assert.equal(html.slice(f.nav!.category!.textStart, f.nav!.category!.textEnd), '返回东财滚动新闻');
  // replacing it again gives the same text (one footer, not a second)
  assert.equal(replaceFooter(html, bodyOf(html), f, { shareUrl: f.share!.url, nav: built.nav }, '\n', 'html'), html);
  // the same footer, checked in an .html post of the site: nothing to say
  const { r } = checkIn(html, '2021-12-08-202112082206719999.html');
  assert.deepEqual(footerCodes(codes(r)), []);
  // an ampersand in a URL is escaped in the attribute and read back decoded
  const amp = md + '\n\n<p><a href="http://x.example/a?b=1&amp;c=2">http://x.example/a?b=1&amp;c=2</a></p>';
  assert.equal(footerOf(amp).share!.url, 'http://x.example/a?b=1&c=2');
});

test('footer-markdown-in-html: a Markdown footer in an .html post, converted by the fix; .md posts keep Markdown', () => {
  const text = emPost({ id: '202112082206719998' });
  const { r } = checkIn(text, '2021-12-08-202112082206719998.html');
  const ds = r.diagnostics.filter(d => d.code === 'footer-markdown-in-html');
  assert.equal(ds.length, 2, JSON.stringify(codes(r)));
  assert.equal(ds[0].severity, 'warning');
  assert.equal(text.slice(ds[0].start, ds[0].end), '<http://finance.eastmoney.com/news/1354,202112082206719998.html>');
  assert.match(ds[0].message, /Jekyll converts no Markdown here/);
  assert.equal(text.slice(ds[1].start, ds[1].end), `[返回东财滚动新闻](${SITE}emnews/)｜[返回首页](${SITE})`);
  const fixed = applyFix(text, ds[0].fixes![0]);
  assert.equal(ds[0].fixes![0].preferred, true);
  assert.ok(fixed.endsWith('<p><a href="http://finance.eastmoney.com/news/1354,202112082206719998.html">http://finance.eastmoney.com/news/1354,202112082206719998.html</a></p>\n\n'
    + `<p><a href="${SITE}emnews/">返回东财滚动新闻</a>｜<a href="${SITE}">返回首页</a></p>`), fixed.slice(-250));
  assert.deepEqual(footerCodes(codes(checkIn(fixed, '2021-12-08-202112082206719998.html').r)), []);
  // the same post as .md: fine
  assert.deepEqual(footerCodes(codes(checkIn(text, '2021-12-08-202112082206719998.md').r)), []);
  // a missing footer in an .html post: the fix writes HTML
  const bare = emPost({ id: '202112082206719997', share: null, nav: null });
  const miss = find(checkIn(bare, '2021-12-08-202112082206719997.html').r, 'footer-missing');
  const added = applyFix(bare, miss.fixes![0]);
  assert.match(added, /<p><a href="[^"]*emnews\/">返回东财滚动新闻<\/a>｜<a href="[^"]*">返回首页<\/a><\/p>$/);
  assert.doesNotMatch(added, /\]\(/);
});
