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
