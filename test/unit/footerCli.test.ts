// `newspost check` reports footer problems against the whole site (the bundled dist/cli.js on a site written here):
// the vocabulary comes from all of the site's posts even when one file is checked, category pages and the
// settings of .vscode/settings.json count, and --disable of every footer rule skips the reading.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, runCli as run } from './helpers';
import { emPost, sourcePost } from './footerFixtures';
import { KNOWLEDGE_RULES, readCategoryPages, readFactsText } from '../../src/core/footerSite';
import { siteKnowledge } from '../../src/cli/check';
import { CheckPool } from '../../src/core/checkPool';
import { SiteRoots } from '../../src/core/postFiles';

const cli = path.join(repoRoot, 'dist/cli.js');

function makeSite(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-footer-'));
  fs.writeFileSync(path.join(dir, '_config.yml'), 'timezone: Asia/Shanghai\n');
  fs.mkdirSync(path.join(dir, '_layouts'));
  fs.writeFileSync(path.join(dir, '_layouts/post.html'), '{{ content }}');
  fs.mkdirSync(path.join(dir, '_posts'));
  for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, '_posts', `2021-12-08-20211208220671234${i}.md`), emPost({ id: `20211208220671234${i}` }));
  fs.writeFileSync(path.join(dir, '_posts', '2021-12-08-202112082206799999.md'), emPost({ id: '202112082206799999', nav: null }));
  fs.writeFileSync(path.join(dir, '_posts', '2022-05-30-NW202205302396501234.md'), sourcePost({ slug: 'quanzhouwanbao', source: '泉州晚报', sourceInner: '(文章来源:泉州晚报)' }));
  fs.mkdirSync(path.join(dir, 'category'));
  fs.writeFileSync(path.join(dir, 'category', 'quanzhouwanbao.html'), '---\nlayout: category\ntitle: 泉州晚报新闻\ncategory: quanzhouwanbao\n---');
  return dir;
}

test('newspost check: footer problems judged against the whole site, even for one file', () => {
  const dir = makeSite();
  const all = JSON.parse(run(['check', '--format', 'json'], dir).out) as Array<{ file: string; code: string; line: number; message: string }>;
  const footer = all.filter(f => f.code.startsWith('footer-') || f.code === 'category-unknown');
  assert.deepEqual(footer.map(f => [path.basename(f.file), f.code]).sort(), [
    ['2021-12-08-202112082206799999.md', 'footer-missing'],
    ['2022-05-30-NW202205302396501234.md', 'footer-source-form'],
  ]);
  assert.match(footer.find(f => f.code === 'footer-missing')!.message, /7 of the site's 7 other posts have one/);
  // one file checked: the same verdict (the vocabulary is the site's, not the argument list's)
  const one = JSON.parse(run(['check', '--format', 'json', '_posts/2021-12-08-202112082206799999.md'], dir).out) as Array<{ code: string }>;
  assert.deepEqual(one.map(f => f.code).filter(c => c.startsWith('footer-')), ['footer-missing']);
  // a settings file names the site URL: the message builds the link with it
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{\n  // footers\n  "newsPost.footer.siteUrl": "https://news.example.com/",\n}\n');
  const withSetting = JSON.parse(run(['check', '--format', 'json'], dir).out) as Array<{ code: string; message: string }>;
  assert.match(withSetting.find(f => f.code === 'footer-missing')!.message, /\[返回东财滚动新闻\]\(https:\/\/news\.example\.com\/emnews\/\)/);
  // every knowledge rule disabled: none reported
  const off = JSON.parse(run(['check', '--format', 'json', '--disable', KNOWLEDGE_RULES.join(',')], dir).out) as Array<{ code: string }>;
  assert.deepEqual(off.filter(f => KNOWLEDGE_RULES.includes(f.code)), []);
});

test('site reading: category pages, and the head and tail of a huge post', async () => {
  const dir = makeSite();
  fs.writeFileSync(path.join(dir, 'category', '21shijijingjibaodao 21caijingAPP.html'), '---\nlayout: category\ntitle: 世界金属导报新闻\ncategory: 21shijijingjibaodao 21caijingAPP\n---');
  const pages = readCategoryPages(dir);
  assert.equal(pages.get('quanzhouwanbao'), '泉州晚报新闻');
  assert.equal(pages.get('21shijijingjibaodao 21caijingAPP'), '世界金属导报新闻');
  const huge = emPost({ digest: '<p>' + '长文。'.repeat(200000) + '</p>' });
  const file = path.join(dir, '_posts', '2021-12-09-202112092206700000.md');
  fs.writeFileSync(file, huge);
  const text = readFactsText(file)!;
  assert.ok(text.length < huge.length / 2);
  assert.ok(text.startsWith('---\nlayout: post') && text.endsWith('[返回首页](//finews.withounder.com/)'));
  fs.writeFileSync(path.join(dir, '_posts', '2021-12-09-binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0, 1, 2]));
  // the CLI's own reading of a site (in this thread: a pool of no workers), for one file of it
  const inline = new CheckPool('', 0);
  const k = (await siteKnowledge(inline, inline, [file], new SiteRoots(), new Set(), 1))[dir];
  assert.equal(k.vocabulary!.posts, 9, 'every readable post of the site, the binary one left out');
});
