// `newspost check --fix`, `--fix-dry-run` and the fixes of `--format json`, on sites written here in the image of the
// real corpus' defects (dates with no UTC offset on an Asia/Shanghai site, CRLF and BOM posts, a blank line
// before ---, a file name that disagrees with the date).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { runCli as run, repoRoot, writeSite } from './helpers';
import { applySafeFixes, fixText, lineStarts, offsetAt, unifiedDiff } from '../../src/cli/fix';
import { FileFinding } from '../../src/core/checkFile';

const haveCli = fs.existsSync(path.join(repoRoot, 'dist/cli.js'));
const skip = !haveCli && 'dist/cli.js missing: npm run build';

const FOOTER = '\n<p class="em_media">（文章来源：东财滚动）</p>\n\n<http://news.example.com/share/NewsShare.html?infoCode=NW202205311530120002>\n\n[返回东财滚动新闻](//news.example.com/category/emnews.html)｜[返回首页](//news.example.com/)\n';

function fm(date: string, title = '央行开展100亿元逆回购操作'): string {
  return `---\nlayout: post\ntitle: "${title}"\ndate: ${date}\ncategories: emnews\ntags: 东财滚动新闻\n---\n\n据新华社消息，央行今日开展逆回购操作。\n${FOOTER}`;
}

function makeSite(posts: Record<string, string | Buffer>): string {
  return writeSite('fix', posts, { 'category/emnews.html': '---\nlayout: category\ntitle: Emnews\ncategory: emnews\n---' });
}

/** Every file of a folder with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** 68 posts whose date lacks +0800 (as 68 of the corpus' posts do), at times all over the day. */
function noOffsetPosts(n = 68): Record<string, string> {
  const posts: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const hh = String((i * 7) % 24).padStart(2, '0');
    const mm = String((i * 13) % 60).padStart(2, '0');
    posts[`2022-05-31-kuaixun-${i}.md`] = fm(`2022-05-31 ${hh}:${mm}:00`, `快讯${i}`);
  }
  return posts;
}

test('--fix: 68 dates without +0800 get the site offset, nothing else changes; a second run changes no byte', { skip }, () => {
  const posts = noOffsetPosts();
  // a post whose only problem needs a rename: reported, not fixed, not renamed
  posts['2022-05-30-renamed.md'] = fm('2022-05-31 10:00:00 +0800');
  const dir = makeSite(posts);
  try {
    const before = run(['check', '--format', 'json'], dir);
    const codes = (JSON.parse(before.out) as Array<{ code: string }>).map(f => f.code);
    assert.equal(codes.filter(c => c === 'date-no-offset').length, 68);

    const r = run(['check', '--fix'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^newspost check: fixed 68 problems in 68 posts \(date-no-offset ×68\); left: 0 errors, 0 warnings, 1 info \(1 of them is fixed by renaming the file, which --fix does not do\)$/m);
    // what is left is printed as without --fix
    assert.match(r.out, /_posts\/2022-05-30-renamed\.md:4:7: info: .*\[filename-date-mismatch\]/);
    assert.match(r.out, /^0 errors, 0 warnings, 1 info in 69 posts$/m);
    for (const [name, text] of Object.entries(posts)) {
      const now = fs.readFileSync(path.join(dir, '_posts', name), 'utf8');
      const want = name.includes('renamed') ? text : text.replace(/^(date: .*)$/m, '$1 +0800');
      assert.equal(now, want, name);
    }
    assert.ok(fs.existsSync(path.join(dir, '_posts/2022-05-30-renamed.md')), 'no rename');
    assert.deepEqual(fs.readdirSync(path.join(dir, '_posts')).filter(f => f.endsWith('.tmp')), [], 'no temporary file left');

    const after = snapshot(dir);
    const again = run(['check', '--fix'], dir);
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /nothing to fix in 69 posts; left: 0 errors, 0 warnings, 1 info/);
    assert.deepEqual(snapshot(dir), after, 'a second --fix changes no byte');
    assert.equal(run(['check', '--fix-dry-run'], dir).out, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix keeps CRLF line ends and a BOM (unless the bom fix removes it); only the fixed spans change', { skip }, () => {
  const crlf = fm('2022-05-31 09:15:00').replace(/\n/g, '\r\n');
  const bomCrlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fm('2022-05-31 21:40:00').replace(/\n/g, '\r\n'))]);
  // a blank line (CRLF) before --- and no offset: two fixes, both in one run
  const blank = '\r\n' + fm('2022-05-31 07:05:00').replace(/\n/g, '\r\n');
  const dir = makeSite({ '2022-05-31-crlf.md': crlf, '2022-05-31-bom.md': bomCrlf, '2022-05-31-blank.md': blank });
  try {
    const r = run(['check', '--fix', '--disable', 'bom'], dir);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.err, /fixed 4 problems in 3 posts \(date-no-offset ×3, frontmatter-not-at-start ×1\)/);
    const read = (n: string) => fs.readFileSync(path.join(dir, '_posts', n));
    assert.equal(read('2022-05-31-crlf.md').toString(), crlf.replace('09:15:00', '09:15:00 +0800'));
    const bom = read('2022-05-31-bom.md');
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM stays');
    assert.equal(bom.toString('utf8', 3), fm('2022-05-31 21:40:00 +0800').replace(/\n/g, '\r\n'));
    assert.equal(read('2022-05-31-blank.md').toString(), fm('2022-05-31 07:05:00 +0800').replace(/\n/g, '\r\n'));
    // with the bom rule on, its own fix removes the BOM (and nothing else)
    const fixedBom = run(['check', '--fix'], dir);
    assert.match(fixedBom.err, /fixed 1 problem in 1 post \(bom ×1\)/);
    assert.equal(read('2022-05-31-bom.md').toString(), fm('2022-05-31 21:40:00 +0800').replace(/\n/g, '\r\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix-dry-run prints a unified diff that git apply turns into what --fix writes; nothing is written', { skip }, () => {
  const posts: Record<string, string | Buffer> = { ...noOffsetPosts(3), '2022-05-31-crlf.md': fm('2022-05-31 09:15:00').replace(/\n/g, '\r\n') };
  posts['2022-05-31-blank.md'] = '\n\n' + fm('2022-05-31 07:05:00');
  const dir = makeSite(posts);
  const copy = dir + '-copy';
  try {
    fs.cpSync(dir, copy, { recursive: true });
    const before = snapshot(dir);
    // (the posts share one share link: the same story saved five times, which is not what this test is about)
    const dry = run(['check', '--fix-dry-run', '--disable', 'story-duplicate'], dir);
    assert.equal(dry.code, 0, dry.err);
    assert.deepEqual(snapshot(dir), before, 'nothing written');
    assert.match(dry.err, /would fix 6 problems in 5 posts \(date-no-offset ×5, frontmatter-not-at-start ×1; nothing written\); left after fixing: 0 errors, 0 warnings, 0 infos/);
    assert.match(dry.out, /^--- a\/_posts\/2022-05-31-blank\.md\n\+\+\+ b\/_posts\/2022-05-31-blank\.md\n@@ -1,9 \+1,7 @@\n-\n-\n ---\n layout: post\n.*\n-date: 2022-05-31 07:05:00\n\+date: 2022-05-31 07:05:00 \+0800\n/m);
    assert.match(dry.out, /^-date: 2022-05-31 09:15:00\r\n\+date: 2022-05-31 09:15:00 \+0800\r\n/m);
    const patch = path.join(os.tmpdir(), `newspost-${process.pid}.patch`);
    fs.writeFileSync(patch, dry.out);
    const git = spawnSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: dir, encoding: 'utf8' });
    fs.rmSync(patch);
    if (git.error) return; // no git: the diff's shape was checked above
    assert.equal(git.status, 0, git.stderr);
    assert.equal(run(['check', '--fix', '--disable', 'story-duplicate'], copy).code, 0);
    assert.deepEqual(snapshot(dir), snapshot(copy), 'the dry run\'s diff is what --fix does');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test('overlapping fixes of two findings on one date: one per pass, until nothing is left; idempotent', { skip }, () => {
  // a fraction of a second (date-format) and no offset (date-no-offset): both fixes replace the date
  const dir = makeSite({ '2022-05-31-fraction.md': fm('2022-05-31 09:15:00.5') });
  try {
    const before = JSON.parse(run(['check', '--format', 'json'], dir).out) as Array<{ code: string }>;
    assert.deepEqual(before.map(f => f.code).sort(), ['date-format', 'date-no-offset']);
    const r = run(['check', '--fix'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /fixed 2 problems in 1 post \(date-format ×1, date-no-offset ×1\); left: 0 errors, 0 warnings, 0 infos/);
    const text = fs.readFileSync(path.join(dir, '_posts/2022-05-31-fraction.md'), 'utf8');
    assert.equal(text, fm('2022-05-31 09:15:00 +0800'), 'the date as written, without the fraction, in the site\'s zone');
    assert.match(run(['check', '--fix'], dir).err, /nothing to fix/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--format json: each finding has its fixes, 1-based edits that rebuild the fixed text; renames as renameTo', { skip }, () => {
  const text = fm('2022-05-31 09:15:00');
  const dir = makeSite({ '2022-05-31-a.md': text, '2022-05-30-b.md': fm('2022-05-31 10:00:00 +0800') });
  try {
    const r = run(['check', '--format', 'json'], dir);
    const findings = JSON.parse(r.out) as Array<{ file: string; code: string; fixes: Array<{ title: string; edits: Array<{ line: number; column: number; endLine: number; endColumn: number; newText: string }>; renameTo?: string; preferred: boolean }> }>;
    const rename = findings.find(f => f.code === 'filename-date-mismatch')!;
    assert.deepEqual(rename.fixes, [{ title: 'Rename the file to 2022-05-31-b.md', edits: [], renameTo: '2022-05-31-b.md', preferred: true }]);
    const date = findings.find(f => f.code === 'date-no-offset')!;
    assert.deepEqual(date.fixes[0], {
      title: "Add the site's UTC offset (+0800)",
      edits: [{ line: 4, column: 7, endLine: 4, endColumn: 26, newText: '2022-05-31 09:15:00 +0800' }],
      preferred: true,
    });
    // (the "Normalize" fix would write the same text here, so it is not offered twice)
    assert.equal(date.fixes.length, 1);
    // a consumer applying the edits by line and column gets the fixed post
    const e = date.fixes[0].edits[0];
    const lines = text.split('\n');
    lines[e.line - 1] = lines[e.line - 1].slice(0, e.column - 1) + e.newText + lines[e.endLine - 1].slice(e.endColumn - 1);
    assert.equal(lines.join('\n'), fm('2022-05-31 09:15:00 +0800'));
    // every finding has the field ([] when there is no fix)
    assert.ok(findings.every(f => Array.isArray(f.fixes)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const at = (line: number, column: number, endLine: number, endColumn: number, newText: string, code = 'x'): FileFinding => ({
  line, column, endLine, endColumn, severity: 'warning', code, message: code,
  fixes: [{ title: code, edits: [{ line, column, endLine, endColumn, newText }], preferred: true }],
});

test('applySafeFixes: non-overlapping fixes go in, overlapping and touching ones wait; non-preferred and renames never', () => {
  const text = 'abcdef\r\nghij\rklm\n';
  const starts = lineStarts(text);
  assert.deepEqual(starts, [0, 8, 13, 17]);
  assert.equal(offsetAt(starts, text.length, 2, 3), 10);
  assert.equal(offsetAt(starts, text.length, 2, 99), undefined);
  const notPreferred: FileFinding = { ...at(3, 1, 3, 2, 'K'), fixes: [{ title: 'n', edits: [{ line: 3, column: 1, endLine: 3, endColumn: 2, newText: 'K' }], preferred: false }] };
  const rename: FileFinding = { ...at(3, 1, 3, 1, ''), fixes: [{ title: 'r', edits: [], renameTo: 'x.md', preferred: true }] };
  const r = applySafeFixes(text, [at(1, 1, 1, 3, 'AB', 'a'), at(1, 2, 1, 4, 'zz', 'overlaps'), at(1, 3, 1, 3, '!', 'touches'), at(2, 2, 2, 3, 'H', 'b'), notPreferred, rename]);
  assert.equal(r.text, 'ABcdef\r\ngHij\rklm\n');
  assert.deepEqual(r.applied.map(f => f.code), ['a', 'b']);
  assert.deepEqual(r.deferred.map(f => f.code), ['overlaps', 'touches']);
  // fixText: the deferred ones are tried again on the re-checked text, within MAX_PASSES
  let checks = 0;
  const out = fixText('aaaa', [at(1, 1, 1, 3, 'b', 'one'), at(1, 2, 1, 4, 'c', 'two')], t => {
    checks++;
    return t.startsWith('ba') ? [at(1, 2, 1, 4, 'c', 'two')] : [];
  });
  assert.equal(out.text, 'bc');
  assert.deepEqual(out.fixed.map(f => f.code), ['one', 'two']);
  assert.equal(checks, 2);
  // a fix that keeps coming back stops after MAX_PASSES
  let n = 0;
  const loop = fixText('a', [at(1, 1, 1, 2, 'b')], t => { n++; return [at(1, 1, 1, 2, t === 'a' ? 'b' : 'a')]; });
  assert.ok(n <= 8 && loop.fixed.length === n);
});

test('unifiedDiff: hunks with 3 lines of context, CRLF kept, a missing last newline marked', () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');
  const b = a.replace('line 2\n', 'line two\n').replace('line 19\n', '');
  assert.equal(unifiedDiff('f.md', a, b), [
    '--- a/f.md', '+++ b/f.md',
    '@@ -1,5 +1,5 @@', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', ' line 5',
    '@@ -16,5 +16,4 @@', ' line 16', ' line 17', ' line 18', '-line 19', ' line 20', '',
  ].join('\n'));
  assert.equal(unifiedDiff('f.md', 'x\r\ny', 'x\r\nz'), '--- a/f.md\n+++ b/f.md\n@@ -1,2 +1,2 @@\n x\r\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n');
  assert.equal(unifiedDiff('f.md', 'same', 'same'), '');
  assert.equal(unifiedDiff('f.md', '', 'new\n'), '--- a/f.md\n+++ b/f.md\n@@ -0,0 +1,1 @@\n+new\n');
});

test('--format sarif: the text-edit fixes as SARIF fixes (replacements), renames left out', { skip }, () => {
  const dir = makeSite({ '2022-05-31-a.md': fm('2022-05-31 09:15:00'), '2022-05-30-b.md': fm('2022-05-31 10:00:00 +0800') });
  try {
    const sarif = JSON.parse(run(['check', '--format', 'sarif'], dir).out);
    const results = sarif.runs[0].results as Array<{ ruleId: string; fixes?: unknown[] }>;
    assert.equal(results.find(r => r.ruleId === 'filename-date-mismatch')!.fixes, undefined);
    assert.deepEqual(results.find(r => r.ruleId === 'date-no-offset')!.fixes![0], {
      description: { text: "Add the site's UTC offset (+0800)" },
      artifactChanges: [{
        artifactLocation: { uri: '_posts/2022-05-31-a.md' },
        replacements: [{ deletedRegion: { startLine: 4, startColumn: 7, endLine: 4, endColumn: 26 }, insertedContent: { text: '2022-05-31 09:15:00 +0800' } }],
      }],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
