// The "Site page" preview against the pages real Jekyll writes, on the shared corpora (../shared; skipped when
// absent): finews built by GitHub Pages (github-pages 232), jekyllrb and the English part of ruby-lang built by
// Jekyll 4.4.1 (../shared/jekyll-oracles). Each site is copied and built once into a cache folder keyed by its
// content (NEWSPOST_PAGE_ORACLE_CACHE, default <tmp>/newspost-page-oracle), then a sample of its posts is rendered
// by sitePage.ts without strip rules (as the live site) and the visible text of <body> compared with Jekyll's.
//
// The text is compared as the share of Jekyll's words the preview shows in the same order (a longest common
// subsequence of words); known differences keep it under 1 (docs/preview.md): the body's Markdown is markdown-it's,
// not kramdown's (the kramdown helper's part), plugin tags the preview does not run (jekyll-avatar, ruby-lang's
// own plugins such as posted_by) print nothing, and Rouge's highlighting is not reproduced.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import { Parser } from 'htmlparser2';
import { repoRoot } from './helpers';
import { loadSite } from '../../src/core/site';
import { renderSitePage } from '../../src/core/sitePage';
import { checkPost } from '../../src/core/check';

const shared = path.resolve(repoRoot, '../shared');
const oracles = path.join(shared, 'jekyll-oracles/bin');
const cacheRoot = process.env.NEWSPOST_PAGE_ORACLE_CACHE ?? path.join(os.tmpdir(), 'newspost-page-oracle');
const themesDir = path.join(repoRoot, 'media/themes');
const SAMPLE = 8;

interface Case {
  name: string;
  corpus: string;
  builder: 'jekyll-ghpages' | 'jekyll-4';
  /** What of the corpus is copied (all when absent). */
  parts?: string[];
  /** Files added to the copy (the oracle's stand-ins for plugins it lacks). */
  extra?: Record<string, string>;
  /** The posts folder, relative to the site. */
  posts: string;
  /** Lowest mean share of Jekyll's words the preview shows. */
  min: number;
}

const CASES: Case[] = [
  { name: 'finews', corpus: 'finews', builder: 'jekyll-ghpages', posts: '_posts', min: 0.97 },
  {
    name: 'jekyllrb', corpus: 'jekyllrb', builder: 'jekyll-4', posts: '_posts', min: 0.85,
    // Jekyll 4 here has jekyll-feed and jekyll-seo-tag only: the other plugins are left out, and avatar (used by
    // the layouts) prints nothing, as in the preview
    extra: {
      '_config.oracle.yml': 'plugins: [jekyll-feed, jekyll-seo-tag]\n',
      '_plugins/oracle_avatar.rb': 'class OracleAvatar < Liquid::Tag; def render(_c) ""; end; end\nLiquid::Template.register_tag("avatar", OracleAvatar)\n',
    },
  },
  {
    name: 'ruby-lang-en', corpus: 'ruby-lang', builder: 'jekyll-4', posts: 'en/news/_posts', min: 0.8,
    parts: ['_config.yml', '_layouts', '_includes', '_data', '_plugins', 'lib', 'en'],
    extra: { '_config.oracle.yml': 'plugins: []\n' },
  },
];

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: src => !/[\\/](\.git|\.jekyll-cache|_site)([\\/]|$)/.test(src) });
}

function hashTree(dir: string, h = createHash('sha1')): ReturnType<typeof createHash> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    h.update(e.name);
    if (e.isDirectory()) hashTree(p, h);
    else if (e.isFile()) h.update(fs.readFileSync(p));
  }
  return h;
}

/** The site copied and built once: { src, out }, or a reason to skip. */
function built(c: Case): { src: string; out: string } | string {
  const corpus = path.join(shared, 'corpus', c.corpus);
  if (!fs.existsSync(path.join(corpus, '_config.yml'))) return `${c.corpus} corpus not present`;
  if (!fs.existsSync(path.join(oracles, c.builder))) return 'jekyll-oracles not present';
  const h = createHash('sha1');
  h.update(c.builder + JSON.stringify(c.extra ?? {}));
  for (const p of c.parts ?? fs.readdirSync(corpus).sort()) {
    const full = path.join(corpus, p);
    if (!fs.existsSync(full)) continue;
    h.update(p);
    if (fs.statSync(full).isDirectory()) hashTree(full, h); else h.update(fs.readFileSync(full));
  }
  const dir = path.join(cacheRoot, `${c.name}-${h.digest('hex').slice(0, 16)}`);
  const src = path.join(dir, 'src');
  const out = path.join(dir, 'out');
  if (fs.existsSync(path.join(dir, 'done'))) return { src, out };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  for (const p of c.parts ?? fs.readdirSync(corpus)) if (fs.existsSync(path.join(corpus, p))) copyTree(path.join(corpus, p), path.join(src, p));
  for (const [rel, text] of Object.entries(c.extra ?? {})) {
    fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    fs.writeFileSync(path.join(src, rel), text);
  }
  const args = ['build', '-s', src, '-d', out];
  if (c.extra?.['_config.oracle.yml']) args.push('--config', `${path.join(src, '_config.yml')},${path.join(src, '_config.oracle.yml')}`);
  if (c.builder === 'jekyll-4') args.push('--disable-disk-cache');
  const r = spawnSync(path.join(oracles, c.builder), args, { encoding: 'utf8', timeout: 240_000, env: { ...process.env, LANG: 'C.UTF-8' } });
  if (r.status !== 0) return `${c.builder} could not build ${c.name}: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' ')}`;
  fs.writeFileSync(path.join(dir, 'done'), '');
  return { src, out };
}

/** The visible text of <body> (scripts, styles, templates and our banner left out), whitespace folded. */
export function bodyText(html: string): string {
  let depth = 0;
  let inBody = !/<body[\s>]/i.test(html);
  let skip = 0;
  let s = '';
  // (a select's options are a menu, not text of the page; the preview leaves form controls out)
  const SKIP = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'select', 'svg']);
  const p = new Parser({
    onopentag(name, attrs) {
      if (name === 'body') inBody = true;
      if (SKIP.has(name) || attrs.id === 'np-banner' || skip) { skip++; return; }
      depth++;
    },
    ontext(t) { if (inBody && !skip) s += t; },
    onclosetag(name, implied) {
      void implied;
      if (skip) { skip--; return; }
      depth--;
      if (/^(p|div|li|h\d|br|tr|td|th|pre|section|header|footer|article|nav|ul|ol)$/.test(name)) s += ' ';
    },
  }, { decodeEntities: true, lowerCaseTags: true });
  p.write(html);
  p.end();
  return s.replace(/\s+/g, ' ').trim();
}

/** Words (CJK characters one by one). */
const words = (s: string) => s.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu) ?? [];

/** The share of `want`'s words found in `got` in the same order (LCS, in O(n·m) bits with a word-id bitset trick kept simple). */
export function orderedShare(got: string, want: string): number {
  const a = words(got);
  const b = words(want);
  if (!b.length) return a.length ? 0 : 1;
  // LCS length, row by row (pages here are at most a few thousand words)
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] / b.length;
}

function outputFile(out: string, url: string): string {
  let p = url;
  try { p = decodeURIComponent(url); } catch { /* as is */ }
  return path.join(out, p.endsWith('/') ? p + 'index.html' : p.endsWith('.html') ? p : p + '.html');
}

for (const c of CASES) {
  test(`site page vs Jekyll: ${c.name}`, { timeout: 300_000 }, t => {
    const b = built(c);
    if (typeof b === 'string') { t.skip(b); return; }
    const site = loadSite(b.src);
    const all = fs.readdirSync(path.join(b.src, c.posts)).filter(f => /\.(md|markdown|html)$/.test(f)).sort();
    const sample = Array.from({ length: Math.min(SAMPLE, all.length) }, (_, i) => all[Math.floor((i * all.length) / Math.min(SAMPLE, all.length))]);
    const shares: Array<[string, number]> = [];
    let compared = 0;
    for (const name of sample) {
      const file = path.join(b.src, c.posts, name);
      const text = fs.readFileSync(file, 'utf8');
      const checked = checkPost({ text, path: file, site }).jekyll;
      if (checked.fate !== 'built') continue;
      const page = renderSitePage({ text, path: file, site, themesDir }, { rules: [], anchors: false });
      assert.equal(page.error, undefined, `${name}: ${page.error}`);
      // the page Jekyll wrote for this post (found by its URL, else by the post's title in an output file)
      const url = page.url;
      const target = outputFile(b.out, url);
      if (!fs.existsSync(target)) { t.diagnostic(`${name}: no ${path.relative(b.out, target)} in Jekyll's output (URL ${url})`); continue; }
      const want = bodyText(fs.readFileSync(target, 'utf8'));
      const got = bodyText(`<body>${page.before}${page.body.blocks.join('')}${page.after}</body>`);
      const share = orderedShare(got, want);
      shares.push([name, share]);
      compared++;
    }
    assert.ok(compared >= Math.min(4, sample.length), `pages compared: ${compared} of ${sample.length}`);
    const mean = shares.reduce((a, [, s]) => a + s, 0) / shares.length;
    t.diagnostic(`${c.name}: ${compared} pages, mean share of Jekyll's words shown ${mean.toFixed(3)}; lowest ${shares.sort((x, y) => x[1] - y[1]).slice(0, 2).map(([n, s]) => `${n} ${s.toFixed(3)}`).join(', ')}`);
    assert.ok(mean >= c.min, `${c.name}: mean ${mean.toFixed(3)} < ${c.min}`);
  });
}
