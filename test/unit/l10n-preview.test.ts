// Localization of the preview and of `newspost render` / `newspost strip`: with the zh-cn catalog the page the
// webview gets (banner with its counts, toggle, notices, rule problems, placeholders) is Chinese, and the CLI
// under LANG=zh_CN.UTF-8 prints its help, per-file lines and summary in Chinese; LC_ALL=C keeps English.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setCatalog } from '../../src/core/l10n';
import { previewModel, buildPreviewPage } from '../../src/core/previewPage';
import { buildRules } from '../../src/core/stripRules';
import { renderPost } from '../../src/core/render';
import { repoRoot, site, NOW, runCli } from './helpers';
import { emnewsPost, digestPost } from './previewFixtures';

const zhBundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const SH = site('timezone: Asia/Shanghai\n');
const CJK = /[\u4e00-\u9fff]/;

function page(text: string, file: string, mode: 'strip' | 'show', problems: string[]) {
  const rules = buildRules([{ id: 'bad', selector: 'p:hovr' }]);
  const m = previewModel({ text, path: file, site: SH, now: NOW }, { rules: rules.rules, mode });
  return {
    model: m,
    html: buildPreviewPage({
      nonce: 'bm9uY2U=', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/preview.js', styleUri: 'https://x/preview.css',
      allowHttpImages: false, header: m.header, body: m.body, showStripped: mode === 'show', problems: [...rules.problems, ...problems],
    }),
  };
}

test('preview page in zh-cn: the banner, toggle, rule problems, labels and notices are Chinese, counts filled in', () => {
  const http = emnewsPost() + '\n<p><img src="http://img.example.com/k.png"></p>\n';
  let zh: ReturnType<typeof page>;
  let shown: ReturnType<typeof page>;
  let future: ReturnType<typeof page>;
  try {
    setCatalog(zhBundle);
    zh = page(http, '/site/_posts/2022-05-27-a.md', 'strip', []);
    shown = page(http, '/site/_posts/2022-05-27-a.md', 'show', []);
    future = page('---\nlayout: post\ntitle: ""\ndate: 2030-01-01 08:00:00 +0800\n---\n正文\n', '/site/_posts/2030-01-01-b.md', 'strip', []);
  } finally {
    setCatalog(undefined);
  }
  assert.equal(zh.model.body.summary, '已清除 7 项：股票走势图 ×1、隐藏内容 ×1、行情链接 ×5');
  assert.match(zh.html, /<span class="np-summary">已清除 7 项：股票走势图 ×1、隐藏内容 ×1、行情链接 ×5<\/span> <button [^>]*id="np-toggle"[^>]*>显示被清除的项目<\/button>/);
  assert.match(zh.html, /<div class="np-problem">已忽略规则：规则“bad”：选择器“p:hovr”无效：Unknown pseudo-class :hovr<\/div>/);
  assert.match(zh.html, /title="按本站时区显示的 page\.date">\(\+0800 Asia\/Shanghai\)/);
  assert.match(zh.html, /class="np-img-blocked"[^>]* title="已拦截 http: 图片（设置项 newsPost\.preview\.allowHttpImages）：http:\/\/img\.example\.com\/k\.png"/);
  // the layout's own "tags:" stays as the site prints it
  assert.match(zh.html, /<footer id="np-tags"><small>tags: <em>东财滚动新闻<\/em><\/small><\/footer>/);
  assert.match(shown.html, />隐藏被清除的项目<\/button>/);
  assert.match(shown.html, /class="np-stripped np-stripped-remove" data-np-rule="股票走势图"/);
  assert.match(future.html, /<p class="np-notice">日期在未来：到那时之前 Jekyll 不会发布这篇文章/);
  assert.match(future.html, /<h1 class="np-title np-title-missing">（无标题）<\/h1>/);
  // and English again once the catalog is gone
  assert.equal(renderPost(emnewsPost()).summary, 'Stripped 7 items: stock chart ×1, hidden ×1, quote links ×5');
  assert.doesNotMatch(page(http, '/site/_posts/2022-05-27-a.md', 'strip', []).html.replace(/<div id="np-content">[\s\S]*<\/div>/, ''), /已清除|显示被清除/);
});

const cli = path.join(repoRoot, 'dist/cli.js');

test('CLI render/strip under LANG=zh_CN.UTF-8: help, per-file lines, summary and errors in Chinese; LC_ALL=C English', { skip: !fs.existsSync(cli) && 'dist/cli.js missing: npm run build' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-preview-'));
  try {
    fs.writeFileSync(path.join(dir, '_config.yml'), 'timezone: Asia/Shanghai\n');
    fs.mkdirSync(path.join(dir, '_posts'));
    fs.writeFileSync(path.join(dir, '_posts/2022-05-27-a.md'), emnewsPost());
    fs.writeFileSync(path.join(dir, '_posts/2022-05-28-b.md'), emnewsPost());
    fs.writeFileSync(path.join(dir, '_posts/2021-12-08-c.md'), digestPost());
    const zh = { LANG: 'zh_CN.UTF-8' };

    const renderHelp = runCli(['render', '--help'], dir, zh);
    assert.equal(renderHelp.code, 0);
    assert.match(renderHelp.out, /^用法：newspost render <文件> \[--report\] \[选项\]/);
    assert.match(renderHelp.out, /^ {2}--report {13}改为输出被清除的项目，格式为 JSON/m);
    assert.match(renderHelp.out, /^ {2}--disable IDS {4}按 id 停用规则/m);
    assert.match(renderHelp.out, /退出状态：0 完成，2 用法不对或文件无法读取。/);
    const stripHelp = runCli(['strip', '--help'], dir, zh);
    assert.match(stripHelp.out, /^用法：newspost strip \[--write\] <路径或通配符…> \[选项\]/);
    assert.match(stripHelp.out, /^ {2}--write {10}写入文件/m);
    const top = runCli(['--help'], dir, zh);
    assert.match(top.out, /^ {2}render {3}按预览的显示方式输出文章正文/m);
    assert.match(top.out, /^ {2}strip {4}清除文章源文件中的广告代码/m);

    // --report: JSON, its rule ids as they are in every language
    const report = runCli(['render', '--report', '_posts/2022-05-27-a.md'], dir, zh);
    assert.deepEqual(JSON.parse(report.out), [{ rule: 'stock-chart', count: 1 }, { rule: 'hidden', count: 1 }, { rule: 'quote-links', count: 5 }]);
    const usage = runCli(['render', 'a.md', 'b.md'], dir, zh);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /^newspost render: render 只接受一个文件\n运行 `newspost render --help` 查看选项。\n$/);

    const dry = runCli(['strip', '_posts'], dir, zh);
    assert.equal(dry.code, 1, dry.err);
    assert.match(dry.out, /^_posts\/2022-05-27-a\.md: 已清除 7 项：股票走势图 ×1、隐藏内容 ×1、行情链接 ×5（未写入）$/m);
    assert.match(dry.out, /^3 篇文章中有 2 篇共 14 项待清除（加 --write 执行清除）$/m);
    const missing = runCli(['strip', 'nowhere.md'], dir, zh);
    assert.match(missing.err, /^newspost strip: nowhere\.md: 没有这篇文章$/m);

    const en = runCli(['strip', '_posts'], dir, { ...zh, LC_ALL: 'C' });
    assert.match(en.out, /^14 items in 2 of 3 posts to strip \(run with --write to strip them\)$/m);
    assert.doesNotMatch(en.out + runCli(['strip', '--help'], dir, { ...zh, LC_ALL: 'C' }).out, CJK);

    const written = runCli(['strip', '--write', '_posts'], dir, zh);
    assert.equal(written.code, 0, written.err);
    assert.match(written.out, /^已从 3 篇文章中的 2 篇清除 14 项$/m);
    assert.match(runCli(['strip', '_posts/2021-12-08-c.md'], dir, zh).out, /^1 篇文章中没有需要清除的内容$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
