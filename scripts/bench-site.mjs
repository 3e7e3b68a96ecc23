// Benchmark of whole-site checking (not a test): generates a site of N posts (scripts/gen-site.cjs, fixed seed),
// then times in the same run `newspost check` on it (dist/cli.js, worker threads) and `jekyll build` on the same
// site when Jekyll is installed, and prints posts/s, peak memory and the ratio Jekyll/ours.
//
//   npm run bench:site -- --posts 100000 [--seed 20240630] [--runs 3] [--jekyll-posts N | --no-jekyll] [--jobs N]
//
// --jekyll-posts N times Jekyll on the first N posts of the same site only (a copy holding those posts) and
// extrapolates linearly to the full count; the output says so. By default Jekyll builds the full site.
// Peak memory is the maximum resident set size of the process tree measured by /usr/bin/time (GNU time).
//
// The throughput runs use --no-cache (every post read and checked). Then the persistent index is timed: a first
// check that writes it, a re-check of the unchanged site, and one post of the site checked against a lone post
// (the same site holding only that post). --no-index skips that part; --index-only does only it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { generateSite } = require('./gen-site.cjs');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const posts = Number(opt('posts', 10000));
const seed = Number(opt('seed', 20240630));
const runs = Number(opt('runs', 3));
const jobs = opt('jobs');
const noJekyll = args.includes('--no-jekyll');
const noIndex = args.includes('--no-index');
const indexOnly = args.includes('--index-only');
const jekyllPosts = Math.min(posts, Number(opt('jekyll-posts', posts)));
if (!(posts > 0)) {
  console.error('usage: npm run bench:site -- --posts N [--seed S] [--runs R] [--jekyll-posts M | --no-jekyll] [--jobs J]');
  process.exit(2);
}

const cli = path.join(root, 'dist/cli.js');
if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, 'dist/checkWorker.js'))) {
  console.error('bench-site: dist/cli.js or dist/checkWorker.js missing: run `npm run build` first');
  process.exit(2);
}
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const fmt = n => Math.round(n).toLocaleString('en');
const mb = kb => `${(kb / 1024).toFixed(0)} MB`;

/** Runs a command under GNU time; returns wall seconds, peak RSS (KB) of the process, exit code and output. */
function timed(cmd, argv, cwd) {
  const t0 = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-f', '@@%e %M %U %S', cmd, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /@@([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  const stderr = (r.stderr ?? '').replace(/@@[\d. ]+\s*$/, '').replace(/^Command exited with non-zero status \d+\n?/m, '');
  return { secs, rssKB: m ? Number(m[2]) : NaN, cpu: m ? Number(m[3]) + Number(m[4]) : NaN, code: r.status, stdout: r.stdout ?? '', stderr };
}

// 1. the site (kept between runs: generating 100,000 posts takes a while; made again when the generator changed)
const genHash = createHash('sha256').update(fs.readFileSync(path.join(root, 'scripts/gen-site.cjs'))).digest('hex').slice(0, 12);
const siteDir = path.join(os.tmpdir(), `newspost-bench-site-${posts}-${seed}`);
const marker = path.join(siteDir, '.generated');
const cached = fs.existsSync(marker) ? JSON.parse(fs.readFileSync(marker, 'utf8')) : undefined;
let gen;
if (cached?.genHash === genHash) {
  gen = cached;
  console.log(`site: ${fmt(posts)} posts (${(gen.bytes / 1048576).toFixed(0)} MB) in ${siteDir} (generated earlier, seed ${seed})`);
} else {
  fs.rmSync(siteDir, { recursive: true, force: true });
  const t0 = Date.now();
  const g = generateSite(siteDir, { posts, seed });
  gen = { bytes: g.bytes, defects: g.defects, genHash };
  fs.writeFileSync(marker, JSON.stringify(gen));
  console.log(`site: ${fmt(posts)} posts (${(g.bytes / 1048576).toFixed(0)} MB) generated in ${((Date.now() - t0) / 1000).toFixed(1)} s in ${siteDir}`);
}
console.log(`  defects planted: ${Object.entries(gen.defects).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);

// 2. newspost check (best of `runs`; the first run also warms the file cache, as Jekyll's will be warm)
if (!indexOnly) {
console.log(`\nnewspost check (${os.cpus().length} CPU cores, Node ${process.version}${jobs ? `, --jobs ${jobs}` : ''}), ${runs} runs:`);
const ours = [];
for (let i = 0; i < runs; i++) {
  const r = timed(process.execPath, [cli, 'check', '--format', 'json', '--stats', '--no-cache', ...(jobs ? ['--jobs', jobs] : [])], siteDir);
  if (r.code !== 0 && r.code !== 1) {
    console.error(`newspost check failed (exit ${r.code}):\n${r.stderr}`);
    process.exit(1);
  }
  const findings = JSON.parse(r.stdout).length;
  ours.push(r);
  console.log(`  run ${i + 1}: ${r.secs.toFixed(2)} s, ${fmt(posts / r.secs)} posts/s, peak ${mb(r.rssKB)}, CPU ${r.cpu.toFixed(1)} s, ${fmt(findings)} findings, exit ${r.code} (load average ${os.loadavg()[0].toFixed(1)})`);
}
const best = ours.reduce((a, b) => (b.secs < a.secs ? b : a));
const peak = Math.max(...ours.map(r => r.rssKB));
console.log(`  best: ${best.secs.toFixed(2)} s = ${fmt(posts / best.secs)} posts/s; peak memory ${mb(peak)}`);
console.log(`  targets: 100,000 posts < 10 s on 2 cores${posts === 100000 ? (best.secs < 10 ? ' (met)' : ' (MISSED)') : ''}; peak < 1 GB (${peak < 1024 * 1024 ? 'met' : 'MISSED'})`);
}

// 3. the persistent index (.jekyll-cache/newspost/ of the site)
if (!noIndex) {
  const cpuOf = r => `CPU ${r.cpu.toFixed(2)} s`;
  const bestOf = (n, f) => { const rs = Array.from({ length: n }, f); return rs.reduce((a, b) => (b.secs < a.secs ? b : a)); };
  const check = (argv, cwd) => timed(process.execPath, [cli, 'check', '--stats', ...(jobs ? ['--jobs', jobs] : []), ...argv], cwd);
  const indexLine = r => (/index: .*/.exec(r.stderr) ?? [''])[0];
  console.log(`\npersistent index (${os.cpus().length} CPU cores; load average ${os.loadavg()[0].toFixed(1)}):`);
  fs.rmSync(path.join(siteDir, '.jekyll-cache'), { recursive: true, force: true });
  const fresh = check(['--format', 'json', '--no-cache'], siteDir);
  const first = check(['--format', 'json'], siteDir);
  console.log(`  first check (writes the index): ${first.secs.toFixed(2)} s, ${cpuOf(first)}, peak ${mb(first.rssKB)}; ${indexLine(first)}`);
  const again = bestOf(runs, () => check(['--format', 'json'], siteDir));
  const same = again.stdout === fresh.stdout && again.code === fresh.code && first.stdout === fresh.stdout;
  console.log(`  unchanged site, again (best of ${runs}): ${again.secs.toFixed(2)} s, ${cpuOf(again)}, peak ${mb(again.rssKB)}; ${indexLine(again)}`);
  console.log(`    output and exit code ${same ? 'identical to' : 'DIFFERENT from'} a --no-cache run; ${(again.secs / first.secs).toFixed(2)}x the first check (target <= 0.25x: ${again.secs <= 0.25 * first.secs ? 'met' : 'MISSED'})`);
  // one post of the big site, against the same site holding only that post
  const postsDir = path.join(siteDir, '_posts');
  const one = fs.readdirSync(postsDir).sort()[Math.floor(posts / 2)];
  const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-bench-lone-'));
  for (const e of fs.readdirSync(siteDir)) {
    if (e === '_posts' || e === '.jekyll-cache' || e === '.generated') continue;
    fs.cpSync(path.join(siteDir, e), path.join(lone, e), { recursive: true });
  }
  fs.mkdirSync(path.join(lone, '_posts'));
  fs.copyFileSync(path.join(postsDir, one), path.join(lone, '_posts', one));
  check([], lone);
  const loneRun = bestOf(runs, () => check([`_posts/${one}`], lone));
  const bigRun = bestOf(runs, () => check([`_posts/${one}`], siteDir));
  fs.rmSync(lone, { recursive: true, force: true });
  console.log(`  one post of the ${fmt(posts)}-post site (best of ${runs}): ${bigRun.secs.toFixed(2)} s, ${cpuOf(bigRun)}, peak ${mb(bigRun.rssKB)}; ${indexLine(bigRun)}`);
  console.log(`  the same post alone in the same site (best of ${runs}): ${loneRun.secs.toFixed(2)} s, ${cpuOf(loneRun)}, peak ${mb(loneRun.rssKB)}`);
  console.log(`    ${(bigRun.secs / loneRun.secs).toFixed(2)}x (CPU ${(bigRun.cpu / loneRun.cpu).toFixed(2)}x) the lone post (target <= 1.5x: ${bigRun.secs <= 1.5 * loneRun.secs ? 'met' : 'MISSED'})`);
  // newspost list: its rows kept beside check's findings (a --no-cache list, then the first with the index, then again)
  const list = argv => timed(process.execPath, [cli, 'list', '--format', 'csv', '--stats', ...(jobs ? ['--jobs', jobs] : []), ...argv], siteDir);
  const listLine = r => (/index: .*/.exec(r.stderr) ?? ['(no index)'])[0];
  const listFresh = list(['--no-cache']);
  const listFirst = list([]);
  const listAgain = bestOf(runs, () => list([]));
  const checkAfter = check(['--format', 'json'], siteDir);
  // (a date Jekyll takes from the build's time is each run's own)
  const noNow = t => t.replace(/,(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d),/g, (all, d, h, zh, zm) =>
    (Math.abs(Date.parse(`${d}T${h}${zh}:${zm}`) - Date.now()) < 3600_000 ? ',BUILD-TIME,' : all));
  console.log(`  newspost list, every post read (--no-cache): ${listFresh.secs.toFixed(2)} s, ${cpuOf(listFresh)}, peak ${mb(listFresh.rssKB)}`);
  console.log(`  newspost list, first with the index: ${listFirst.secs.toFixed(2)} s; ${listLine(listFirst)}`);
  console.log(`  newspost list, unchanged site (best of ${runs}): ${listAgain.secs.toFixed(2)} s, ${cpuOf(listAgain)}, peak ${mb(listAgain.rssKB)}; ${listLine(listAgain)}`);
  console.log(`    rows ${noNow(listAgain.stdout) === noNow(listFresh.stdout) ? 'identical to' : 'DIFFERENT from'} a --no-cache list (dates of the build's time aside); ${(listAgain.secs / listFresh.secs).toFixed(2)}x its time`);
  console.log(`  newspost check after the lists: ${checkAfter.secs.toFixed(2)} s; ${indexLine(checkAfter)}`);
  fs.rmSync(path.join(siteDir, '.jekyll-cache'), { recursive: true, force: true });
}
if (indexOnly) process.exit(0);

// 3. jekyll build on the same site (or on its first M posts, extrapolated, said so)
const jekyll = spawnSync('jekyll', ['--version'], { encoding: 'utf8' });
if (noJekyll || jekyll.status !== 0) {
  console.log(`\njekyll build: ${noJekyll ? 'skipped (--no-jekyll)' : 'not installed; no comparison'}`);
  process.exit(0);
}
let jekyllSite = siteDir;
if (jekyllPosts < posts) {
  // a copy holding the first M posts (the newest), with the same config and layouts
  jekyllSite = path.join(os.tmpdir(), `newspost-bench-site-${posts}-${seed}-first-${jekyllPosts}`);
  const m = path.join(jekyllSite, '.generated');
  if (!fs.existsSync(m) || JSON.parse(fs.readFileSync(m, 'utf8')).genHash !== genHash) {
    fs.rmSync(jekyllSite, { recursive: true, force: true });
    generateSite(jekyllSite, { posts: jekyllPosts, seed });
    fs.writeFileSync(m, JSON.stringify({ genHash }));
  }
}
const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-bench-jekyll-'));
console.log(`\n${jekyll.stdout.trim()} build of ${fmt(jekyllPosts)} posts${jekyllPosts < posts ? ` (the first ${fmt(jekyllPosts)} of the site: a smaller site, see below)` : ''}…`);
const j = timed('jekyll', ['build', '--quiet', '-s', jekyllSite, '-d', dest], root);
fs.rmSync(dest, { recursive: true, force: true });
if (j.code !== 0) {
  console.log(`  jekyll build failed (exit ${j.code}) after ${j.secs.toFixed(1)} s:\n${j.stderr.split('\n').slice(-8).join('\n')}`);
  process.exit(1);
}
console.log(`  ${j.secs.toFixed(1)} s = ${fmt(jekyllPosts / j.secs)} posts/s, peak ${mb(j.rssKB)}, CPU ${j.cpu.toFixed(1)} s (load average ${os.loadavg()[0].toFixed(1)})`);
let jekyllSecs = j.secs;
if (jekyllPosts < posts) {
  jekyllSecs = (j.secs * posts) / jekyllPosts;
  console.log(`  EXTRAPOLATED (linearly) to ${fmt(posts)} posts: ~${jekyllSecs.toFixed(0)} s. Jekyll was NOT run on the full site.`);
}
const ratio = jekyllSecs / best.secs;
console.log(`\nratio jekyll build / newspost check: ${ratio.toFixed(0)}x${jekyllPosts < posts ? ' (Jekyll time extrapolated)' : ''} (target >= 50x: ${ratio >= 50 ? 'met' : 'MISSED'})`);
