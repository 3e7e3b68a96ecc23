// Benchmark of the preview (not a test): render + strip + sanitise time per corpus post (median, p99), the whole
// site page (layouts, includes, Liquid: src/core/sitePage.ts) when the site has layouts, the source
// strip, and a 2 MB post, each against a plain markdown-it render of the same input (the ratio). Usage:
// node scripts/bench-render.mjs [site-folder]   (default ../shared/corpus/finews; skipped when absent)
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCore, siteFolder } from './loadCore.mjs';

const { renderPost, renderBody, bodyRange, plainMarkdown, bodyKindOf, stripSource, previewModel, loadSite, buildRules, parseHtml, renderSitePage, siteHasLayouts } = await loadCore({
  'core/render': ['renderPost', 'renderBody', 'bodyRange', 'plainMarkdown', 'bodyKindOf'], 'core/stripSource': ['stripSource'],
  'core/previewPage': ['previewModel'], 'core/site': ['loadSite'], 'core/stripRules': ['buildRules'], 'core/htmlTree': ['parseHtml'],
  'core/sitePage': ['renderSitePage', 'siteHasLayouts'],
});
const themesDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'media', 'themes');

const siteDir = siteFolder('bench-render');
const site = loadSite(siteDir);
const withLayouts = siteHasLayouts(site);
const wholePage = p => renderSitePage({ text: p.text, path: p.file, site, themesDir }, { kind: p.kind, toUri: f => 'file://' + f });
const files = ['_posts', 'old_post'].flatMap(d => {
  const dir = path.join(siteDir, d);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => /\.(md|markdown|html)$/.test(f)).map(f => path.join(dir, f)) : [];
});
const posts = files.map(f => ({ file: f, text: fs.readFileSync(f, 'utf8'), kind: bodyKindOf(f) }));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const ms = x => (x < 1 ? x.toFixed(3) : x.toFixed(2));

/**
 * Times a and b in alternating rounds (so a busy machine slows both alike): the median per-call time of each
 * and the median of the per-round ratios a/b.
 */
function compare(a, b, rounds = 15) {
  for (let i = 0; i < 2; i++) { a(); b(); }
  const ta = [], tb = [], ratio = [];
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now(); a(); const x = performance.now() - t0;
    t0 = performance.now(); b(); const y = performance.now() - t0;
    ta.push(x); tb.push(y); ratio.push(x / y);
  }
  const med = xs => [...xs].sort((p, q) => p - q)[xs.length >> 1];
  return { a: med(ta), b: med(tb), ratio: med(ratio) };
}

/** Mean time of fn over enough runs to take ~budget ms (after a warm-up). */
function time(fn, budget = 20) {
  for (let i = 0; i < 3; i++) fn();
  let n = 0;
  const t0 = performance.now();
  do { fn(); n++; } while (performance.now() - t0 < budget);
  return (performance.now() - t0) / n;
}

// warm up every path first (the JIT), so the first posts timed are not the cold ones
for (let i = 0; i < 5; i++) {
  for (const p of posts) {
    renderPost(p.text, { kind: p.kind });
    previewModel({ text: p.text, path: p.file, site }, { kind: p.kind });
    if (withLayouts) wholePage(p);
    stripSource(p.text, { kind: p.kind });
    plainMarkdown(p.text);
  }
}

// per post: the preview's body (render + strip + sanitise + anchors), the whole preview model (with the header
// from the checker), the source strip, and markdown-it alone on the same body
const rows = posts.map(p => {
  const body = p.text.slice(bodyRange(p.text).start);
  return {
    chars: p.text.length,
    html: /<p[ >]/.test(body),
    render: time(() => renderPost(p.text, { kind: p.kind })),
    model: time(() => previewModel({ text: p.text, path: p.file, site }, { kind: p.kind })),
    page: withLayouts ? time(() => wholePage(p)) : 0,
    strip: time(() => stripSource(p.text, { kind: p.kind })),
    md: time(() => plainMarkdown(body)),
  };
});
const summary = (name, xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${name.padEnd(24)} median ${ms(pct(s, 0.5))} ms, p99 ${ms(pct(s, 0.99))} ms, max ${ms(s[s.length - 1])} ms`;
};
const htmlRows = rows.filter(r => r.html);
console.log(`render: ${rows.length} corpus posts (median ${pct(rows.map(r => r.chars).sort((a, b) => a - b), 0.5)} chars; ${htmlRows.length} with an HTML article body, median ${pct(htmlRows.map(r => r.chars).sort((a, b) => a - b), 0.5)} chars)`);
console.log('  ' + summary('render+strip (body)', rows.map(r => r.render)) + '   (target: typical post < 5 ms)');
console.log('  ' + summary('  HTML article posts', htmlRows.map(r => r.render)));
console.log('  ' + summary('preview (with header)', rows.map(r => r.model)));
if (withLayouts) console.log('  ' + summary('site page (whole page)', rows.map(r => r.page)) + '   (target: typical post < 5 ms)');
console.log('  ' + summary('source strip', rows.map(r => r.strip)));
console.log('  ' + summary('markdown-it alone', rows.map(r => r.md)));

// user strip rules (CSS selectors, matched with css-select over our tree): the tree path on every post, and
// the selector matching alone (each rule's compiled matcher tried on every element of every post)
const userRules = buildRules([
  { id: 'promo', selector: "div.promo, p:has(> a[href*='app.example.com'])" },
  { id: 'source', selector: 'p.em_media:last-child' },
  { id: 'stock', selector: "span[id^='stock_'] > a.keytip", action: 'unwrap' },
  { id: 'empty', selector: 'p:empty:not(:only-child)' },
  { id: 'deep', selector: 'div section ul > li + li' },
]).rules;
const userTimes = posts.map(p => time(() => renderPost(p.text, { kind: p.kind, rules: userRules }), 5));
console.log('  ' + summary('with 5 user selectors', userTimes) + '   (tree path)');
const trees = posts.map(p => { const els = []; const walk = n => { for (const c of n.children) if (c.type === 'element') { els.push(c); walk(c); } }; walk(parseHtml(renderPost(p.text, { kind: p.kind, mode: 'show', anchors: false }).blocks.join(''))); return els; });
const nEls = trees.reduce((s, t) => s + t.length, 0);
const tMatch = time(() => { let n = 0; for (const els of trees) for (const el of els) for (const r of userRules) if (r.match && (!r.tags || r.tags.includes(el.name)) && r.match(el)) n++; return n; }, 300);
console.log(`  selector matching alone: ${ms(tMatch)} ms for ${nEls} elements x ${userRules.filter(r => !r.builtin).length} user rules (${(tMatch * 1e6 / nEls / 5).toFixed(0)} ns per element and rule)`);

const sum = k => rows.reduce((s, r) => s + r[k], 0);
console.log(`  ratio to markdown-it over the corpus: ${(sum('render') / sum('md')).toFixed(2)} (HTML posts ${(htmlRows.reduce((s, r) => s + r.render, 0) / htmlRows.reduce((s, r) => s + r.md, 0)).toFixed(2)})`);

// 2 MB posts: the corpus' bodies one after the other, and the HTML articles alone
const bodies = posts.map(p => p.text.slice(bodyRange(p.text).start));
const fill = list => {
  let s = '';
  for (let i = 0; s.length < 2 * 1024 * 1024; i++) s += list[i % list.length] + '\n\n';
  return s;
};
const big = [['2 MB post, all corpus bodies', fill(bodies)], ['2 MB post, HTML articles only', fill(bodies.filter(b => /<p[ >]/.test(b)))]];
for (const [name, body] of big) {
  const text = `---\nlayout: post\ntitle: "bench"\ndate: 2022-05-31 10:00:00 +0800\n---\n${body}`;
  const r = renderBody(body, 5);
  const c = compare(() => renderBody(body, 5), () => plainMarkdown(body));
  const tStrip = time(() => stripSource(text), 1000);
  console.log(`${name} (${(body.length / 1048576).toFixed(2)} M chars, ${r.blocks.length} blocks, ${r.summary.replace(/:.*/, '')}):`);
  console.log(`  render+strip ${ms(c.a)} ms, markdown-it alone ${ms(c.b)} ms: ratio ${c.ratio.toFixed(2)} (target <= 1.5); source strip ${ms(tStrip)} ms`);
}
