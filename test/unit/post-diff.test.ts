// Whole posts judged against the real builder: generated posts (file names, dates of every shape, titles, categories
// and tags as strings and lists, layouts, published, Liquid in the body, a blank line before the front matter, an
// unclosed one) built one by one by upstream Jekyll 4.4.1 and by GitHub Pages' build (../shared/jekyll-oracles
// bin/verdict), and checked by the
// engine on the same site: the same fate (abort with the same message, skipped, built), the same use of the front
// matter, and for a built post the same date, title, categories, tags and layout. Seeded, bounded by count and time;
// skips cleanly without ../shared or its builders.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPost } from '../../src/core/check';
import { loadSite } from '../../src/core/site';
import { repoRoot, seeded } from './helpers';

const ORACLES = path.resolve(repoRoot, '../shared/jekyll-oracles');
const COUNT = Number(process.env.POST_DIFF_COUNT ?? 60);
/** GitHub Pages' build is slower (about 0.6 s a post): fewer posts. */
const PAGES_COUNT = Number(process.env.POST_DIFF_PAGES_COUNT ?? 40);
const SEED = Number(process.env.POST_DIFF_SEED ?? 20261206);

function ready(builder: string): string | false {
  if (!fs.existsSync(path.join(ORACLES, 'setup'))) return '../shared/jekyll-oracles is not there';
  const r = spawnSync(path.join(ORACLES, 'setup'), ['--check', builder], { encoding: 'utf8' });
  return r.status === 0 ? false : `jekyll oracle ${builder} not ready: ${(r.stderr || r.stdout || '').trim()}`;
}

const DATES = ['2022-05-31 09:15:00 +0800', '2022-05-31 09:15:00', '2022-05-31T01:15:00Z', '2022-05-31', '"2022-05-31 09:15:00 +0800"',
  '2022-02-30 10:00:00 +0800', '2022-13-01', '', '2022-05-31 09:15 CST', '31 May 2022 09:15:00 +0800', 'Tue, 31 May 2022 09:15:00 +0800',
  '2022-05-31 09:15:00.500 +0800', '2022/05/31 09:15', 'yesterday', '2022-05-31 25:00:00 +0800', '2022-06-01 00:30:00 -0700', '09:15'];
const TITLES = ['"央行开展逆回购操作"', '央行开展逆回购操作', '"A股: 收涨"', 'A股: 收涨', '央行 #快讯', '""', "'它''s'", '2022', ':快讯', '"未闭合'];
const CATS = ['categories: emnews', 'categories: 财经 要闻', 'categories: [财经, 要闻]', 'categories: 财经,要闻', 'category: 财经 要闻',
  'categories:\n  - 财经\n  - 要闻', 'categories: 财经，要闻', ''];
const TAGS = ['tags: 快讯', 'tags: [央行, 利率]', 'tags: 央行 利率', 'tags: 42', 'tag: 央行', ''];
const LAYOUTS = ['layout: post', 'layout: nosuch', 'layout: none', ''];
const PUBLISHED = ['', '', '', 'published: false', 'published: "false"'];
const BODIES = ['正文。\n', '据新华社消息 {{ page.title }}。\n', '涨幅 {{ 涨幅 }}。\n', '{% if x %}未结束\n', '{% raw %}{{ x }}{% endraw %}\n',
  '{% include nosuch.html %}\n', '价格区间{{1.2-1.5\n', '{% highlight ruby %}x = 1{% endhighlight %}\n'];
const NAMES = ['2022-05-31-', '2022-05-31-', '2022-05-31-', '2022-02-30-', '2022-13-01-', 'x-'];

function genPost(i: number, rnd: (n: number) => number, pick: <T>(xs: readonly T[]) => T): { name: string; text: string } {
  const lines = [pick(LAYOUTS), `title: ${pick(TITLES)}`, rnd(8) ? `date: ${pick(DATES)}` : '', pick(CATS), pick(TAGS), pick(PUBLISHED)]
    .filter(Boolean);
  const head = rnd(12) === 0 ? '\n---\n' : '---\n';
  const close = rnd(15) === 0 ? '' : '---\n';
  return { name: `${pick(NAMES)}p${i}.md`, text: `${head}${lines.join('\n')}\n${close}${pick(BODIES)}` };
}

interface Verdict {
  file: string; aborted: boolean; fatal_message: string | null; skipped: boolean; skip_reason: string | null;
  front_matter_used: boolean | null; title: unknown; date: string | null; categories: unknown; tags: unknown; layout: unknown;
  oracle_error?: string;
}

const BUILDERS = [
  { verdict: 'jekyll4', name: 'upstream Jekyll 4.4.1', count: COUNT, gemfile: true },
  { verdict: 'ghpages', name: "GitHub Pages' build (Jekyll 3.10)", count: PAGES_COUNT, gemfile: false },
] as const;

for (const b of BUILDERS) test(`whole posts: generated posts judged as ${b.name} builds them (fate, front matter, date, title, categories, tags, layout)`, {
  skip: ready(b.verdict), timeout: 10 * 60_000,
}, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'post-diff-'));
  try {
    // a Gemfile asking for Jekyll 4.4 makes it a Jekyll 4 site; without one it is a GitHub Pages site
    if (b.gemfile) fs.writeFileSync(path.join(dir, 'Gemfile'), 'source "https://rubygems.org"\ngem "jekyll", "~> 4.4"\n');
    fs.writeFileSync(path.join(dir, '_config.yml'), 'title: 财经快讯\ntimezone: Asia/Shanghai\n');
    fs.mkdirSync(path.join(dir, '_layouts'));
    fs.writeFileSync(path.join(dir, '_layouts/post.html'), '{{ content }}');
    fs.writeFileSync(path.join(dir, '_layouts/default.html'), '{{ content }}');
    fs.mkdirSync(path.join(dir, 'in'));
    const { rnd, pick } = seeded(SEED);
    const posts = Array.from({ length: b.count }, (_, i) => genPost(i, rnd, pick));
    for (const p of posts) fs.writeFileSync(path.join(dir, 'in', p.name), p.text);
    const t0 = Date.now();
    const r = spawnSync(path.join(ORACLES, 'bin/verdict'), ['--builder', b.verdict, '--site-config', dir, '--jobs', '2', '--timeout', '60',
      ...posts.map(p => path.join(dir, 'in', p.name))], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.ok(r.status === 0 || r.status === 3, r.stderr);
    const verdicts: Verdict[] = r.stdout.trim().split('\n').map(l => JSON.parse(l));
    const site = loadSite(dir);
    const problems: string[] = [];
    const tally = { built: 0, abort: 0, skipped: 0, noFrontMatter: 0 };
    posts.forEach((p, i) => {
      const v = verdicts[i];
      if (v.oracle_error) return;
      const ours = checkPost({ text: p.text, path: path.join(dir, '_posts', p.name), site }, { now: t0 }).jekyll;
      const diff: string[] = [];
      const cmp = (what: string, theirs: unknown, mine: unknown) => { if (JSON.stringify(theirs) !== JSON.stringify(mine)) diff.push(`${what}: Jekyll ${JSON.stringify(theirs)}, we ${JSON.stringify(mine)}`); };
      cmp('aborted', v.aborted, ours.fate === 'abort');
      if (v.aborted) {
        tally.abort++;
        // (Jekyll 4.4 names files by their full path where it runs, `<site>/…` in the verdict; we by the site's folder)
        // and a theme by its gem's install folder, which only the build machine knows: we write `<jekyll-theme-primer>`)
        const theirs = v.fatal_message?.split('<site>/').join('').replace(/<jekyll-oracles>\/vendor\/gems\/gems\/([a-z-]+)-[\d.]+/g, '<$1>');
        cmp('message', theirs?.trim(), ours.abortMessage?.trim());
      } else {
        cmp('skipped', v.skipped, ours.fate !== 'built' && ours.fate !== 'abort');
        if (v.skipped) tally.skipped++;
        else {
          tally.built++;
          cmp('front matter used', v.front_matter_used, ours.frontMatter === 'read');
          if (v.front_matter_used === false) tally.noFrontMatter++;
          if (ours.date !== 'build-time') cmp('date', v.date, ours.date);
          cmp('title', v.title === null ? null : String(v.title), ours.title ?? null);
          cmp('categories', v.categories, ours.categories ?? null);
          cmp('tags', v.tags, ours.tags ?? null);
          cmp('layout', v.layout, ours.layout ?? null);
        }
      }
      if (diff.length) problems.push(`${p.name}: ${JSON.stringify(p.text)}\n    ${diff.join('\n    ')}`);
    });
    console.log(`# post-diff: ${posts.length} posts (seed ${SEED}) built by ${b.name} in ${((Date.now() - t0) / 1000).toFixed(0)} s: ` +
      `${tally.built} built (${tally.noFrontMatter} without their front matter), ${tally.abort} aborts, ${tally.skipped} skipped; ${problems.length} disagreements`);
    assert.deepEqual(problems, [], `${problems.length} posts judged otherwise than ${b.name}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
