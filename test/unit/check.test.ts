// The checker's rules, one by one: code, severity, the exact range, and the quick fix applied and re-checked.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, codes, find, applyFix, post, site, GOOD_FM } from './helpers';
import { emptyVocabulary, addPostToVocabulary, postFactsOf } from '../../src/core/vocabulary';

test('a well-formed post has no diagnostics and is built as written', () => {
  const r = check(post(GOOD_FM));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.jekyll, {
    fate: 'built', frontMatter: 'read', date: '2022-05-31 09:15:00 +0800', layout: 'post',
    title: '央行开展100亿元逆回购操作', categories: ['emnews'], tags: ['东财滚动新闻'], url: '/emnews/2022/05/31/post.html',
  });
});

test('date with no offset: warning on the value, the time the site will show, fix adds +0800', () => {
  const text = post(GOOD_FM.replace('2022-05-31 09:15:00 +0800', '2022-05-31 09:15:00'));
  const r = check(text);
  const d = find(r, 'date-no-offset');
  assert.equal(d.severity, 'warning');
  assert.equal(text.slice(d.start, d.end), '2022-05-31 09:15:00');
  assert.match(d.message, /site shows 2022-05-31 17:15:00 \+0800 \(Asia\/Shanghai\), 8 hours later than written/);
  assert.equal(r.jekyll.date, '2022-05-31 17:15:00 +0800');
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /date: 2022-05-31 09:15:00 \+0800\n/);
  assert.deepEqual(codes(check(fixed)), []);
});

test('a late-evening date with no offset moves to the next day (URL too)', () => {
  const r = check(post(GOOD_FM.replace('2022-05-31 09:15:00 +0800', '2022-05-31 20:00:00')));
  assert.match(find(r, 'date-no-offset').message, /on another day \(URL \/2022\/06\/01\/…\)/);
});

test('quoted dates and dates without seconds are read in the site zone: no warning', () => {
  for (const v of ['"2022-05-31 09:15:00"', '2022-05-31 09:15', '2022-05-31']) {
    const r = check(post(GOOD_FM.replace('2022-05-31 09:15:00 +0800', v)));
    assert.deepEqual(codes(r), [], v);
  }
});

test('an empty datetime (`date:  +0800`) aborts the build with Jekyll\'s words', () => {
  const text = post(GOOD_FM.replace('date: 2022-05-31 09:15:00 +0800', 'date:  +0800'));
  const r = check(text);
  const d = find(r, 'date-invalid');
  assert.equal(d.severity, 'error');
  assert.equal(text.slice(d.start, d.end), '+0800');
  assert.match(d.message, /Invalid date '\+0800': Document '_posts\/2022-05-31-post.md' does not have a valid date in the YAML front matter\./);
  assert.equal(r.jekyll.fate, 'abort');
  // the fix takes the file name's date
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /date: +2022-05-31 00:00:00 \+0800\n/);
  assert.equal(check(fixed).jekyll.fate, 'built');
});

test('impossible dates: day 32 aborts, Feb 31 rolls over (warning), month 13 aborts', () => {
  assert.equal(find(check(post(GOOD_FM.replace('2022-05-31 09:15:00', '2022-02-32 09:15:00'))), 'date-invalid').severity, 'error');
  assert.equal(check(post(GOOD_FM.replace('2022-05-31 09:15:00', '2022-13-01 09:15:00'))).jekyll.fate, 'abort');
  const r = check(post(GOOD_FM.replace('2022-05-31 09:15:00 +0800', '2022-02-31 09:15:00 +0800')), '2022-02-31-post.md');
  assert.match(find(r, 'date-rolled-over').message, /'2022-02-31 09:15:00 \+0800' does not exist as written: Ruby carries it over and the site shows 2022-03-03 09:15:00 \+0800/);
});

test('CST is read by Ruby as US Central time', () => {
  const r = check(post(GOOD_FM.replace('+0800', 'CST')));
  const d = find(r, 'date-named-zone');
  assert.match(d.message, /UTC-6/);
  assert.equal(r.jekyll.date, '2022-05-31 23:15:00 +0800');
});

test('the file name: no date is an error (skipped), an impossible one aborts without a front-matter date', () => {
  const r = check(post(GOOD_FM), '-202205312398034850.md');
  const d = find(r, 'filename-no-date');
  assert.equal(d.severity, 'error');
  assert.equal(r.jekyll.fate, 'skipped');
  assert.deepEqual(d.fixes![0].renameTo, '2022-05-31-202205312398034850.md');
  const noDate = post(GOOD_FM.replace(/date: .*\n/, ''));
  const bad = check(noDate, '2022-13-01-x.md');
  assert.equal(find(bad, 'filename-date-invalid').severity, 'error');
  assert.equal(bad.jekyll.fate, 'abort');
  assert.equal(bad.jekyll.abortMessage, "Invalid date '2022-13-01': Document '_posts/2022-13-01-x.md' does not have a valid date in the filename.");
  // with a front-matter date the file name's date is never parsed
  assert.equal(check(post(GOOD_FM), '2022-13-01-x.md').jekyll.fate, 'built');
  assert.equal(check(noDate, '2022-05-30-x.md').jekyll.date, '2022-05-30 00:00:00 +0800');
});

test('file-name date differing from the front matter: warning with a rename', () => {
  const r = check(post(GOOD_FM), '2022-05-30-post.md');
  const d = find(r, 'filename-date-mismatch');
  assert.equal(d.fixes![0].renameTo, '2022-05-31-post.md');
});

test('a blank line before --- : front matter not read, fix removes it', () => {
  const text = '\n' + post(GOOD_FM);
  const r = check(text);
  const d = find(r, 'frontmatter-not-at-start');
  assert.equal(d.severity, 'error');
  assert.deepEqual([d.start, d.end], [0, 1]);
  assert.equal(r.jekyll.frontMatter, 'none');
  assert.equal(r.jekyll.title, 'Post');
  assert.equal(r.jekyll.date, '2022-05-31 00:00:00 +0800');
  assert.deepEqual(codes(check(applyFix(text, d.fixes![0]))), []);
});

test('front matter never closed; no front matter at all', () => {
  assert.equal(find(check('---\nlayout: post\ntitle: x\n\nbody\n'), 'frontmatter-unclosed').severity, 'error');
  assert.equal(find(check('just a body\n'), 'frontmatter-missing').severity, 'error');
});

test('an unescaped quote in the title: YAML error, front matter ignored, fix escapes it', () => {
  const text = post(GOOD_FM.replace('"央行开展100亿元逆回购操作"', '"他说"不行"了"'));
  const r = check(text);
  const d = find(r, 'yaml-syntax');
  assert.equal(d.severity, 'error');
  assert.equal(r.jekyll.frontMatter, 'ignored');
  assert.equal(r.jekyll.date, 'build-time');
  assert.equal(r.jekyll.title, null);
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /title: "他说\\"不行\\"了"\n/);
  const again = check(fixed);
  assert.deepEqual(codes(again), []);
  assert.equal(again.jekyll.title, '他说"不行"了');
});

test('strict_front_matter makes a YAML error abort the build', () => {
  const r = check(post('title: "a"b"\n'), undefined, site('timezone: Asia/Shanghai\nstrict_front_matter: true\n'));
  assert.equal(r.jekyll.fate, 'abort');
});

test('duplicate keys (last wins), tabs, BOM', () => {
  const dup = post(GOOD_FM + 'title: 第二个标题\n');
  const r = check(dup);
  const d = find(r, 'yaml-duplicate-key');
  assert.equal(dup.slice(d.start, d.end), 'title');
  assert.equal(r.jekyll.title, '第二个标题');
  assert.deepEqual(codes(check(applyFix(dup, d.fixes![0]))), []);
  const tab = post(GOOD_FM.replace('tags: ', 'tags:\t'));
  assert.deepEqual(codes(check(tab)), ['yaml-tab']);
  const bom = '\ufeff' + post(GOOD_FM);
  const b = check(bom);
  assert.deepEqual(codes(b), ['bom']);
  assert.equal(b.jekyll.frontMatter, 'read');
  assert.equal(applyFix(bom, find(b, 'bom').fixes![0]), post(GOOD_FM));
});

test('CRLF line endings are read like LF', () => {
  const r = check(post(GOOD_FM).replace(/\n/g, '\r\n'));
  assert.deepEqual(codes(r), []);
  assert.equal(r.jekyll.title, '央行开展100亿元逆回购操作');
});

test('categories with spaces split (a slip only where the site knows the whole name); commas stay in names; full-width comma is not a separator', () => {
  const text = post(GOOD_FM.replace('categories: emnews', 'categories: 21shijijingjibaodao 21caijingAPP'));
  // Jekyll's documented form: two categories, as the site may well mean
  assert.equal(codes(check(text)).includes('categories-split'), false);
  // another post lists the whole string as one category: this one is a slip
  const vocabulary = emptyVocabulary();
  addPostToVocabulary(vocabulary, postFactsOf(post(GOOD_FM.replace('categories: emnews', 'categories: ["21shijijingjibaodao 21caijingAPP"]')), '_posts/2022-05-30-b.md'));
  const r = check(text, undefined, undefined, { footer: { vocabulary } });
  const d = find(r, 'categories-split');
  assert.equal(text.slice(d.start, d.end), '21shijijingjibaodao 21caijingAPP');
  assert.deepEqual(r.jekyll.categories, ['21shijijingjibaodao', '21caijingAPP']);
  assert.match(d.message, /URL \/21shijijingjibaodao\/21caijingapp\//);
  assert.equal(applyFix(text, d.fixes![0]).includes('categories: [21shijijingjibaodao, 21caijingAPP]'), true);
  assert.equal(applyFix(text, d.fixes![1]).includes('categories: ["21shijijingjibaodao 21caijingAPP"]'), true);
  const comma = check(post(GOOD_FM.replace('tags: 东财滚动新闻', 'tags: 央行, 逆回购')));
  assert.deepEqual(comma.jekyll.tags, ['央行,', '逆回购']);
  assert.ok(codes(comma).includes('tags-comma'));
  const fw = check(post(GOOD_FM.replace('tags: 东财滚动新闻', 'tags: 央行，逆回购')));
  assert.deepEqual(fw.jekyll.tags, ['央行，逆回购']);
  assert.ok(codes(fw).includes('tags-fullwidth-comma'));
});

test('category vs categories, tag vs tags, tags dropped', () => {
  const both = check(post(GOOD_FM + 'category: cailianshe\n'));
  assert.ok(codes(both).includes('category-and-categories'));
  assert.deepEqual(both.jekyll.categories, ['emnews', 'cailianshe']);
  const single = check(post(GOOD_FM.replace('categories: emnews', 'category: a b')));
  assert.ok(codes(single).includes('category-not-split'));
  assert.deepEqual(single.jekyll.categories, ['a b']);
  const tag = check(post(GOOD_FM + 'tag: 财联社新闻\n'));
  assert.ok(codes(tag).includes('tag-and-tags'));
  assert.deepEqual(tag.jekyll.tags, ['财联社新闻']);
  const num = check(post(GOOD_FM.replace('tags: 东财滚动新闻', 'tags: 2022')));
  assert.ok(codes(num).includes('tags-dropped'));
  assert.deepEqual(num.jekyll.tags, []);
});

test('layout missing or unknown (did-you-mean), title missing or empty', () => {
  const unknown = post(GOOD_FM.replace('layout: post', 'layout: psot'));
  const r = check(unknown);
  const d = find(r, 'layout-unknown');
  assert.match(d.message, /Did you mean 'post'\?/);
  assert.deepEqual(codes(check(applyFix(unknown, d.fixes![0]))), []);
  const missing = post(GOOD_FM.replace('layout: post\n', ''));
  const m = find(check(missing), 'layout-missing');
  assert.deepEqual(codes(check(applyFix(missing, m.fixes![0]))), []);
  assert.deepEqual(codes(check(post(GOOD_FM.replace('layout: post\n', '')), undefined, site('defaults:\n  - scope: {path: "", type: posts}\n    values: {layout: post}\n'))), []);
  assert.ok(codes(check(post(GOOD_FM.replace(/title: .*\n/, '')))).includes('title-missing'));
  assert.ok(codes(check(post(GOOD_FM.replace(/title: .*\n/, 'title: ""\n')))).includes('title-empty'));
});

test('published: false is info; published: "false" is a warning (it is published)', () => {
  const un = check(post(GOOD_FM + 'published: false\n'));
  assert.equal(find(un, 'unpublished').severity, 'info');
  assert.equal(un.jekyll.fate, 'unpublished');
  const str = post(GOOD_FM + 'published: "false"\n');
  const s = check(str);
  assert.equal(s.jekyll.fate, 'built');
  const d = find(s, 'published-not-boolean');
  assert.equal(check(applyFix(str, d.fixes![0])).jekyll.fate, 'unpublished');
});

test('a future date is info unless future: true', () => {
  const text = post(GOOD_FM.replace('2022-05-31', '2099-05-31'));
  const r = check(text, '2099-05-31-post.md');
  assert.equal(find(r, 'future-date').severity, 'info');
  assert.equal(r.jekyll.fate, 'future');
  assert.equal(check(text, '2099-05-31-post.md', site('timezone: Asia/Shanghai\nfuture: true\n')).jekyll.fate, 'built');
});

test('Liquid: what resolves is quiet, what renders nothing warns, an unknown tag or an unclosed block aborts, render_with_liquid: false silences', () => {
  assert.deepEqual(codes(check(post(GOOD_FM, '\n标题是 {{ page.title }}，{{ site.timezone | upcase }}。\n'))), []);
  const w = find(check(post(GOOD_FM, '\n涨幅 {{ 涨幅 }}，{{ page.nothing }}。\n')), 'liquid-in-body');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /涨幅/);
  assert.deepEqual(codes(check(post(GOOD_FM + 'render_with_liquid: false\n', '\n涨幅 {{ 涨幅 }}。\n'))), []);
  const filter = find(check(post(GOOD_FM, '\n{{ page.title | nosuchfilter }}\n')), 'liquid-unknown-filter');
  assert.match(filter.message, /nosuchfilter/);
  const bad = post(GOOD_FM, '\n{% foo %}\n');
  const e = find(check(bad), 'liquid-error');
  assert.match(e.message, /Unknown tag 'foo'/);
  assert.equal(check(bad).jekyll.fate, 'abort');
  assert.match(find(check(post(GOOD_FM, '\n{% if x %}没有结束\n')), 'liquid-error').message, /'if' tag was never closed/);
  assert.match(find(check(post(GOOD_FM, '\n{{ 未结束\n')), 'liquid-error').message, /Variable '\{\{' was not properly terminated with regexp/);
  const fixed = applyFix(bad, find(check(bad), 'liquid-error').fixes![0]);
  assert.deepEqual(codes(check(fixed)), []);
  assert.deepEqual(codes(check(post(GOOD_FM, '\n{% raw %}{{ x }} {% foo %}{% endraw %}\n'))), []);
  // {% seo %} exists where jekyll-seo-tag is loaded (named in plugins:, or brought by a theme); elsewhere Jekyll 4 aborts on it
  const seo = post(GOOD_FM, '\n{% if a %}x{% else %}y{% endif %}{% seo %}\n');
  assert.deepEqual(codes(check(seo, undefined, site('timezone: Asia/Shanghai\nplugins: [jekyll-seo-tag]\n'))), []);
  assert.deepEqual(codes(check(seo, undefined, site('timezone: Asia/Shanghai\ntheme: minima\n'))), []);
  assert.match(find(check(seo), 'liquid-error').message, /Unknown tag 'seo'/);
});

test('binary and non-UTF-8 files are reported, never thrown', () => {
  assert.deepEqual(codes(check('\0\0\x01PNG')), ['file-binary']);
  const r = check('---\ntitle: x\n---\n', undefined, undefined);
  assert.equal(r.jekyll.fate, 'built');
  const huge = post(GOOD_FM, '\n' + '正文。'.repeat(3_000_000) + '{% foo %}');
  const h = check(huge, undefined, undefined, { maxBodyLength: 1024 * 1024 });
  assert.deepEqual(codes(h), ['file-too-large']);
});

test('severity overrides and disabled rules', () => {
  const text = post(GOOD_FM.replace(' +0800', ''));
  assert.equal(find(check(text, undefined, undefined, { severity: { 'date-no-offset': 'error' } }), 'date-no-offset').severity, 'error');
  assert.deepEqual(codes(check(text, undefined, undefined, { disabled: ['date-no-offset'] })), []);
  assert.deepEqual(codes(check(text, undefined, undefined, { severity: { 'date-no-offset': 'off' } })), []);
});

test('date-no-offset: the Normalize fix is offered only when it writes something else than adding the offset', () => {
  const fixesOf = (date: string) => check(`---\nlayout: post\ntitle: "快讯"\ndate: ${date}\n---\n正文\n`, '2022-05-31-post.md').diagnostics.find(d => d.code === 'date-no-offset')!.fixes!.map(f => f.title);
  assert.deepEqual(fixesOf('2022-05-31 15:30:12'), ["Add the site's UTC offset (+0800)"]);
  assert.deepEqual(fixesOf('2022-5-31 9:30:12'), ["Add the site's UTC offset (+0800)", 'Normalize to 2022-05-31 09:30:12 +0800']);
});
