// `newspost render` and `newspost strip` as scripts use them: the bundled dist/cli.js on posts written here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, runCli } from './helpers';

const run = (args: string[], cwd: string, input?: string) => runCli(args, cwd, {}, input);
import { emnewsPost, digestPost, keytip } from './previewFixtures';
import { renderPost } from '../../src/core/render';

const cli = path.join(repoRoot, 'dist/cli.js');

function makeSite(files: Record<string, string>, settings?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-preview-cli-'));
  fs.writeFileSync(path.join(dir, '_config.yml'), 'timezone: Asia/Shanghai\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  if (settings) {
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode/settings.json'), `// workspace settings\n${JSON.stringify(settings, null, 2)}\n`);
  }
  return dir;
}

test('render prints the preview body; --report prints [{rule, count}]', () => {
  const dir = makeSite({ '_posts/2022-05-27-a.md': emnewsPost() });
  const r = run(['render', '_posts/2022-05-27-a.md'], dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, renderPost(emnewsPost()).blocks.join(''));
  assert.match(r.out, /<p class="em_media" data-line="9" data-ch="\d+">（文章来源：证券日报）<\/p>/);
  const rep = run(['render', '--report', '_posts/2022-05-27-a.md'], dir);
  assert.equal(rep.code, 0, rep.err);
  assert.deepEqual(JSON.parse(rep.out), [{ rule: 'stock-chart', count: 1 }, { rule: 'hidden', count: 1 }, { rule: 'quote-links', count: 5 }]);
  assert.deepEqual(JSON.parse(run(['render', '--report', '_posts/2022-05-27-a.md', '--disable', 'quote-links,hidden'], dir).out), [{ rule: 'stock-chart', count: 1 }]);
  const plain = run(['render', '--no-anchors', '-'], dir, digestPost());
  assert.equal(plain.code, 0, plain.err);
  assert.doesNotMatch(plain.out, /data-line/);
  assert.match(plain.out, /央行今日开展1000亿元7天期逆回购操作/);
  assert.match(run(['render', '--show-stripped', '_posts/2022-05-27-a.md'], dir).out, /class="np-stripped np-stripped-remove" data-np-rule="stock chart"/);
});

test('render reads newsPost.preview.* from the nearest .vscode/settings.json, --rules adds, --no-settings ignores', () => {
  const body = '---\ntitle: "t"\n---\n<div class="promo">下载APP</div>\n<p>正文<img src="http://img.example.com/a.jpg"></p>\n';
  const dir = makeSite({ '_posts/2022-05-27-a.md': body, 'rules.json': '[{"id": "paras", "selector": "p", "action": "unwrap"}]' },
    { 'newsPost.preview.stripRules': [{ id: 'promo', label: 'promo box', selector: 'div.promo' }], 'newsPost.preview.allowHttpImages': true });
  const withSettings = run(['render', '--no-anchors', '_posts/2022-05-27-a.md'], dir);
  assert.equal(withSettings.out, '<p>正文<img src="http://img.example.com/a.jpg"></p>\n');
  const more = run(['render', '--report', '--rules', 'rules.json', '_posts/2022-05-27-a.md'], dir);
  assert.deepEqual(JSON.parse(more.out), [{ rule: 'promo', count: 1 }, { rule: 'paras', count: 1 }]);
  const bare = run(['render', '--no-anchors', '--no-settings', '_posts/2022-05-27-a.md'], dir);
  assert.match(bare.out, /<div class="promo">下载APP<\/div>/);
  assert.match(bare.out, /np-img-blocked/);
});

test('render: usage errors and unreadable files exit 2', () => {
  const dir = makeSite({});
  assert.equal(run(['render'], dir).code, 2);
  assert.equal(run(['render', 'a.md', 'b.md'], dir).code, 2);
  assert.equal(run(['render', '--bogus', 'a.md'], dir).code, 2);
  const missing = run(['render', 'missing.md'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing\.md/);
  const badRules = run(['render', '--rules', 'nope.json', '-'], dir, 'x');
  assert.equal(badRules.code, 2);
  assert.match(run(['render', '--help'], dir).out, /--report/);
});

test('strip: reports without --write (exit 1), strips with --write (exit 0), other files and bytes untouched', () => {
  const crlf = '---\r\ntitle: "t"\r\n---\r\n正文' + keytip('600999', '某某股份') + '。\r\n<script>track()</script>\r\n';
  const dir = makeSite({
    '_posts/2022-05-27-a.md': emnewsPost(), '_posts/2022-05-28-b.md': digestPost(), 'old_post/2022-05-29-c.markdown': '\uFEFF' + crlf,
    '_posts/notes.txt': '<script>x</script>',
  });
  const before = fs.readFileSync(path.join(dir, '_posts/2022-05-27-a.md'), 'utf8');
  const dry = run(['strip', '_posts', 'old_post/*.markdown'], dir);
  assert.equal(dry.code, 1, dry.err);
  assert.match(dry.out, /^_posts\/2022-05-27-a\.md: Stripped 7 items: stock chart ×1, hidden ×1, quote links ×5 \(not written\)$/m);
  assert.match(dry.out, /^old_post\/2022-05-29-c\.markdown: Stripped 2 items: script ×1, quote links ×1 \(not written\)$/m);
  assert.match(dry.out, /^9 items in 2 of 3 posts to strip/m);
  assert.equal(fs.readFileSync(path.join(dir, '_posts/2022-05-27-a.md'), 'utf8'), before, 'dry run writes nothing');

  const wet = run(['strip', '--write', '.'], dir);
  assert.equal(wet.code, 0, wet.err);
  assert.match(wet.out, /^9 items in 2 of 3 posts stripped$/m);
  const after = fs.readFileSync(path.join(dir, '_posts/2022-05-27-a.md'), 'utf8');
  assert.equal(after.slice(0, after.indexOf('> ')), before.slice(0, before.indexOf('> ')), 'front matter');
  assert.doesNotMatch(after, /keytip|EM_StockImg|display:none/);
  // BOM and CRLF kept; the line left empty goes with its CRLF
  assert.equal(fs.readFileSync(path.join(dir, 'old_post/2022-05-29-c.markdown'), 'utf8'), '\uFEFF---\r\ntitle: "t"\r\n---\r\n正文某某股份。\r\n');
  assert.equal(fs.readFileSync(path.join(dir, '_posts/2022-05-28-b.md'), 'utf8'), digestPost());
  assert.equal(fs.readFileSync(path.join(dir, '_posts/notes.txt'), 'utf8'), '<script>x</script>');
  const again = run(['strip', '.'], dir);
  assert.equal(again.code, 0);
  assert.match(again.out, /^nothing to strip in 3 posts$/m);
});

test('strip: missing paths, binary files and bad options exit 2; nothing is written for them', () => {
  const dir = makeSite({ '_posts/2022-05-27-bin.md': '\0\x01<script>x</script>' });
  const r = run(['strip', '--write', 'missing', '_posts'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /missing: no such post/);
  assert.match(r.err, /2022-05-27-bin\.md: not UTF-8 text, skipped/);
  assert.equal(fs.readFileSync(path.join(dir, '_posts/2022-05-27-bin.md'), 'utf8'), '\0\x01<script>x</script>');
  assert.equal(run(['strip'], dir).code, 2);
  assert.equal(run(['strip', '--frobnicate', '.'], dir).code, 2);
});
