#!/usr/bin/env node
// The differential oracle: asks a real Jekyll what it does with every fixture post of test/oracle/cases/, and
// writes the answers to test/oracle/expected.<builder>.json, which test/unit/oracle.test.ts compares with our
// engine judging as that builder (so the unit tests need no Jekyll).
//
//   node scripts/jekyll-oracle.mjs [--builder ghpages|jekyll4|debian] [--out FILE] [--cases DIR] [--jobs N]
//                                  [--only NAME,...] [--keep]
//
// Builders (docs/builders.md): `ghpages` (GitHub Pages' build: github-pages 232, Jekyll 3.10) and `jekyll4`
// (upstream Jekyll 4.4.1) run from ../shared/jekyll-oracles (its README; `setup` installs them, offline);
// `debian` (the default, Debian's jekyll 4.3.1 on Liquid 5 and Psych) is the `jekyll` on PATH, or that folder's
// bin/jekyll-debian when `jekyll` is not on PATH. GitHub Pages' build takes no option but --future and --verbose:
// its --unpublished build sets `unpublished: true` in _config.yml instead, and it has no disk cache to disable.
//
// The cases are split into --jobs groups; each group is one temporary site, built side by side with the others.
// When a build aborts, the case Jekyll's message names is recorded as 'abort' (with that message) and taken out,
// and the group is built again, until it builds. The site: _config.yml with `timezone: Asia/Shanghai`, layouts
// default.html and post.html (each leaves a marker comment in the output), no theme, no plugins, and a Liquid page
// `oracle.json` that dumps `site.posts`. Posts missing from site.posts are built again with --unpublished, then
// with --future, to tell 'unpublished' and 'future' from 'skipped'. The posts that abort on a Liquid error are
// built once more with `render_with_liquid: false` as a front-matter default, only to learn whether their front
// matter was read. A case file named `X.bin` is copied into the site as `X` (for bytes that should not sit in a
// .md file, e.g. invalid UTF-8). Jekyll runs with a fixed environment (LANG/LC_ALL C.UTF-8, TZ UTC, its own HOME,
// --disable-disk-cache).
// Time: 4 s for 55 cases (19 builds of ~0.35 s CPU each, 2 at a time) on 2 idle cores; 12-15 s on a busy machine.
//
// What is recorded per case (see JekyllOutcome in src/core/types.ts):
//   fate         abort | skipped | unpublished | future | built
//   abortMessage Jekyll's message (temporary paths replaced by site-relative ones)
//   frontMatter  read | none | ignored, when Jekyll shows it: 'ignored' = a "YAML Exception" for the file;
//                'none' = no front-matter key reached the post (no layout/published/... key, the title is the
//                one Jekyll makes from the file name); otherwise 'read'. Not recorded when Jekyll never read the
//                post (skipped) or aborted before showing it.
//   date         page.date as "%Y-%m-%d %H:%M:%S %z", or 'build-time' when it is the time of the build
//   title, categories, tags, layout, published, url   as Jekyll holds them (null when absent)
//   log          Jekyll's warnings and errors about the post
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = {
    builder: 'debian',
    out: undefined,
    cases: path.join(root, 'test/oracle/cases'),
    jobs: Math.max(1, Math.min(8, os.cpus().length)),
    only: undefined,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--builder') opts.builder = argv[++i];
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--cases') opts.cases = path.resolve(argv[++i]);
    else if (a === '--jobs') opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--only') opts.only = new Set(argv[++i].split(','));
    else if (a === '--keep') opts.keep = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/jekyll-oracle.mjs [--builder ghpages|jekyll4|debian] [--out FILE] [--cases DIR] [--jobs N] [--only NAME,...] [--keep]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!BUILDERS.includes(opts.builder)) throw new Error(`--builder: one of ${BUILDERS.join(', ')}, not ${opts.builder}`);
  opts.out ??= expectedFileOf(opts.builder);
  return opts;
}

export const BUILDERS = ['ghpages', 'jekyll4', 'debian'];
/** The shared real builders (../shared/jekyll-oracles beside the checkout), when present. */
export const ORACLES = process.env.JEKYLL_ORACLES ?? path.resolve(root, '../shared/jekyll-oracles');
export const expectedFileOf = builder => path.join(root, `test/oracle/expected.${builder}.json`);

/** The command that runs a builder's Jekyll (undefined: not installed here). */
export function builderCommand(builder) {
  if (builder === 'debian') {
    if (spawnSync('jekyll', ['--version'], { encoding: 'utf8' }).status === 0) return 'jekyll';
    const deb = path.join(ORACLES, 'bin/jekyll-debian');
    return fs.existsSync(deb) ? deb : undefined;
  }
  const bin = path.join(ORACLES, 'bin', builder === 'ghpages' ? 'jekyll-ghpages' : 'jekyll-4');
  return fs.existsSync(bin) ? bin : undefined;
}

let COMMAND = 'jekyll';
let BUILDER = 'debian';

export const SITE_CONFIG = 'title: Oracle\ntimezone: Asia/Shanghai\n';
const LAYOUT_DEFAULT = '<!DOCTYPE html>\n<html><body>\n<!--oracle-layout:default-->\n{{ content }}\n</body></html>\n';
const LAYOUT_POST = '---\nlayout: default\n---\n<!--oracle-layout:post-->\n<h1>{{ page.title }}</h1>\n{{ content }}\n';
// One JSON line per post; `data` is the whole document drop, for the set of its keys.
const DUMP_PAGE = `---
layout: null
permalink: /oracle.json
---
{"time": {{ site.time | date: "%Y-%m-%d %H:%M:%S %z" | jsonify }}, "posts": [{% for p in site.posts %}
{"path": {{ p.relative_path | jsonify }}, "date": {{ p.date | date: "%Y-%m-%d %H:%M:%S %z" | jsonify }}, "title": {{ p.title | jsonify }}, "categories": {{ p.categories | jsonify }}, "tags": {{ p.tags | jsonify }}, "layout": {{ p.layout | jsonify }}, "published": {{ p.published | jsonify }}, "slug": {{ p.slug | jsonify }}, "url": {{ p.url | jsonify }}, "layoutApplied": {% if p.output contains "<!--oracle-layout:" %}true{% else %}false{% endif %}, "data": {{ p | jsonify }}}{% unless forloop.last %},{% endunless %}{% endfor %}
]}
`;

// Keys a post's drop has whatever its front matter says.
const DERIVED_KEYS = new Set(['name', 'id', 'relative_path', 'excerpt', 'title', 'categories', 'collection', 'next',
  'previous', 'tags', 'content', 'output', 'path', 'url', 'date', 'draft', 'slug', 'ext']);

/** Jekyll's Utils.titleize_slug. */
function titleizeSlug(slug) {
  return slug.split('-').map(w => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w)).join(' ');
}

const ENV = {
  PATH: process.env.PATH,
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  TZ: 'UTC',
  JEKYLL_ENV: 'development',
};

function run(cmd, args, opts) {
  return new Promise(resolve => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    child.on('close', code => resolve({ code, out }));
    child.on('error', e => resolve({ code: -1, out: String(e) }));
  });
}

function makeSite(dir, cs, extraConfig = '') {
  fs.mkdirSync(path.join(dir, '_posts'), { recursive: true });
  fs.mkdirSync(path.join(dir, '_layouts'), { recursive: true });
  fs.writeFileSync(path.join(dir, '_config.yml'), SITE_CONFIG + extraConfig);
  fs.writeFileSync(path.join(dir, '_layouts/default.html'), LAYOUT_DEFAULT);
  fs.writeFileSync(path.join(dir, '_layouts/post.html'), LAYOUT_POST);
  fs.writeFileSync(path.join(dir, 'oracle.json'), DUMP_PAGE);
  for (const c of cs) {
    fs.mkdirSync(path.dirname(path.join(dir, '_posts', inPosts(c.name))), { recursive: true });
    fs.copyFileSync(c.file, path.join(dir, '_posts', inPosts(c.name)));
  }
}

let buildCount = 0;

async function build(dir, flags = []) {
  buildCount++;
  const home = path.join(dir, '.home');
  fs.mkdirSync(home, { recursive: true });
  if (BUILDER === 'ghpages') {
    // GitHub Pages' build takes only --future and --verbose: --unpublished goes into _config.yml for this build
    const config = path.join(dir, '_config.yml');
    const text = fs.readFileSync(config, 'utf8').replace(/\nunpublished: true\n$/, '\n');
    fs.writeFileSync(config, flags.includes('--unpublished') ? text + 'unpublished: true\n' : text);
    flags = flags.filter(f => f !== '--unpublished');
  } else flags = ['--disable-disk-cache', ...flags];
  const r = await run(COMMAND, ['build', '--source', dir, '--destination', path.join(dir, '_site'), ...flags],
    { cwd: dir, env: { ...ENV, HOME: home } });
  // eslint-disable-next-line no-control-regex
  const log = r.out.replace(/\x1b\[[0-9;]*m/g, '').split(dir + '/').join('').split(dir).join('<site>')
    .split(ORACLES).join('<jekyll-oracles>');
  let dump;
  const dumpFile = path.join(dir, '_site/oracle.json');
  if (r.code === 0 && fs.existsSync(dumpFile)) dump = JSON.parse(fs.readFileSync(dumpFile, 'utf8'));
  return { code: r.code, log, dump };
}

/** Jekyll's own message for a failed build. */
function abortMessage(log) {
  const lines = log.split('\n');
  const i = lines.findIndex(l => /ERROR: YOUR SITE COULD NOT BE BUILT:/.test(l));
  if (i >= 0) {
    const msg = [];
    // (GitHub Pages' build prints its progress lines after the message: they are not part of it)
    for (let j = i + 2; j < lines.length && !/^\s*-{8,}\s*$/.test(lines[j]) && !/^\s*Configuration file:/.test(lines[j]); j++) msg.push(lines[j].trim());
    return msg.join(' ');
  }
  const liquid = lines.find(l => /Liquid Exception:/.test(l));
  if (liquid) return liquid.replace(/^.*?Liquid Exception:\s*/, '').trim();
  const err = lines.find(l => /^\s*(Error|Conversion error):/.test(l));
  return err ? err.trim() : (lines.find(l => l.trim()) ?? '').trim();
}

/** Jekyll's warnings and errors about a post (not the trace of an abort). */
function logLines(log, postName) {
  return log.split('\n')
    .filter(l => /^\s*(Error|Build Warning|Skipping|Warning|Liquid Exception|Liquid Warning|Conversion error|Deprecation):/.test(l))
    .filter(l => l.includes(inPosts(postName)))
    .map(l => l.trim().replace(/\s+/g, ' '))
    .sort();
}

/** Where a case sits under _posts/: `__` in its name stands for a folder (`2021-12-08-x__post.md` = `2021-12-08-x/post.md`). */
export function inPosts(name) {
  return name.split('__').join('/');
}

function postOf(dump, postName) {
  return dump?.posts.find(p => p.path === `_posts/${inPosts(postName)}`);
}

function describe(p, dump, log, postName) {
  const yamlError = logLines(log, postName).some(l => /YAML Exception reading/.test(l));
  // (on GitHub Pages jekyll-default-layout gives every Markdown post a layout: it tells nothing about the front matter)
  const fmKeys = Object.keys(p.data ?? {}).filter(k => !DERIVED_KEYS.has(k) && !(BUILDER === 'ghpages' && k === 'layout'));
  let frontMatter;
  if (yamlError) frontMatter = 'ignored';
  else if (fmKeys.length === 0 && p.title === titleizeSlug(p.slug ?? '') && (BUILDER === 'ghpages'
    // there, nothing of a front matter either: no category, no tag, the file name's day at midnight
    ? !(p.categories ?? []).length && !(p.tags ?? []).length && / 00:00:00 /.test(p.date ?? '')
    : !p.layoutApplied)) frontMatter = 'none';
  else frontMatter = 'read';
  return {
    frontMatter,
    date: p.date === dump.time ? 'build-time' : p.date,
    title: p.title ?? null,
    categories: p.categories ?? null,
    tags: p.tags ?? null,
    layout: p.layout ?? null,
    published: p.published ?? null,
    // (dated at the build: its day in the URL is replaced, so the record holds from day to day)
    url: p.url && p.date === dump.time ? p.url.replace(`/${dump.time.slice(0, 10).split('-').join('/')}/`, '/<build-day>/') : p.url ?? null,
    layoutApplied: p.layoutApplied,
  };
}

/** Finds the case a failed build names (the longest name, so `a.md` does not match inside `a-b.md`). */
function culpritOf(log, names) {
  const message = abortMessage(log);
  const hits = names.filter(n => message.includes(`_posts/${inPosts(n)}`));
  return hits.sort((a, b) => b.length - a.length)[0];
}

/** What an aborted build says about the case it names. */
function abortOf(log, name) {
  const result = { fate: 'abort', abortMessage: abortMessage(log) };
  if (/does not have a valid date in the YAML front matter/.test(result.abortMessage)) result.frontMatter = 'read';
  return { ...result, log: logLines(log, name) };
}

/**
 * Posts that abort on a Liquid error, built again with `render_with_liquid: false` as a front-matter default,
 * only to see whether their front matter was read.
 */
async function probeLiquidAborts(tmp, aborted) {
  // Jekyll 3 (GitHub Pages) ignores render_with_liquid: no probe there
  if (BUILDER === 'ghpages') return;
  const cs = aborted.filter(a => a.result.log.some(l => l.startsWith('Liquid Exception:'))).map(a => a.case);
  if (!cs.length) return;
  const dir = fs.mkdtempSync(path.join(tmp, 'no-liquid-'));
  makeSite(dir, cs, 'defaults:\n  - scope: {path: "", type: posts}\n    values: {render_with_liquid: false}\n');
  const probe = await build(dir);
  for (const a of aborted) {
    const p = postOf(probe.dump, a.case.name);
    if (p) a.result.frontMatter = describe(p, probe.dump, probe.log, a.case.name).frontMatter;
  }
}

/**
 * Cases that may build together: one site with all of them; while the build aborts, the case its message names
 * is set aside (returned in `fatal`, with Jekyll's message) and the site built again. Then --unpublished, --future and --verbose builds
 * for the posts missing from site.posts.
 */
async function oracleShared(tmp, cs) {
  const out = {};
  const fatal = [];
  if (!cs.length) return { out, fatal };
  const dir = fs.mkdtempSync(path.join(tmp, 'shared-'));
  makeSite(dir, cs);
  let first;
  for (;;) {
    first = await build(dir);
    if (first.code === 0) break;
    const name = culpritOf(first.log, cs.map(c => c.name));
    if (!name) throw new Error(`a build failed without naming a case:\n${first.log}`);
    fatal.push({ case: cs.find(c => c.name === name), result: abortOf(first.log, name) });
    cs = cs.filter(c => c.name !== name);
    fs.rmSync(path.join(dir, '_posts', inPosts(name)));
  }
  let missing = [];
  for (const c of cs) {
    const p = postOf(first.dump, c.name);
    if (p) out[c.name] = { fate: 'built', ...describe(p, first.dump, first.log, c.name), log: logLines(first.log, c.name) };
    else missing.push(c);
  }
  for (const [flag, fate] of [['--unpublished', 'unpublished'], ['--future', 'future']]) {
    if (!missing.length) break;
    const again = await build(dir, [flag]);
    if (again.code !== 0) throw new Error(`the ${flag} build failed:\n${again.log}`);
    missing = missing.filter(c => {
      const p = postOf(again.dump, c.name);
      if (p) out[c.name] = { fate, ...describe(p, again.dump, again.log, c.name), log: logLines(first.log, c.name) };
      return !p;
    });
  }
  if (missing.length) {
    // Not read at all: Jekyll says why only at --verbose ("Skipping: … is not valid UTF-8"), or not at all.
    const verbose = await build(dir, ['--verbose']);
    for (const c of missing) out[c.name] = { fate: 'skipped', log: logLines(verbose.log, c.name) };
  }
  return { out, fatal };
}

export async function runOracle(opts) {
  BUILDER = opts.builder ?? 'debian';
  const command = builderCommand(BUILDER);
  if (!command) throw new Error(`builder ${BUILDER} is not installed here (see docs/builders.md)`);
  COMMAND = command;
  const v = spawnSync(COMMAND, ['--version'], { encoding: 'utf8', env: ENV });
  if (v.status !== 0) throw new Error(`${COMMAND} --version failed: ${v.stderr}`);
  const files = fs.readdirSync(opts.cases).filter(f => !f.startsWith('.'))
    .filter(f => !opts.only || opts.only.has(f) || opts.only.has(f.replace(/\.bin$/, ''))).sort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jekyll-oracle-'));
  const t0 = Date.now();
  try {
    const all = files.map(f => ({ name: f.endsWith('.bin') ? f.slice(0, -4) : f, file: path.join(opts.cases, f) }));
    // The cases in `jobs` groups, each group one site built again and again without the case that aborted it.
    const groups = Array.from({ length: Math.min(opts.jobs, all.length) }, (_, g) => all.filter((_, i) => i % opts.jobs === g));
    const shared = await Promise.all(groups.map(g => oracleShared(tmp, g)));
    const fatal = shared.flatMap(r => r.fatal);
    await probeLiquidAborts(tmp, fatal);
    const cases = {};
    for (const c of all) cases[c.name] = shared.find(r => r.out[c.name])?.out[c.name] ?? fatal.find(f => f.case === c).result;
    return {
      result: {
        builder: BUILDER,
        jekyll: v.stdout.trim(),
        ruby: spawnSync('ruby', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 2).join(' '),
        site: { config: SITE_CONFIG, layouts: ['default', 'post'] },
        cases,
      },
      ms: Date.now() - t0,
      builds: buildCount,
      tmp,
    };
  } finally {
    if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const { result, ms, builds, tmp } = await runOracle(opts);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
  const fates = {};
  for (const c of Object.values(result.cases)) fates[c.fate] = (fates[c.fate] ?? 0) + 1;
  console.log(`${result.jekyll}: ${Object.keys(result.cases).length} cases in ${(ms / 1000).toFixed(1)} s (${builds} builds, ${opts.jobs} at a time) `
    + `(${Object.entries(fates).map(([k, n]) => `${n} ${k}`).join(', ')}) -> ${path.relative(process.cwd(), opts.out)}`
    + (opts.keep ? `\nsites kept in ${tmp}` : ''));
}
