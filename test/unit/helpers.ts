// Helpers for the unit tests: a site in memory, a post checked in it, fixes applied.
import * as fs from 'fs';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { checkPost, CheckOptions, CheckResult } from '../../src/core/check';
import { Site, parseConfig } from '../../src/core/site';
import { Builder } from '../../src/core/builder';
import { Diagnostic, Fix } from '../../src/core/types';
import { parseHtml, HElement, HNode, HRoot } from '../../src/core/htmlTree';

export const repoRoot = path.resolve(__dirname, '../../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus/finews');
/** Whether the real corpus is beside the checkout (tests that read it are skipped without it). */
export const corpusPresent = fs.existsSync(path.join(corpusDir, '_config.yml'));

/** The corpus' post files (`_posts/` and `old_post/`; none when the corpus is absent). */
export function corpusPosts(): string[] {
  if (!corpusPresent) return [];
  return ['_posts', 'old_post'].flatMap(d => fs.readdirSync(path.join(corpusDir, d)).filter(f => /\.(md|markdown|html)$/.test(f)).map(f => path.join(corpusDir, d, f)));
}
export const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

/**
 * Runs the bundled CLI (dist/cli.js, made by `npm run build`) in a folder. The machine's locale is left out
 * (the CLI follows LC_ALL / LC_MESSAGES / LANG): English unless `env` sets one.
 */
let cacheDir: string | undefined;
/** A cache folder for the CLI runs of this test process (removed at its exit). */
export function testCacheDir(): string {
  if (!cacheDir) {
    const dir = (cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-test-cache-')));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return cacheDir;
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string): { code: number | null; out: string; err: string } {
  const clean = { ...process.env };
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE']) delete clean[k];
  // the persistent index goes to a folder of this test process, never into the sites checked (the example, the shared corpora)
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: { ...clean, NEWSPOST_CACHE_DIR: testCacheDir(), ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A site in memory; built by upstream Jekyll 4 unless `builder` says otherwise (the builder-specific tests say so). */
/**
 * A small site on disk (a temporary folder): Asia/Shanghai, a `post` layout, `extra` files by relative path and
 * the posts under `_posts/`.
 */
export function writeSite(prefix: string, posts: Record<string, string | Buffer>, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `newspost-${prefix}-`));
  const files: Record<string, string | Buffer> = { '_config.yml': 'timezone: Asia/Shanghai\n', '_layouts/post.html': '{{ content }}', ...extra };
  for (const [name, text] of Object.entries(posts)) files[`_posts/${name}`] = text;
  fs.mkdirSync(path.join(dir, '_posts'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export function site(config = 'timezone: Asia/Shanghai\n', layouts = ['default', 'post', 'category'], builder: Builder = 'jekyll-4'): Site {
  return { root: '/site', config: parseConfig(config), layouts: new Set(layouts), builder, builderReason: 'test' };
}

export function check(text: string, name = '2022-05-31-post.md', s: Site = site(), options: CheckOptions = {}): CheckResult {
  return checkPost({ text, path: `/site/_posts/${name}`, site: s }, { now: NOW, ...options });
}

export function codes(r: CheckResult): string[] {
  return r.diagnostics.map(d => d.code);
}

export function find(r: CheckResult, code: string): Diagnostic {
  const d = r.diagnostics.find(x => x.code === code);
  if (!d) throw new Error(`no ${code} in ${JSON.stringify(r.diagnostics.map(x => [x.code, x.message]), null, 1)}`);
  return d;
}

/** Applies a fix's text edits (from the end, so offsets hold). */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** A post in the image of the site's: front matter lines, then a body. */
export function post(fm: string, body = '\n据新华社消息，央行今日开展逆回购操作。\n\n<http://finance.eastmoney.com/news/1354,202205312398034850.html>\n'): string {
  return `---\n${fm}---\n${body}`;
}

export const GOOD_FM = 'layout: post\ntitle: "央行开展100亿元逆回购操作"\ndate: 2022-05-31 09:15:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n';

/** A seeded random source (mulberry32), so a generated test input can be replayed: `rnd(n)` in [0, n), `pick` one of a list. */
export function seeded(seed: number): { rnd: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let s = seed | 0;
  const rnd = (n: number) => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (((x ^ (x >>> 14)) >>> 0) / 4294967296 * n) | 0;
  };
  return { rnd, pick: <T>(xs: readonly T[]) => xs[rnd(xs.length)] };
}

/** The elements of some parsed HTML, in document order. */
export function elementsOf(html: string): HElement[] {
  const out: HElement[] = [];
  const walk = (n: HRoot | HNode) => {
    if (n.type === 'text' || n.type === 'comment') return;
    if (n.type === 'element') out.push(n);
    for (const c of n.children) walk(c);
  };
  walk(parseHtml(html));
  return out;
}
