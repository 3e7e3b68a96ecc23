// Benchmark of the checker (not a test): per-post check time on the real corpus (median, p99) and posts/s for a
// whole folder, through the same engine the extension and the CLI bundle. Usage: node scripts/bench-check.mjs [site-folder]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCore, siteFolder } from './loadCore.mjs';

const { checkPost, loadSite, readPostFile, walk } = await loadCore({ 'core/check': ['checkPost'], 'core/site': ['loadSite'], 'core/files': ['readPostFile', 'walk'] });
const siteDir = siteFolder('bench-check');
const site = loadSite(siteDir);
const files = [...walk(siteDir)].filter(f => /\.(md|markdown|html)$/.test(f) && /[\\/](_posts|old_post)[\\/]/.test(f));
const posts = files.map(f => ({ path: path.join(siteDir, '_posts', path.basename(f)), ...readPostFile(f) }));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

// warm up, then time each post many times
for (let i = 0; i < 20; i++) for (const p of posts) checkPost({ text: p.text, path: p.path, site });
const ROUNDS = 200;
const per = [];
for (const p of posts) {
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) checkPost({ text: p.text, path: p.path, site });
  per.push((performance.now() - t0) / ROUNDS);
}
per.sort((a, b) => a - b);
console.log(`check: ${posts.length} corpus posts (median ${Math.round(posts.map(p => p.text.length).sort((a, b) => a - b)[posts.length >> 1])} chars)`);
console.log(`  per post: median ${(pct(per, 0.5) * 1000).toFixed(1)} µs, p99 ${(pct(per, 0.99) * 1000).toFixed(1)} µs, max ${(per[per.length - 1] * 1000).toFixed(1)} µs (target < 1 ms)`);

// a whole folder, reading included, repeated to a few thousand posts
const REPEAT = Math.max(1, Math.ceil(5000 / files.length));
const t0 = performance.now();
let n = 0;
for (let r = 0; r < REPEAT; r++) {
  for (const f of files) {
    const read = readPostFile(f);
    checkPost({ text: read.text, path: path.join(siteDir, '_posts', path.basename(f)), site, invalidUtf8: read.invalidUtf8 });
    n++;
  }
}
const secs = (performance.now() - t0) / 1000;
console.log(`  folder: ${n} posts read and checked in ${(secs * 1000).toFixed(0)} ms = ${Math.round(n / secs).toLocaleString('en')} posts/s (one core)`);

// The other real sites of ../shared/corpus (Liquid on purpose, other zones): per-post check time, and the posts with
// Liquid on their own (only those run it). Skipped without ../shared.
const corpus = path.resolve(path.dirname(siteDir), '..', 'corpus');
for (const name of ['ruby-lang', 'jekyllrb']) {
  const dir = path.join(corpus, name);
  if (!fs.existsSync(path.join(dir, '_config.yml'))) continue;
  const s = loadSite(dir);
  const all = [...walk(dir)].filter(f => /\.(md|markdown|html)$/.test(f) && /[\\/]_posts[\\/]/.test(f)).map(f => ({ path: f, ...readPostFile(f) }));
  for (const p of all) checkPost({ text: p.text, path: p.path, site: s });
  const times = (list, rounds) => {
    const out = [];
    for (const p of list) {
      const t0 = performance.now();
      for (let i = 0; i < rounds; i++) checkPost({ text: p.text, path: p.path, site: s });
      out.push((performance.now() - t0) / rounds);
    }
    return out.sort((a, b) => a - b);
  };
  const t = times(all, 5);
  const liquid = all.filter(p => p.text.includes('{{') || p.text.includes('{%'));
  const tl = times(liquid, 5);
  const us = x => (x * 1000).toFixed(1);
  console.log(`check: ${name}, ${all.length} posts: median ${us(pct(t, 0.5))} µs, p99 ${us(pct(t, 0.99))} µs (target: median < 100 µs); ` +
    `the ${liquid.length} with Liquid: median ${us(pct(tl, 0.5))} µs, p99 ${us(pct(tl, 0.99))} µs`);
}

// `newspost list` and `newspost check` on the whole of ruby-lang through the bundled CLI (dist/cli.js, its default
// worker threads): the same engine, so about the same wall time. Skipped without ../shared or dist/.
{
  const dir = path.join(corpus, 'ruby-lang');
  const cli = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'cli.js');
  if (fs.existsSync(path.join(dir, '_config.yml')) && fs.existsSync(cli)) {
    const { spawnSync } = await import('node:child_process');
    const wall = args => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      return { secs: (performance.now() - t0) / 1000, lines: r.stdout.split('\n').length - 1, code: r.status };
    };
    // (--no-cache: the engine's time, every post read; and nothing written into the shared corpus)
    const list = wall(['list', '--format', 'json', '--no-cache']);
    const check = wall(['check', '--format', 'json', '--no-cache']);
    const rows = list.code === 0 ? JSON.parse(spawnSync(process.execPath, [cli, 'list', '--format', 'json', '--no-cache'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout).length : 0;
    console.log(`list: ruby-lang, ${rows} posts in ${list.secs.toFixed(2)} s = ${Math.round(rows / list.secs).toLocaleString('en')} posts/s ` +
      `(newspost check on the same: ${check.secs.toFixed(2)} s; both with their default worker threads)`);
  }
}
