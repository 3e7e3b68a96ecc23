// Our emulation of Jekyll's date reading against what Ruby itself did (test/unit/fixtures/ruby-dates.json,
// written by scripts/ruby-dates.rb with Ruby and the vendored SafeYAML 1.0.5, as upstream Jekyll 4 and GitHub Pages
// read dates; compared again by the live test when ruby and ../shared are there).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { splitFrontMatter, parseFrontMatter } from '../../src/core/frontmatter';
import { readFrontMatterDate, DateRead } from '../../src/core/jekyllDate';
import { formatInZone } from '../../src/core/timezone';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/unit/fixtures');
interface Row { yaml: string; yamlType?: string; input?: string; shown?: string; error?: string }
const rows: Row[] = JSON.parse(fs.readFileSync(path.join(fixtures, 'ruby-dates.json'), 'utf8'));
const TZ = 'Asia/Shanghai';
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

export function readDate(value: string): DateRead {
  const text = `---\ndate: ${value}\n---\n`;
  const split = splitFrontMatter(text);
  const fm = parseFrontMatter(text, split);
  assert.equal(fm.errors.length, 0, `YAML error for ${value}`);
  const e = fm.byKey.get('date')!;
  return readFrontMatterDate(e.value, e.style, TZ, NOW, e.raw);
}

// Spellings Ruby reads by guessing: when it reads them, we must also flag them as uncertain (a date-format warning).
const UNCERTAIN = new Set(['[2022-05-31]', '2022年5月31日 18:03']);

for (const row of rows) {
  test(`date: ${row.yaml}`, () => {
    const r = readDate(row.yaml);
    if (UNCERTAIN.has(row.yaml) && !row.error) assert.ok(r.uncertain, `expected ${row.yaml} to be flagged uncertain`);
    else assert.ok(!r.uncertain, `unexpectedly uncertain: ${JSON.stringify(r)}`);
    if (row.error) {
      assert.equal(r.epochMs, undefined, `Ruby fails (${row.error}) but we read ${r.epochMs !== undefined && formatInZone(r.epochMs, TZ)}`);
      assert.ok(r.rubyError, 'an error message');
    } else {
      assert.ok(r.epochMs !== undefined, `Ruby reads ${row.shown} but we fail: ${r.rubyError}`);
      assert.equal(formatInZone(r.epochMs!, TZ), row.shown);
    }
    if (row.yamlType && row.yamlType !== 'Array') assert.equal(r.yamlType, row.yamlType);
  });
}

test('the date table is what Ruby says today (live, when ruby is installed)', t => {
  let out: string;
  try {
    out = execFileSync('ruby', [path.join(root, 'scripts/ruby-dates.rb'), path.join(fixtures, 'date-spellings.txt')], { encoding: 'utf8' });
  } catch (e) {
    t.skip(`ruby or ../shared/jekyll-oracles is not available: ${(e as Error).message.split('\n')[0]}`);
    return;
  }
  assert.deepEqual(JSON.parse(out), rows);
});
