// The oracles' records are still true: where the real builders are set up (../shared/jekyll-oracles beside the
// checkout, its `setup` run: .ci/run does it), runs scripts/jekyll-oracle.mjs again for each builder (into a
// temporary file) and asserts that it still does exactly what test/oracle/expected.<builder>.json says. Skips
// cleanly where the builders are absent (a user's clone).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '../../..');
const script = path.join(repoRoot, 'scripts/jekyll-oracle.mjs');
const oracles = process.env.JEKYLL_ORACLES ?? path.resolve(repoRoot, '../shared/jekyll-oracles');

/** Why a builder cannot run here (false: it can). */
function notReady(builder: string): string | false {
  if (!fs.existsSync(path.join(oracles, 'setup'))) return `${oracles} is not there: the recorded test/oracle/expected.${builder}.json is used as is`;
  const r = spawnSync(path.join(oracles, 'setup'), ['--check', builder], { encoding: 'utf8' });
  return r.status === 0 ? false : `jekyll oracle ${builder} is not set up (${oracles}/setup): ${(r.stderr || r.stdout || '').trim().split('\n')[0]}`;
}

for (const builder of ['ghpages', 'jekyll4']) {
  const expectedFile = path.join(repoRoot, `test/oracle/expected.${builder}.json`);
  test(`oracle (live): ${builder} still gives test/oracle/expected.${builder}.json`, {
    skip: notReady(builder),
    timeout: 15 * 60_000,
  }, () => {
    const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-live-'));
    try {
      const out = path.join(tmp, `expected.${builder}.json`);
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [script, '--builder', builder, '--jobs', '2', '--out', out],
        { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, JEKYLL_ORACLES: oracles } });
      assert.equal(r.status, 0, `scripts/jekyll-oracle.mjs --builder ${builder} failed:\n${r.stdout}\n${r.stderr}`);
      const live = JSON.parse(fs.readFileSync(out, 'utf8'));
      console.log(`# ${r.stdout.trim()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      if (live.jekyll !== expected.jekyll) console.log(`# note: recorded with ${expected.jekyll}, checked with ${live.jekyll}`);
      for (const name of new Set([...Object.keys(expected.cases), ...Object.keys(live.cases)])) {
        assert.deepEqual(live.cases[name], expected.cases[name],
          `${name}: ${live.jekyll} now does something else than recorded; run \`node scripts/jekyll-oracle.mjs --builder ${builder}\` and review the diff`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}
