// Whole-site checking: the per-file check (odd files reported, not fatal), the index kept post by post, and
// `newspost check` giving the same answers with worker threads as without, on a generated site.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { repoRoot, post, GOOD_FM, NOW, runCli as run, writeSite } from './helpers';
import { checkOneFile, HEAD_BYTES } from '../../src/core/checkFile';
import { CheckService, FoundFile, PoolReply } from '../../src/core/checkPool';
import { PostIndex, PostSummary, summarizeCheck } from '../../src/core/postIndex';
import { SiteRoots, PostMatcher, isJekyllPost } from '../../src/core/postFiles';
import { loadSite } from '../../src/core/site';
import { LineIndex } from '../../src/core/text';
import { checkPost } from '../../src/core/check';
import { emptyVocabulary, addPostToVocabulary, postFactsOf } from '../../src/core/vocabulary';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { generateSite } = require(path.join(repoRoot, 'scripts/gen-site.cjs'));
const cli = path.join(repoRoot, 'dist/cli.js');

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `newspost-${prefix}-`));
}

function smallSite(posts: Record<string, string | Buffer>): string {
  return writeSite('site', posts);
}

test('checkOneFile: findings at the same 1-based positions as the checker; summary of the verdict', () => {
  const text = post(GOOD_FM.replace(' +0800', '').replace('tags: 东财滚动新闻', 'tags: 东财 滚动新闻'));
  const dir = smallSite({ '2022-05-31-a.md': text });
  const file = path.join(dir, '_posts/2022-05-31-a.md');
  const site = loadSite(dir);
  const r = checkOneFile(file, site, { now: NOW, facts: true });
  const expected = checkPost({ text, path: file, site }, { now: NOW });
  const li = new LineIndex(text);
  assert.deepEqual(r.findings, expected.diagnostics.map(d => {
    const s = li.position(d.start);
    const e = li.position(d.end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: d.severity, code: d.code, message: d.message };
  }));
  // (tags: 东财 滚动新闻 is two tags, Jekyll's documented form: nothing said without a post naming the whole string)
  assert.deepEqual(r.post.codes.sort(), ['date-no-offset']);
  assert.equal(r.post.warnings, 1);
  assert.equal(r.post.fate, 'built');
  assert.equal(r.post.hold, undefined);
  assert.equal(r.size, Buffer.byteLength(text));
  assert.equal(r.mtimeMs, fs.statSync(file).mtimeMs);
  assert.deepEqual(r.facts, postFactsOf(text, '_posts/2022-05-31-a.md'));
});

test('checkOneFile: binary, not UTF-8, huge, a folder and a FIFO are findings, never exceptions or hangs', () => {
  const huge = Buffer.from(post(GOOD_FM, '<p>一行数据</p>\n'.repeat(1_200_000)));
  assert.ok(huge.length > 16 * 1024 * 1024);
  const dir = smallSite({
    '2022-05-31-nul.md': Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(40)]),
    '2022-05-31-gbk.md': Buffer.concat([Buffer.from('---\ntitle: "'), Buffer.from([0xd1, 0xeb, 0xd0, 0xd0]), Buffer.from('"\n---\n')]),
    '2022-05-31-huge.md': huge,
  });
  fs.mkdirSync(path.join(dir, '_posts/2022-05-31-folder.md'));
  const site = loadSite(dir);
  const one = (name: string) => checkOneFile(path.join(dir, '_posts', name), site, { now: NOW });
  assert.deepEqual(one('2022-05-31-nul.md').findings.map(f => f.code), ['file-binary']);
  assert.equal(one('2022-05-31-nul.md').post.hold, 'not-text');
  assert.deepEqual(one('2022-05-31-gbk.md').findings.map(f => f.code), ['file-not-utf8']);
  const h = one('2022-05-31-huge.md');
  assert.deepEqual(h.findings.map(f => f.code), ['file-too-large']);
  assert.match(h.findings[0].message, new RegExp(`${(huge.length / 1048576).toFixed(1)} MB: only its first ${HEAD_BYTES / 1048576} MB`));
  assert.equal(h.post.fate, 'built', 'the front matter of a huge post is still judged');
  const folder = one('2022-05-31-folder.md');
  assert.deepEqual(folder.findings.map(f => [f.code, f.severity]), [['file-unreadable', 'error']]);
  assert.equal(folder.post.hold, 'not-text');
  const gone = one('2022-05-31-missing.md');
  assert.match(gone.findings[0].message, /ENOENT/);
  assert.equal(gone.missing, true);
  // the settings apply to these findings too
  const folderFile = path.join(dir, '_posts', '2022-05-31-folder.md');
  assert.deepEqual(checkOneFile(folderFile, site, { disabled: ['file-unreadable'] }).findings, []);
  assert.equal(checkOneFile(folderFile, site, { severity: { 'file-unreadable': 'warning' } }).findings[0].severity, 'warning');
  const fifo = path.join(dir, '_posts/2022-05-31-fifo.md');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    assert.deepEqual(one('2022-05-31-fifo.md').findings.map(f => f.code), ['file-unreadable'], 'a FIFO is refused, not waited on');
  }
});

function summary(file: string, root: string, facts: ReturnType<typeof postFactsOf>, diags: Array<{ severity: 'error' | 'warning' | 'info'; code: string; message: string }>, fate: 'built' | 'future' = 'built'): PostSummary {
  return { ...summarizeCheck(diags, { fate, frontMatter: 'read' }), file, siteRoot: root, size: 1, mtimeMs: 1, facts };
}

test('PostIndex: totals, held posts and the vocabulary follow every set and delete', () => {
  const idx = new PostIndex('/');
  const texts = [
    post('layout: post\ntitle: "a"\ndate: 2022-05-31 09:00:00 +0800\ncategories: yangxingwangzhan\ntags: 央行网站新闻\n', '\n<p class="em_media">（文章来源：央行网站）</p>\n'),
    post('layout: post\ntitle: "b"\ndate: 2022-05-31 09:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n'),
    post('layout: post\ntitle: "c"\ndate: 2022-05-31 09:00:00 +0800\ncategories: emnews cailianshe\ntags: 财联社新闻\n', '\n<p class="em_media">（文章来源：财联社）</p>\n'),
  ];
  const facts = texts.map(t => postFactsOf(t, '_posts/x.md'));
  idx.set(summary('/s/_posts/a.md', '/s', facts[0], [{ severity: 'warning', code: 'date-no-offset', message: 'm' }]));
  idx.set(summary('/s/_posts/b.md', '/s', facts[1], [{ severity: 'error', code: 'filename-no-date', message: 'n' }]));
  idx.set(summary('/s/_posts/sub/c.md', '/s', facts[2], [{ severity: 'info', code: 'future-date', message: 'f' }], 'future'));
  idx.set(summary('/t/_posts/d.md', '/t', facts[1], []));
  assert.deepEqual(idx.sites(), ['/s', '/t']);
  const t = idx.totalsOf('/s');
  assert.deepEqual([t.posts, t.errors, t.warnings, t.infos, t.held['bad-name'], t.held.future], [3, 1, 1, 1, 1, 1]);
  assert.deepEqual([...idx.held('/s').keys()].sort(), ['bad-name', 'future']);
  assert.equal(idx.totalsOf().posts, 4);

  const fresh = (fs: typeof facts) => {
    const v = emptyVocabulary();
    for (const f of fs) addPostToVocabulary(v, f);
    return v;
  };
  assert.deepEqual(idx.vocabulary('/s'), fresh(facts));
  assert.equal(idx.vocabulary('/s')!.categories.get('emnews'), 2);

  // re-checked with other facts: the counts move, nothing is counted twice
  idx.set(summary('/s/_posts/a.md', '/s', facts[1], []));
  assert.deepEqual(idx.vocabulary('/s'), fresh([facts[1], facts[1], facts[2]]));
  assert.equal(idx.totalsOf('/s').warnings, 0);

  // a deleted folder takes its posts (and only them) along
  const gone = idx.deleteUnder('/s/_posts/sub');
  assert.deepEqual(gone.map(g => g.file), ['/s/_posts/sub/c.md']);
  assert.deepEqual(idx.vocabulary('/s'), fresh([facts[1], facts[1]]));
  assert.equal(idx.deleteUnder('/s/_post').length, 0, 'a name prefix is not a folder');
  idx.delete('/s/_posts/a.md');
  idx.delete('/s/_posts/b.md');
  assert.deepEqual(idx.sites(), ['/t']);
  assert.equal(idx.vocabulary('/s')!.posts, 0);
});

test('walk: Jekyll\'s posts, or the editor\'s include/exclude selection; site roots found once per folder', () => {
  const dir = smallSite({ '2022-05-31-a.md': post(GOOD_FM), '_hidden.md': 'x', 'notes.txt': 'x' });
  fs.mkdirSync(path.join(dir, 'old_post'));
  fs.writeFileSync(path.join(dir, 'old_post/2021-12-08-b.md'), post(GOOD_FM));
  fs.mkdirSync(path.join(dir, '_drafts/deep'), { recursive: true });
  fs.writeFileSync(path.join(dir, '_drafts/deep/c.markdown'), post(GOOD_FM));
  fs.mkdirSync(path.join(dir, 'node_modules/_posts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/_posts/2022-01-01-x.md'), 'x');
  fs.symlinkSync(path.join(dir, 'old_post/2021-12-08-b.md'), path.join(dir, '_posts/2021-12-08-link.md'));
  const walk = (filter?: { folder: string; include: string[]; exclude: string[] }) => {
    const found: FoundFile[] = [];
    let done: PoolReply | undefined;
    new CheckService().handle({ type: 'walk', id: 1, dir, filter, batch: 2 }, r => { if (r.type === 'found') found.push(...r.files); else done = r; });
    assert.deepEqual(done, { type: 'done', id: 1, count: found.length });
    return found.map(f => path.relative(dir, f.file).split(path.sep).join('/'));
  };
  assert.deepEqual(walk(), ['_drafts/deep/c.markdown', '_posts/2021-12-08-link.md', '_posts/2022-05-31-a.md']);
  assert.deepEqual(walk({ folder: dir, include: ['**/_posts/**', 'old_post/**'], exclude: ['**/*-a.md'] }), ['_posts/2021-12-08-link.md', 'old_post/2021-12-08-b.md']);
  let probes = 0;
  const roots = new SiteRoots(p => { probes++; return fs.existsSync(p); });
  for (let i = 0; i < 50; i++) assert.ok(isJekyllPost(path.join(dir, `_posts/2022-05-31-p${i}.md`), roots));
  assert.ok(probes <= dir.split(path.sep).length + 1, `one probe per folder, got ${probes}`);
  const m = new PostMatcher({ folder: dir, include: ['**/_posts/**'], exclude: [] }, roots);
  assert.equal(m.matches(path.join(dir, '_posts/_hidden.md')), false, 'Jekyll\'s own rule still applies under _posts/');
  assert.equal(m.matches(path.join(dir, '../elsewhere/_posts/2022-05-31-a.md')), false, 'outside the folder');
});

test('newspost check: worker threads give the same output as the main thread, in every format, odd files included', () => {
  const dir = tmp('gen');
  const g = generateSite(dir, { posts: 700, odd: true });
  const byCode = new Map<string, number>();
  for (const format of ['text', 'json', 'sarif']) {
    const inline = run(['check', '--jobs', '0', '--format', format], dir);
    const workers = run(['check', '--jobs', '2', '--stats', '--format', format], dir);
    assert.equal(inline.code, 1, inline.err);
    assert.equal(workers.code, 1, workers.err);
    assert.match(workers.err, /704 posts in .* 2 worker threads/);
    assert.equal(workers.out, inline.out, `${format}: same bytes`);
    if (format === 'json') {
      for (const f of JSON.parse(workers.out)) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    } else if (format === 'sarif') {
      const s = JSON.parse(workers.out);
      assert.equal(s.runs[0].results.length, [...byCode.values()].reduce((a, b) => a + b, 0));
    } else {
      assert.match(workers.out, /^\d+ errors, \d+ warnings, \d+ infos in 704 posts$/m);
    }
  }
  // every planted defect is found, as often as it was planted
  for (const code of ['date-no-offset', 'filename-no-date', 'frontmatter-not-at-start', 'unpublished', 'future-date', 'yaml-syntax']) {
    assert.equal(byCode.get(code), g.defects[code], `${code}: planted ${g.defects[code]}, found ${byCode.get(code)}`);
  }
  assert.equal(byCode.get('file-binary'), 1);
  assert.equal(byCode.get('file-not-utf8'), 2);
  assert.equal(byCode.get('file-too-large'), 1);
});

test('newspost check: an empty result is still valid JSON and SARIF; --jobs is checked', () => {
  const dir = smallSite({ '2022-05-31-a.md': post(GOOD_FM) });
  assert.deepEqual(JSON.parse(run(['check', '--format', 'json'], dir).out), []);
  assert.deepEqual(JSON.parse(run(['check', '--format', 'sarif'], dir).out).runs[0].results, []);
  assert.equal(run(['check', '--jobs', 'many'], dir).code, 2);
});

test('gen-site: the same seed writes the same site', () => {
  const a = generateSite(tmp('gen-a'), { posts: 50 });
  const b = generateSite(tmp('gen-b'), { posts: 50 });
  const c = generateSite(tmp('gen-c'), { posts: 50, seed: 7 });
  const read = (g: { files: string[] }) => g.files.map(f => path.basename(f) + '\n' + fs.readFileSync(f, 'utf8'));
  assert.deepEqual(read(a), read(b));
  assert.notDeepEqual(read(a), read(c));
});
