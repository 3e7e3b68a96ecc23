// The oracle's record is still true: with `jekyll` on PATH, runs scripts/jekyll-oracle.mjs again (into a
// temporary file) and asserts that Jekyll still does exactly what test/oracle/expected.json says.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '../../..');
const script = path.join(repoRoot, 'scripts/jekyll-oracle.mjs');
const expectedFile = path.join(repoRoot, 'test/oracle/expected.json');

function jekyllVersion(): string | undefined {
  const v = spawnSync('jekyll', ['--version'], { encoding: 'utf8' });
  return v.status === 0 ? v.stdout.trim() : undefined;
}

const version = jekyllVersion();

test('oracle (live): real Jekyll still gives test/oracle/expected.json', {
  skip: version ? false : 'jekyll is not on PATH (apt-get install jekyll): the recorded test/oracle/expected.json is used as is',
  timeout: 10 * 60_000,
}, () => {
  const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-live-'));
  try {
    const out = path.join(tmp, 'expected.json');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [script, '--out', out], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, `scripts/jekyll-oracle.mjs failed:\n${r.stdout}\n${r.stderr}`);
    const live = JSON.parse(fs.readFileSync(out, 'utf8'));
    console.log(`# ${r.stdout.trim()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (live.jekyll !== expected.jekyll) console.log(`# note: recorded with ${expected.jekyll}, checked with ${live.jekyll}`);
    for (const name of new Set([...Object.keys(expected.cases), ...Object.keys(live.cases)])) {
      assert.deepEqual(live.cases[name], expected.cases[name],
        `${name}: ${live.jekyll} now does something else than recorded; run \`node scripts/jekyll-oracle.mjs\` and review the diff`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
