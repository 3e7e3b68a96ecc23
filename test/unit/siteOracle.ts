/**
 * What a real builder (../shared/jekyll-oracles) makes of a whole site's posts: `site.posts` dumped as JSON by a
 * Liquid page added to a copy of the site (no plugin: works in safe mode and on GitHub Pages). The copy holds the
 * site's _config.yml, _data, _includes, _plugins, lib and the posts' folders; its layouts keep their front matter
 * (so layout names and chains are what the site has) but render only `{{ content }}` (the post's data does not
 * depend on them, and their plugin tags need gems the oracles lack). On Jekyll 4 the `plugins:` the oracle does not
 * have are left out through a second config file (they change HTML only: jemoji, jekyll-mentions).
 *
 * Each build is cached by the content of what was copied, the builder and this file's DUMP version, in
 * `$NEWSPOST_ORACLE_CACHE` (default `<tmp>/newspost-site-oracle-<uid>`), written atomically (temporary file, rename).
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from './helpers';

export const ORACLES = path.resolve(repoRoot, '../shared/jekyll-oracles');
export const CORPUS = path.resolve(repoRoot, '../shared/corpus');

export type OracleBuilder = 'ghpages' | 'jekyll4';
const BIN: Record<OracleBuilder, string> = { ghpages: 'jekyll-ghpages', jekyll4: 'jekyll-4' };

/** A post of site.posts as the builder holds it. */
export interface DumpedPost {
  path: string;
  url: string;
  date: string;
  title: unknown;
  categories: unknown[];
  tags: unknown[];
  layout: string | null;
}

export interface SiteDump {
  builder: OracleBuilder;
  /** `site.time` of the build (`YYYY-MM-DD HH:MM:SS +ZZZZ`). */
  time: string;
  posts: DumpedPost[];
}

const DUMP_VERSION = 1;
const DUMP_PAGE = `---
layout: null
sitemap: false
---
{"time": {{ site.time | date: "%Y-%m-%d %H:%M:%S %z" | jsonify }}, "posts": [{% for p in site.posts %}{"path": {{ p.path | jsonify }}, "url": {{ p.url | jsonify }}, "date": {{ p.date | date: "%Y-%m-%d %H:%M:%S %z" | jsonify }}, "title": {{ p.title | jsonify }}, "categories": {{ p.categories | jsonify }}, "tags": {{ p.tags | jsonify }}, "layout": {{ p.layout | jsonify }}}{% unless forloop.last %},
{% endunless %}{% endfor %}]}
`;
const DUMP_NAME = 'newspost-site-posts.json';
/** Plugins the oracles' Jekyll 4 loads (its own gems and Debian's). */
const JEKYLL4_PLUGINS = new Set(['jekyll-feed', 'jekyll-seo-tag', 'jekyll-sitemap', 'jekyll-redirect-from', 'jekyll-avatar', 'jekyll-include-cache']);

/** Why the oracle cannot run here (for `skip`), or false when it can. */
export function oracleMissing(builder: OracleBuilder): string | false {
  if (!fs.existsSync(path.join(ORACLES, 'bin', BIN[builder]))) return '../shared/jekyll-oracles is not there';
  if (spawnSync('ruby', ['--version']).status !== 0) return 'no ruby on this machine';
  return false;
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  let names: fs.Dirent[];
  try { names = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }); } catch { return out; }
  for (const d of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...listFiles(dir, r));
    else if (d.isFile()) out.push(r);
  }
  return out;
}

/** A layout reduced to its front matter and `{{ content }}`. */
function plainLayout(text: string): string {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  return m ? `---\n${m[1]}\n---\n{{ content }}\n` : '{{ content }}\n';
}

/**
 * Builds the posts under `postDirs` (site-relative folders, e.g. `_posts` or `en`) of the site at `root` with a
 * real builder, or takes the cached build; returns site.posts as dumped.
 */
export function dumpSitePosts(root: string, postDirs: string[], builder: OracleBuilder, timeoutMs = 170_000): SiteDump {
  const keep = ['_config.yml', 'CNAME', '_data', '_includes', '_plugins', 'lib', '_layouts', ...postDirs];
  const files: string[] = [];
  for (const k of keep) {
    const abs = path.join(root, k);
    if (!fs.existsSync(abs)) continue;
    if (fs.statSync(abs).isDirectory()) files.push(...listFiles(abs).map(f => `${k}/${f}`));
    else files.push(k);
  }
  const hash = crypto.createHash('sha256').update(`${DUMP_VERSION}\0${builder}\0${DUMP_PAGE}\0`);
  for (const f of files) hash.update(f).update('\0').update(fs.readFileSync(path.join(root, f))).update('\0');
  const key = hash.digest('hex').slice(0, 24);
  const cacheDir = process.env.NEWSPOST_ORACLE_CACHE ?? path.join(os.tmpdir(), `newspost-site-oracle-${process.getuid?.() ?? 'u'}`);
  const cached = path.join(cacheDir, `${path.basename(root)}-${builder}-${key}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, 'utf8')) as SiteDump;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-site-build-'));
  try {
    const src = path.join(work, 'site');
    for (const f of files) {
      const to = path.join(src, f);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (f.startsWith('_layouts/')) fs.writeFileSync(to, plainLayout(fs.readFileSync(path.join(root, f), 'utf8')));
      else fs.copyFileSync(path.join(root, f), to);
    }
    fs.writeFileSync(path.join(src, DUMP_NAME), DUMP_PAGE);
    const args = ['build', '-s', src, '-d', path.join(work, 'out')];
    if (builder === 'jekyll4') {
      // the site's plugins that the oracle has; the others only change HTML
      const config = fs.readFileSync(path.join(src, '_config.yml'), 'utf8');
      const names = [...config.matchAll(/^\s*-\s*['"]?(jekyll-[\w-]+|jemoji)['"]?\s*$/gm)].map(m => m[1]);
      fs.writeFileSync(path.join(src, '_newspost.yml'), `plugins: ${JSON.stringify(names.filter(n => JEKYLL4_PLUGINS.has(n)))}\n`);
      args.push('--config', `${path.join(src, '_config.yml')},${path.join(src, '_newspost.yml')}`, '--disable-disk-cache');
    }
    const r = spawnSync(path.join(ORACLES, 'bin', BIN[builder]), args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${BIN[builder]} failed on ${root} (${r.signal ?? r.status}):\n${(r.stdout + r.stderr).split('\n').filter(l => /error|exception/i.test(l)).slice(0, 10).join('\n')}`);
    const dump = JSON.parse(fs.readFileSync(path.join(work, 'out', DUMP_NAME), 'utf8')) as Omit<SiteDump, 'builder'>;
    const result: SiteDump = { builder, ...dump };
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(result));
    fs.renameSync(tmp, cached);
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
