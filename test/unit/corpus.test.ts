// The checker over the real posts of ../shared/corpus/finews (skipped when the corpus is absent):
// no crash, and exactly the real defects REPORT.md describes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkPost, CheckResult } from '../../src/core/check';
import { loadSite } from '../../src/core/site';
import { readPostFile } from '../../src/core/files';
import { corpusDir, NOW } from './helpers';

const present = fs.existsSync(path.join(corpusDir, '_config.yml'));

function checkFolder(folder: string): Map<string, CheckResult> {
  const site = loadSite(corpusDir);
  const out = new Map<string, CheckResult>();
  for (const name of fs.readdirSync(path.join(corpusDir, folder)).sort()) {
    const file = path.join(corpusDir, folder, name);
    const { text, invalidUtf8 } = readPostFile(file);
    // old_post/ is not a Jekyll folder: check its files as if they were in _posts/
    out.set(name, checkPost({ text, path: path.join(corpusDir, '_posts', name), site, invalidUtf8 }, { now: NOW }));
  }
  return out;
}

test('corpus _posts/: every post checked, the known defects found', { skip: !present && 'corpus not present (../shared/corpus/finews)' }, () => {
  const results = checkFolder('_posts');
  assert.ok(results.size >= 80);
  const withCode = (code: string) => [...results].filter(([, r]) => r.diagnostics.some(d => d.code === code)).map(([n]) => n);
  // the dateless file name, its empty title and its `date:  +0800`
  assert.deepEqual(withCode('filename-no-date'), ['-202205262391921712.md']);
  assert.deepEqual(withCode('title-empty'), ['-202205262391921712.md']);
  assert.deepEqual(withCode('date-invalid'), ['-202205262391921712.md']);
  assert.equal(results.get('-202205262391921712.md')!.jekyll.fate, 'skipped');
  // the files that start with a blank line (commit cfbae48)
  assert.deepEqual(withCode('frontmatter-not-at-start'), ['2021-12-08-202112082206885192.md', '2021-12-08-202112082206896791.md']);
  // zone-less dates: REPORT counts 70 in this folder; two of them are in the blank-line files, whose front matter Jekyll never reads
  assert.equal(withCode('date-no-offset').length, 68);
  // every diagnostic is one of these: nothing else is wrong in the real posts
  const seen = new Set([...results.values()].flatMap(r => r.diagnostics.map(d => d.code)));
  assert.deepEqual([...seen].sort(), ['date-invalid', 'date-no-offset', 'filename-no-date', 'footer-nav-form', 'footer-share-empty', 'frontmatter-not-at-start', 'title-empty']);
  // footers (judged without site knowledge here): the two empty share links `<>` REPORT.md (e) lists, and the
  // navigation lines of the old generators whose relative links (../emnews/, ./emnews/) resolve against the post's URL
  assert.deepEqual(withCode('footer-share-empty'), ['-202205262391921712.md', '2021-12-08-202112082206870651.md']);
  const navForm = [...results.values()].flatMap(r => r.diagnostics.filter(d => d.code === 'footer-nav-form'));
  assert.ok(navForm.length > 0 && navForm.every(d => /relative link/.test(d.message)), 'only relative links are reported without site knowledge');
  // what Jekyll 4.3.1 built (REPORT.md g): 83 of 84 posts, zone-less dates 8 hours late
  assert.equal([...results.values()].filter(r => r.jekyll.fate === 'built').length, results.size - 1);
  assert.equal(results.get('2021-12-01-init.md')!.jekyll.date, '2021-12-01 21:33:50 +0800');
  assert.equal(results.get('2022-05-31-NW202205312398034850.md')!.jekyll.date?.endsWith('+0800'), true);
  assert.deepEqual(results.get('2022-05-31-NW202205312398034850.md')!.jekyll.categories, ['cailianshe']);
  const blank = results.get('2021-12-08-202112082206885192.md')!.jekyll;
  assert.deepEqual([blank.frontMatter, blank.title, blank.date], ['none', '202112082206885192', '2021-12-08 00:00:00 +0800']);
});

test('corpus old_post/: checked without a crash', { skip: !present && 'corpus not present' }, () => {
  const results = checkFolder('old_post');
  assert.ok(results.size >= 40);
  for (const [name, r] of results) assert.notEqual(r.jekyll.fate, 'abort', name);
});
