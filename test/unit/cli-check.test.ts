// `newspost check` as CI runs it: the bundled dist/cli.js on a small site of posts written here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, post, GOOD_FM, runCli as run } from './helpers';
import { nestedItems } from '../../src/cli/check';

const cli = path.join(repoRoot, 'dist/cli.js');

function makeSite(posts: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-cli-'));
  fs.writeFileSync(path.join(dir, '_config.yml'), 'timezone: Asia/Shanghai\n');
  fs.mkdirSync(path.join(dir, '_layouts'));
  fs.writeFileSync(path.join(dir, '_layouts/post.html'), '{{ content }}');
  fs.mkdirSync(path.join(dir, '_posts'));
  for (const [name, text] of Object.entries(posts)) fs.writeFileSync(path.join(dir, '_posts', name), text);
  fs.writeFileSync(path.join(dir, 'about.md'), '\n---\ntitle: not a post\n---\n');
  return dir;
}

test('clean site: exit 0 and a summary line', () => {
  const dir = makeSite({ '2022-05-31-a.md': post(GOOD_FM) });
  const r = run(['check'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^0 errors, 0 warnings, 0 infos in 1 post$/m);
});

test('JSON: 1-based ranges, severities and codes; exit 1 on errors; pages outside _posts ignored', () => {
  const dir = makeSite({
    '2022-05-31-a.md': post(GOOD_FM.replace(' +0800', '')),
    // (another story: the same share link in both would be the same story saved twice)
    '2022-05-31-b.md': '\n' + post(GOOD_FM, '\n据新华社消息。\n\n<http://finance.eastmoney.com/news/1354,202205312398034851.html>\n'),
  });
  const r = run(['check', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.err);
  const findings = JSON.parse(r.out);
  assert.deepEqual(findings.map((f: { code: string }) => f.code), ['date-no-offset', 'frontmatter-not-at-start']);
  assert.deepEqual(findings[0], {
    file: path.join('_posts', '2022-05-31-a.md'), line: 4, column: 7, endLine: 4, endColumn: 26, severity: 'warning', code: 'date-no-offset',
    message: findings[0].message,
    fixes: findings[0].fixes,
  });
  assert.equal(findings[1].severity, 'error');
});

test('paths, globs, SARIF; bad usage exits 2', () => {
  const dir = makeSite({ '2022-05-31-a.md': post(GOOD_FM), 'x.md': post(GOOD_FM) });
  assert.equal(run(['check', '_posts/2022-*.md'], dir).code, 0);
  assert.equal(run(['check', '_posts/x.md'], dir).code, 1);
  const sarif = JSON.parse(run(['check', '--format=sarif', '_posts'], dir).out);
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].results[0].ruleId, 'filename-no-date');
  assert.equal(run(['check', '--format', 'xml'], dir).code, 2);
  assert.equal(run(['check', '--bogus'], dir).code, 2);
  assert.equal(run(['check', 'nothing-here'], dir).code, 2);
  assert.equal(run(['frobnicate'], dir).code, 2);
});

test('nestedItems: a batch printed by one stringify is what each item stringified and indented gives (JSON depth 1, SARIF depth 4)', () => {
  const items = [
    { file: '_posts/a.md', line: 1, column: 2, message: '两行\n"引号"', fixes: [] },
    { fixes: [{ title: 'x', edits: [{ range: [1, 2], newText: '' }] }], nested: { deep: [[], {}, [null, 0]] } },
    { empty: {}, list: [1, 'two', false] },
  ];
  for (const [depth, indent] of [[1, '  '], [4, '        ']] as const) {
    const oneByOne = items.map(f => JSON.stringify(f, null, 2).replace(/^/gm, indent)).join(',\n');
    assert.equal(nestedItems(items, depth), oneByOne);
    assert.equal(nestedItems(items.slice(0, 1), depth), oneByOne.slice(0, oneByOne.indexOf(',\n' + indent + '{')));
  }
  // the whole JSON output parses back to the findings
  const dir = makeSite({ '2022-05-31-a.md': '---\ntitle: "a\ndate: x\n---\n', '2022-05-31-b.md': post(GOOD_FM) });
  const r = run(['check', '--format', 'json'], dir);
  assert.ok(Array.isArray(JSON.parse(r.out)) && JSON.parse(r.out).length > 0, r.out);
});
