#!/usr/bin/env node
// Builds the URL test sites (test/unit/urlCases.ts, compiled to out/) with the real builders of
// ../shared/jekyll-oracles and records what each makes of every post, one expected file per builder:
//   test/unit/fixtures/urls/expected-ghpages.json, expected-jekyll4.json
// Usage: npx tsc -p . && node scripts/url-oracle.mjs [--check]   (--check: compare, write nothing; exit 1 on a difference)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const oracles = process.env.JEKYLL_ORACLES ?? path.resolve(repo, '../shared/jekyll-oracles');
const { URL_SITES, URL_POSTS } = require(path.join(repo, 'out/test/unit/urlCases.js'));
const check = process.argv.includes('--check');

/** A page that writes site.posts as JSON (works in safe mode, no plugin). */
export const DUMP_PAGE = `---
layout: null
---
[{% for p in site.posts %}{"path": {{ p.path | jsonify }}, "url": {{ p.url | jsonify }}, "date": {{ p.date | date: "%Y-%m-%d %H:%M:%S %z" | jsonify }}, "title": {{ p.title | jsonify }}, "categories": {{ p.categories | jsonify }}, "tags": {{ p.tags | jsonify }}, "layout": {{ p.layout | jsonify }}}{% unless forloop.last %},
{% endunless %}{% endfor %}]
`;

const BUILDERS = { ghpages: 'jekyll-ghpages', jekyll4: 'jekyll-4' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-urls-'));
let differences = 0;
try {
  for (const [key, bin] of Object.entries(BUILDERS)) {
    const expected = {};
    for (const site of URL_SITES) {
      const root = path.join(tmp, key, site.name);
      const posts = { ...URL_POSTS, ...(site.posts ?? {}) };
      for (const [rel, text] of Object.entries({ '_config.yml': site.config, 'posts.json': DUMP_PAGE, ...posts })) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const out = path.join(root, '..', site.name + '-out');
      const r = spawnSync(path.join(oracles, 'bin', bin), ['build', '-s', root, '-d', out], { encoding: 'utf8', timeout: 120_000 });
      if (r.status !== 0) {
        const msg = `${r.stdout}\n${r.stderr}`.split('\n').find(l => /error|Liquid Exception|NoMethodError/i.test(l)) ?? 'build failed';
        expected[site.name] = { aborted: msg.trim().replace(root, '<site>') };
        continue;
      }
      const built = JSON.parse(fs.readFileSync(path.join(out, 'posts.json'), 'utf8'));
      const urls = {};
      for (const rel of Object.keys(posts).sort()) {
        const p = built.find(b => b.path === rel);
        urls[rel] = p ? p.url : null;
      }
      expected[site.name] = { posts: urls };
    }
    const file = path.join(repo, 'test/unit/fixtures/urls', `expected-${key}.json`);
    const text = JSON.stringify(expected, null, 2) + '\n';
    if (check) {
      const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (old !== text) { differences++; console.log(`url-oracle: ${key} differs from ${path.relative(repo, file)}`); }
      else console.log(`url-oracle: ${key} agrees with ${path.relative(repo, file)}`);
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`url-oracle: wrote ${path.relative(repo, file)}`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(differences ? 1 : 0);
