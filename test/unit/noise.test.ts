// The noise review: what `newspost check` says about three real sites nobody here wrote (../shared/corpus), per site
// and rule, against a reviewed snapshot (test/noise-snapshot.json). Any change of what users see fails here until
// the snapshot is looked at and written again (NOISE_SNAPSHOT=update). The targets of "right and quiet": no error on
// a post its builder publishes with its front matter (asked of the real builder, ../shared/jekyll-oracles), at most
// one warning per 100 posts on ruby-lang and jekyllrb. Skips cleanly without ../shared.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, runCli } from './helpers';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const ORACLES = path.resolve(repoRoot, '../shared/jekyll-oracles');
const SNAPSHOT = path.join(repoRoot, 'test/noise-snapshot.json');
/**
 * The builder each site is built with: finews by GitHub Pages (no Gemfile, as detected); the other two by their own
 * Gemfile's Jekyll 4, a file the corpus copies leave out (so it is said with --builder).
 */
const SITES: Record<string, { verdict: 'ghpages' | 'jekyll4'; args: string[] }> = {
  finews: { verdict: 'ghpages', args: [] },
  'ruby-lang': { verdict: 'jekyll4', args: ['--builder', 'jekyll-4'] },
  jekyllrb: { verdict: 'jekyll4', args: ['--builder', 'jekyll-4'] },
};

interface Finding { file: string; line: number; severity: string; code: string; message: string }
interface SiteCounts { posts: number; counts: Record<string, number> }

const present = Object.keys(SITES).every(s => fs.existsSync(path.join(CORPUS, s, '_config.yml')));

function checkSite(site: string): { posts: number; findings: Finding[] } {
  const r = runCli(['check', path.join(CORPUS, site), '--format', 'json', '--stats', ...SITES[site].args], repoRoot);
  assert.ok(r.code === 0 || r.code === 1, `newspost check ${site} failed (${r.code}):\n${r.err}`);
  const posts = Number(/newspost check: (\d+) posts/.exec(r.err)?.[1]);
  assert.ok(posts > 0, r.err);
  return { posts, findings: JSON.parse(r.out) };
}

function countsOf(findings: Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[`${f.severity} ${f.code}`] = (counts[`${f.severity} ${f.code}`] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort());
}

test('noise review: newspost check on finews, ruby-lang and jekyllrb says what the reviewed snapshot says', {
  skip: !present && '../shared/corpus is not there', timeout: 10 * 60_000,
}, () => {
  const now: Record<string, SiteCounts> = {};
  for (const site of Object.keys(SITES)) {
    const { posts, findings } = checkSite(site);
    now[site] = { posts, counts: countsOf(findings) };
    const warnings = findings.filter(f => f.severity === 'warning').length;
    console.log(`# ${site}: ${posts} posts, ${findings.filter(f => f.severity === 'error').length} errors, ${warnings} warnings, ${findings.filter(f => f.severity === 'info').length} infos`);
    if (site !== 'finews') assert.ok(warnings * 100 <= posts, `${site}: ${warnings} warnings on ${posts} posts (the target is at most 1 per 100)`);
  }
  if (process.env.NOISE_SNAPSHOT === 'update') {
    fs.writeFileSync(SNAPSHOT, JSON.stringify(now, null, 2) + '\n');
    console.log(`# wrote ${path.relative(repoRoot, SNAPSHOT)}`);
    return;
  }
  const reviewed = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
  assert.deepEqual(now, reviewed, 'what users see changed: review it, then run the unit tests with NOISE_SNAPSHOT=update');
});

function oracleReady(builder: string): string | false {
  if (!fs.existsSync(path.join(ORACLES, 'setup'))) return '../shared/jekyll-oracles is not there';
  const r = spawnSync(path.join(ORACLES, 'setup'), ['--check', builder], { encoding: 'utf8' });
  return r.status === 0 ? false : `jekyll oracle ${builder} not ready: ${(r.stderr || r.stdout || '').trim()}`;
}

test('noise review: every error on the three sites is a post its builder aborts on, skips or reads without its front matter', {
  skip: (!present && '../shared/corpus is not there') || oracleReady('jekyll4') || oracleReady('ghpages'), timeout: 10 * 60_000,
}, () => {
  let asked = 0;
  for (const site of Object.keys(SITES)) {
    const { findings } = checkSite(site);
    const files = [...new Set(findings.filter(f => f.severity === 'error').map(f => f.file))];
    if (!files.length) continue;
    const r = spawnSync(path.join(ORACLES, 'bin/verdict'), ['--builder', SITES[site].verdict, '--site-config', path.join(CORPUS, site), ...files],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const verdicts = r.stdout.trim().split('\n').map(l => JSON.parse(l));
    for (const v of verdicts) {
      asked++;
      const codes = findings.filter(f => f.file === v.file && f.severity === 'error').map(f => f.code).join(', ');
      assert.ok(v.aborted || v.skipped || v.front_matter_used === false,
        `${v.file}: we say error (${codes}) but ${SITES[site].verdict} publishes it with its front matter: ${JSON.stringify(v)}`);
    }
  }
  console.log(`# ${asked} posts with errors, each confirmed by its builder`);
});
