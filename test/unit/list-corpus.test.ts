// `newspost list` on the shared corpora equals what the real builders make of them, field by field: finews with
// GitHub Pages' build, jekyllrb and ruby-lang (one language at a time: `en`, or the languages of
// NEWSPOST_LIST_LANGS, `all` for every one) with Jekyll 4 (their Gemfiles ask for it; the corpora leave the Gemfiles
// out, so --builder jekyll-4). Each site is built once with the real builder (test/unit/siteOracle.ts, cached by
// content). Skips cleanly without ../shared, ruby or dist/.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, runCli } from './helpers';
import { CORPUS, dumpSitePosts, oracleMissing, OracleBuilder, DumpedPost } from './siteOracle';

const cli = path.join(repoRoot, 'dist/cli.js');

interface Row { file: string; fate: string; title: string | null; date: string | null; layout: string | null; categories: string[]; tags: string[]; url: string | null }

/**
 * Disagreements we know of and cannot fix, by site and post path: field -> why (documented in docs/urls.md).
 * Keep empty when there are none.
 */
const KNOWN: Record<string, Record<string, Record<string, string>>> = {};

function compare(site: string, builder: OracleBuilder, cliBuilder: string, dirs: string[], alsoCopy: string[] = []): void {
  const root = path.join(CORPUS, site);
  const dump = dumpSitePosts(root, [...dirs, ...alsoCopy], builder);
  const r = runCli(['list', '--format', 'json', '--builder', cliBuilder, '--now', dump.time, ...dirs], root, { TZ: 'UTC' });
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as Row[];
  const ours = new Map(rows.map(x => [x.file.split(path.sep).join('/'), x]));
  const listed = (file: string) => dirs.some(d => file === d || file.startsWith(d + '/'));
  const theirs = new Map<string, DumpedPost>(dump.posts.filter(p => listed(p.path)).map(p => [p.path, p]));
  const problems: string[] = [];
  const known = KNOWN[site] ?? {};
  for (const [file, p] of theirs) {
    const row = ours.get(file);
    if (!row) { problems.push(`${file}: Jekyll builds it, we do not list it`); continue; }
    if (row.fate !== 'built') { problems.push(`${file}: Jekyll builds it, we say ${row.fate}`); continue; }
    const want: Record<string, unknown> = {
      url: p.url, date: p.date, title: p.title === null || p.title === undefined ? null : String(p.title),
      layout: p.layout ?? null, categories: p.categories.map(String), tags: p.tags.map(String),
    };
    for (const [field, value] of Object.entries(want)) {
      const got = (row as unknown as Record<string, unknown>)[field];
      if (JSON.stringify(got) !== JSON.stringify(value) && !known[file]?.[field]) {
        problems.push(`${file}: ${field}: Jekyll ${JSON.stringify(value)}, we ${JSON.stringify(got)}`);
      }
    }
  }
  for (const row of rows) {
    if (row.fate === 'built' && !theirs.has(row.file) && !/(^|\/)_drafts\//.test(row.file)) problems.push(`${row.file}: we say built, Jekyll does not build it`);
  }
  assert.ok(theirs.size > 0, 'the build dumped no post');
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} disagreement(s) with ${builder} on ${site} (${dump.posts.length} posts)`);
}

const skipOf = (site: string, builder: OracleBuilder) =>
  !fs.existsSync(path.join(CORPUS, site, '_config.yml')) ? `../shared/corpus/${site} is not there`
    : !fs.existsSync(cli) ? 'dist/cli.js missing: npm run build' : oracleMissing(builder);

test('newspost list = GitHub Pages\' build of finews, field by field', { skip: skipOf('finews', 'ghpages'), timeout: 200_000 }, () => {
  compare('finews', 'ghpages', 'github-pages', ['_posts']);
});

test('newspost list = Jekyll 4\'s build of jekyllrb, field by field', { skip: skipOf('jekyllrb', 'jekyll4'), timeout: 200_000 }, () => {
  // the posts' {% link %} tags point into _docs (the build aborts without it)
  compare('jekyllrb', 'jekyll4', 'jekyll-4', ['_posts'], ['_docs']);
});

/** The top folders other than `dir` that the `{% link %}` tags of its posts name, and those theirs name (the closure). */
function linkedFolders(root: string, dir: string): string[] {
  const found = new Set<string>([dir]);
  const todo = [dir];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(r);
      else if (/\.(md|markdown|html)$/.test(d.name)) {
        for (const m of fs.readFileSync(path.join(root, r), 'utf8').matchAll(/\{%-?\s*link\s+([^/\s]+)\//g)) {
          if (!found.has(m[1]) && fs.existsSync(path.join(root, m[1]))) { found.add(m[1]); todo.push(m[1]); }
        }
      }
    }
  };
  while (todo.length) walk(todo.pop()!);
  found.delete(dir);
  return [...found].sort();
}

const langs = (() => {
  const v = process.env.NEWSPOST_LIST_LANGS;
  if (!v) return ['en'];
  if (v !== 'all') return v.split(',').map(s => s.trim()).filter(Boolean);
  try {
    return fs.readdirSync(path.join(CORPUS, 'ruby-lang')).filter(d => fs.existsSync(path.join(CORPUS, 'ruby-lang', d, 'news', '_posts'))).sort();
  } catch { return ['en']; }
})();
for (const lang of langs) {
  test(`newspost list = Jekyll 4's build of ruby-lang '${lang}', field by field`, { skip: skipOf('ruby-lang', 'jekyll4'), timeout: 300_000 }, () => {
    // with the languages its posts' {% link %} tags point into (the build aborts without them), listed or not
    compare('ruby-lang', 'jekyll4', 'jekyll-4', [lang], linkedFolders(path.join(CORPUS, 'ruby-lang'), lang));
  });
}
