// "Fix all": the preferred text-edit fix of each problem, applied together, checked again until done.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixAll, fixPass, safeFixOf, applyEdits } from '../../src/core/fixAll';
import { check, codes, site } from './helpers';

const NAME = '2022-05-31-post.md';
const fm = (lines: string) => `---\nlayout: post\ntitle: "央行开展逆回购"\n${lines}---\n正文。\n`;

test('fix all: a date without offset and a comma list are fixed in one go; what has no safe fix stays', () => {
  const text = fm('date: 2022-05-31 09:15:00\ncategories: 财经, 要闻\nlayout2: x\n');
  const before = codes(check(text, NAME));
  assert.ok(before.includes('date-no-offset') && before.includes('categories-comma'), before.join());
  const r = fixAll(text, t => check(t, NAME).diagnostics);
  const after = codes(check(r.text, NAME));
  assert.ok(!after.includes('date-no-offset'), after.join());
  assert.ok(!after.includes('categories-comma'), after.join());
  assert.match(r.text, /date: 2022-05-31 09:15:00 \+0800/);
  assert.ok(r.fixed >= 2);
  // the body is untouched
  assert.ok(r.text.endsWith('---\n正文。\n'));
  // nothing to fix: the same text
  assert.equal(fixAll(r.text, t => check(t, NAME).diagnostics).text, fixAll(r.text, t => check(t, NAME).diagnostics).text);
});

test('fix all: only one code when asked; a rename is never taken; overlapping fixes wait for the next pass', () => {
  const text = fm('date: 2022-05-31 09:15:00\ncategories: 财经, 要闻\n');
  const r = fixAll(text, t => check(t, NAME).diagnostics, d => d.code === 'date-no-offset');
  const after = codes(check(r.text, NAME));
  assert.ok(!after.includes('date-no-offset') && after.includes('categories-comma'), after.join());
  // a file name without date: its fix is a rename, not taken
  const undated = check(fm('date: 2022-05-31 09:15:00 +0800\n'), '202205311345000006.md').diagnostics.find(d => d.code === 'filename-no-date')!;
  assert.ok(undated.fixes?.some(f => f.renameTo));
  assert.equal(safeFixOf(undated), undefined);
  // two fixes on the same range: the first is taken, the second waits
  const d = (start: number, end: number, newText: string) => ({ code: 'x', severity: 'warning' as const, message: '', start, end, fixes: [{ title: '', edits: [{ start, end, newText }], preferred: true }] });
  const p = fixPass([d(0, 3, 'A'), d(2, 5, 'B'), d(6, 7, 'C')]);
  assert.deepEqual(p.edits.map(e => e.newText), ['A', 'C']);
  assert.equal(applyEdits('0123456789', p.edits), 'A345C789');
  assert.equal(site().root !== undefined, true);
});
