// Footers of the real site (../shared/corpus/finews; skipped when absent): every form REPORT.md (c) lists is
// read, the builder rebuilds the real footers from what the other posts teach, and every quick fix is sound.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseFooter, Footer } from '../../src/core/footer';
import { splitFrontMatter } from '../../src/core/frontmatter';
import { postFactsOf, PostFacts, emptyVocabulary, addPostToVocabulary, fileIdOf } from '../../src/core/vocabulary';
import { SiteFooters, buildFooter, FooterKnowledge } from '../../src/core/footerKnowledge';
import { readCategoryPages } from '../../src/core/footerSite';
import { checkPost } from '../../src/core/check';
import { loadSite } from '../../src/core/site';
import { corpusDir, NOW, applyFix } from './helpers';

const present = fs.existsSync(path.join(corpusDir, '_config.yml'));
const skip = !present && 'corpus not present (../shared/corpus/finews)';

interface Post { name: string; rel: string; text: string; footer: Footer; facts: PostFacts }

function load(): Post[] {
  const out: Post[] = [];
  for (const folder of ['_posts', 'old_post']) {
    for (const name of fs.readdirSync(path.join(corpusDir, folder)).sort()) {
      const text = fs.readFileSync(path.join(corpusDir, folder, name), 'utf8');
      const split = splitFrontMatter(text);
      // old_post/ is read as if it were _posts/ (same generator, older versions)
      const rel = `_posts/${name}`;
      out.push({ name: `${folder}/${name}`, rel, text, footer: parseFooter(text, split.kind === 'ok' ? split.bodyStart : 0), facts: postFactsOf(text, rel) });
    }
  }
  return out;
}

test('corpus: every footer form of REPORT.md (c) is read', { skip }, () => {
  const posts = load();
  assert.ok(posts.length >= 130);
  const navLines = (t: string) => t.split('\n').filter(l => l.startsWith('[返回')).length;
  for (const p of posts) {
    // every em_media paragraph, `<…>` line and 返回 line is found
    assert.equal(p.footer.sources.length, p.text.split('class="em_media"').length - 1, p.name);
    assert.equal(p.footer.shares.length, p.text.split('\n').filter(l => /^<(?:https?:\/\/\S*)?>$/.test(l)).length, p.name);
    assert.equal(p.footer.navs.reduce((n, nav) => n + (nav.separator === '\n' ? 2 : 1), 0), navLines(p.text), p.name);
    // the keytip span that breaks a source name (4 posts) is read through
    if (p.footer.source) assert.doesNotMatch(p.footer.source.name, /[<>]/, p.name);
  }
  const empty = posts.filter(p => p.footer.share?.url === '').map(p => p.name);
  assert.deepEqual(empty, ['_posts/-202205262391921712.md', '_posts/2021-12-08-202112082206870651.md']);
  assert.ok(posts.some(p => p.footer.source && /<span/.test(p.text.slice(p.footer.source.nameStart, p.footer.source.nameEnd))), 'a keytip-broken source name');
  // the forms of the table: one line with ｜, two lines (relative ../ and ./, old domain, new domain), category links
  const forms = new Set(posts.filter(p => p.footer.nav).map(p => `${p.footer.nav!.separator === '\n' ? 'two' : 'one'}:${p.footer.nav!.siteUrl ?? p.footer.nav!.home?.url}:${/category\//.test(p.footer.nav!.category?.url ?? '') ? 'category' : 'folder'}`));
  for (const f of ['one://finews.withounder.com/:folder', 'one://finews.withounder.com/:category', 'two:../:folder', 'two:./:folder', 'two://finews.zning.me/:folder', 'two://finews.withounder.com/:folder']) {
    assert.ok(forms.has(f), `${f} in ${[...forms].join(', ')}`);
  }
  // REPORT: in per-source posts the category, the tag, the link text, the link URL and the source all agree
  const perSource = posts.filter(p => /NW\d+\.md$/.test(p.name));
  assert.ok(perSource.length >= 9, `${perSource.length} per-source posts`);
  for (const p of perSource) {
    const { nav, source } = p.footer;
    assert.deepEqual([nav!.slug, nav!.categoryLabel, source!.name + '新闻'], [p.facts.categories[0], p.facts.tags[0], p.facts.tags[0]], p.name);
  }
});

test('corpus: the builder rebuilds the real navigation lines and share links from the other posts', { skip }, () => {
  const posts = load();
  const vocabulary = emptyVocabulary();
  for (const p of posts) addPostToVocabulary(vocabulary, p.facts);
  const pages = readCategoryPages(corpusDir);
  let navs = 0;
  let shares = 0;
  for (const p of posts) {
    const nav = p.footer.nav;
    if (!nav || nav.separator !== '｜') continue;
    const site = new SiteFooters({ vocabulary, categoryPages: pages, self: p.facts });
    const built = buildFooter({ categories: p.facts.categories, tags: p.facts.tags, fileId: fileIdOf(p.rel) }, site);
    assert.equal(built.nav, p.text.slice(nav.start, nav.end), p.name);
    navs++;
    const derived = site.shareLinkFor(p.facts.categories, fileIdOf(p.rel));
    if (derived && p.footer.share?.url) {
      assert.equal(derived, p.footer.share.url, p.name);
      shares++;
    }
  }
  console.log(`rebuilt ${navs} navigation lines, ${shares} share links`);
  assert.ok(navs >= 60, `${navs} navigation lines rebuilt`);
  assert.ok(shares >= 2, `${shares} share links rebuilt from the file id`);
});

test('corpus: every footer fix on the real posts removes its problem and leaves the front matter alone', { skip }, () => {
  const posts = load();
  const vocabulary = emptyVocabulary();
  for (const p of posts) addPostToVocabulary(vocabulary, p.facts);
  const site = loadSite(corpusDir);
  const k: FooterKnowledge = { vocabulary, categoryPages: readCategoryPages(corpusDir) };
  const run = (p: Post, text: string) => checkPost({ text, path: path.join(corpusDir, p.rel), site }, { now: NOW, footer: { ...k, self: p.facts } });
  const seen = new Map<string, number>();
  for (const p of posts) {
    for (const d of run(p, p.text).diagnostics) {
      if (!d.code.startsWith('footer-') && d.code !== 'category-unknown') continue;
      seen.set(d.code, (seen.get(d.code) ?? 0) + 1);
      for (const fix of d.fixes ?? []) {
        const fixed = applyFix(p.text, fix);
        const split = splitFrontMatter(p.text);
        if (d.code !== 'category-unknown' && split.kind === 'ok') assert.equal(fixed.slice(0, split.bodyStart), p.text.slice(0, split.bodyStart), `${p.name} ${fix.title}`);
        const after = run(p, fixed).diagnostics.filter(x => x.code === d.code && x.start === d.start);
        assert.deepEqual(after.map(x => x.message), [], `${p.name}: ${fix.title}`);
      }
    }
  }
  // the old generators' relative and old-domain links, the footerless older versions, the two empty share links
  for (const code of ['footer-nav-form', 'footer-missing', 'footer-share-empty']) assert.ok(seen.get(code), `${code} found in the corpus: ${JSON.stringify([...seen])}`);
});
