// Localization: every message in src/ has its Simplified Chinese translation, every package.json string its
// package.nls entries, and a checked post, the CLI and its worker threads really speak Chinese under zh-CN.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setCatalog, t, format, bundleLocale, loadCatalogForLocale, localeFromEnv, currentCatalog } from '../../src/core/l10n';
import { check, find, site, repoRoot, runCli } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { scan, placeholders } = require(path.join(repoRoot, 'scripts/l10n-scan.cjs')) as {
  scan(dir: string): { messages: Map<string, Array<{ file: string; line: number }>>; problems: string[] };
  placeholders(s: string): number[];
};

const L10N = path.join(repoRoot, 'l10n');
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>;
const zhBundle = readJson(path.join(L10N, 'bundle.l10n.zh-cn.json')) as Record<string, string>;
const CJK = /[\u4e00-\u9fff]/;
/** English worth translating: at least one word (not only placeholders and punctuation). */
const hasWords = (s: string) => /[A-Za-z]{2,}/.test(s.replace(/\{\d+\}/g, ''));

test('every t() / l10n.t() message in src/ is a string literal with matching placeholders, translated to zh-cn', () => {
  const { messages, problems } = scan(path.join(repoRoot, 'src'));
  assert.deepEqual(problems, [], 'calls the scanner (and @vscode/l10n-dev) cannot read');
  assert.ok(messages.size > 150, `only ${messages.size} messages found: is the scanner finding the calls?`);
  const missing: string[] = [];
  const bad: string[] = [];
  for (const [message, where] of messages) {
    const zh = zhBundle[message];
    const at = `${where[0].file}:${where[0].line}`;
    if (typeof zh !== 'string' || !zh.trim()) { missing.push(`${at}: ${JSON.stringify(message)}`); continue; }
    if (placeholders(zh).join() !== placeholders(message).join()) bad.push(`${at}: placeholders differ: ${JSON.stringify(message)} → ${JSON.stringify(zh)}`);
    if (hasWords(message) && !CJK.test(zh)) bad.push(`${at}: not translated: ${JSON.stringify(zh)}`);
  }
  assert.deepEqual(missing, [], 'messages without a zh-cn translation (add them to l10n/bundle.l10n.zh-cn.json; see docs/l10n.md)');
  assert.deepEqual(bad, []);
  const unused = Object.keys(zhBundle).filter(k => !messages.has(k));
  assert.deepEqual(unused, [], 'translations no message uses any more (the English changed?)');
});

test('the scanner fails on a message that is not a string literal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-scan-'));
  fs.writeFileSync(path.join(dir, 'a.ts'), [
    "import { t } from './core/l10n';",
    "import * as vscode from 'vscode';",
    'const n = 3;',
    "export const ok = t('{0} posts', n) + vscode.l10n.t('Hello {0}', 'x');",
    'export const bad = t(`${n} posts`);',
    "export const concat = vscode.l10n.t('a' + 'b');",
    "export const holes = t('{0} and {2}', 1, 2);",
  ].join('\n'));
  const { messages, problems } = scan(dir);
  assert.deepEqual([...messages.keys()].sort(), ['Hello {0}', '{0} and {2}', '{0} posts']);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /a\.ts:5: .*not a string literal/);
  assert.match(problems[1], /a\.ts:6: .*not a string literal/);
  assert.match(problems[2], /a\.ts:7: .*placeholders \{0\},\{2\} for 2 argument/);
});

/** The user-facing strings of package.json's contributes (and description) that must be %keys%. */
function manifestStrings(pkg: Record<string, any>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [['description', pkg.description]];
  const c = pkg.contributes ?? {};
  (c.commands ?? []).forEach((x: any, i: number) => {
    for (const k of ['title', 'category', 'shortTitle']) if (x[k] !== undefined) out.push([`commands[${i}].${k}`, x[k]]);
  });
  const configs = Array.isArray(c.configuration) ? c.configuration : c.configuration ? [c.configuration] : [];
  configs.forEach((cfg: any, i: number) => {
    if (cfg.title !== undefined) out.push([`configuration[${i}].title`, cfg.title]);
    const walk = (name: string, p: any) => {
      for (const k of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) if (p[k] !== undefined) out.push([`${name}.${k}`, p[k]]);
      for (const k of ['enumDescriptions', 'markdownEnumDescriptions']) (p[k] ?? []).forEach((d: unknown, j: number) => out.push([`${name}.${k}[${j}]`, d]));
      for (const [sub, q] of Object.entries(p.properties ?? {})) walk(`${name}.${sub}`, q);
      if (p.items && typeof p.items === 'object') walk(`${name}.items`, p.items);
    };
    for (const [name, p] of Object.entries(cfg.properties ?? {})) walk(name, p);
  });
  for (const [where, list] of Object.entries(c.viewsContainers ?? {})) (list as any[]).forEach((v, i) => out.push([`viewsContainers.${where}[${i}].title`, v.title]));
  for (const [where, list] of Object.entries(c.views ?? {})) {
    (list as any[]).forEach((v, i) => {
      out.push([`views.${where}[${i}].name`, v.name]);
      if (v.contextualTitle !== undefined) out.push([`views.${where}[${i}].contextualTitle`, v.contextualTitle]);
    });
  }
  (c.viewsWelcome ?? []).forEach((v: any, i: number) => out.push([`viewsWelcome[${i}].contents`, v.contents]));
  (c.submenus ?? []).forEach((v: any, i: number) => out.push([`submenus[${i}].label`, v.label]));
  (c.walkthroughs ?? []).forEach((w: any, i: number) => {
    out.push([`walkthroughs[${i}].title`, w.title], [`walkthroughs[${i}].description`, w.description]);
    (w.steps ?? []).forEach((s: any, j: number) => {
      out.push([`walkthroughs[${i}].steps[${j}].title`, s.title], [`walkthroughs[${i}].steps[${j}].description`, s.description]);
      if (s.media?.altText !== undefined) out.push([`walkthroughs[${i}].steps[${j}].media.altText`, s.media.altText]);
      // a markdown page is English: its path is a %key% whose zh-cn value is the Chinese page
      if (s.media?.markdown !== undefined) out.push([`walkthroughs[${i}].steps[${j}].media.markdown`, s.media.markdown]);
    });
  });
  return out;
}

test('package.json: every user-facing string is a %key% of package.nls.json and package.nls.zh-cn.json, and no key is unused', () => {
  const raw = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
  const pkg = JSON.parse(raw);
  const nls = readJson(path.join(repoRoot, 'package.nls.json'));
  const zh = readJson(path.join(repoRoot, 'package.nls.zh-cn.json'));
  const english = manifestStrings(pkg).filter(([, v]) => typeof v !== 'string' || !/^%[^%\s]+%$/.test(v));
  assert.deepEqual(english, [], 'strings written in package.json instead of package.nls.json');
  const used = new Set([...raw.matchAll(/"%([^%"\s]+)%"/g)].map(m => m[1]));
  const problems: string[] = [];
  for (const k of used) {
    if (typeof nls[k] !== 'string' || !(nls[k] as string).trim()) problems.push(`${k}: not in package.nls.json`);
    const z = zh[k];
    if (typeof z !== 'string' || !z.trim()) problems.push(`${k}: not in package.nls.zh-cn.json`);
    else if (/^[\w./-]+\.md$/.test(z)) {
      // a walkthrough page: the Chinese one exists, and is Chinese
      for (const f of [nls[k] as string, z]) if (!fs.existsSync(path.join(repoRoot, f))) problems.push(`${k}: ${f} does not exist`);
      if (z === nls[k] || !CJK.test(fs.readFileSync(path.join(repoRoot, z), 'utf8'))) problems.push(`${k}: ${z} is not a Chinese page`);
    } else if (hasWords(nls[k] as string) && !CJK.test(z)) problems.push(`${k}: not translated: ${JSON.stringify(z)}`);
  }
  for (const k of Object.keys(nls)) if (!used.has(k)) problems.push(`${k}: unused in package.nls.json`);
  for (const k of Object.keys(zh)) if (!used.has(k)) problems.push(`${k}: unused in package.nls.zh-cn.json`);
  assert.deepEqual(problems, []);
  assert.equal(pkg.l10n, './l10n', 'package.json names the l10n/ bundles');
});

test('t(): catalog lookup, placeholders filled, Liquid braces and missing translations left alone', () => {
  try {
    setCatalog({ 'Rename the file to {0}': '把文件改名为 {0}', 'empty': '' });
    assert.equal(t('Rename the file to {0}', '2024-03-05-a.md'), '把文件改名为 2024-03-05-a.md');
    assert.equal(t('Not in the catalog {0}', 7), 'Not in the catalog 7');
    assert.equal(t('empty'), 'empty', 'an empty translation falls back to English');
    assert.equal(format('wrap {% raw %}{{ x }}{% endraw %} {0} {1} {0}', ['a']), 'wrap {% raw %}{{ x }}{% endraw %} a {1} a');
    assert.equal(t('{1} before {0}', 'a', 'b'), 'b before a');
  } finally {
    setCatalog(undefined);
  }
  assert.equal(currentCatalog(), undefined);
});

test('locales: POSIX and BCP 47 names map to the zh-cn bundle; C and English to none; LC_ALL > LC_MESSAGES > LANG', () => {
  for (const l of ['zh_CN.UTF-8', 'zh_CN.utf8', 'zh-CN', 'zh', 'zh_CN', 'zh_SG.UTF-8', 'zh-Hans', 'zh-Hans-CN', 'zh_CN.GB18030@euro']) assert.equal(bundleLocale(l), 'zh-cn', l);
  for (const l of ['C', 'POSIX', 'C.UTF-8', 'en_US.UTF-8', 'en', '', undefined]) assert.equal(bundleLocale(l), undefined, String(l));
  assert.equal(bundleLocale('ja_JP.UTF-8'), 'ja-jp');
  assert.equal(localeFromEnv({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' }), 'C');
  assert.equal(localeFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' }), 'zh_CN.UTF-8');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh_CN.UTF-8');
  try {
    assert.equal(loadCatalogForLocale('zh_CN.UTF-8', L10N), 'zh-cn');
    assert.equal(currentCatalog()?.['Remove the byte-order mark'], zhBundle['Remove the byte-order mark']);
    assert.equal(loadCatalogForLocale('zh_TW.UTF-8', L10N), undefined, 'no Traditional Chinese bundle: English');
    assert.equal(currentCatalog(), undefined);
    assert.equal(loadCatalogForLocale('zh', path.join(L10N, 'no-such-dir')), undefined);
  } finally {
    setCatalog(undefined);
  }
});

// A broken post in the image of the sites' (invented text): an unknown layout, a title set twice, a date without
// its UTC offset (read as UTC: eight hours later, the next day), categories with an ASCII comma, tags with a
// full-width one, and Liquid in the body.
const BROKEN = [
  '---',
  'layout: pots',
  'title: "证监会发布新规"',
  'title: 证监会就上市公司信息披露新规公开征求意见',
  'date: 2024-03-05 23:30:00',
  'categories: 要闻,财经',
  'tags: 证券，监管',
  '---',
  '',
  '证监会今日发布《上市公司信息披露管理办法（征求意见稿）》，向社会公开征求意见，截止日期为 {{ 截止日期 }}。',
  '',
].join('\n');

test('with the zh-cn catalog, a broken post is reported in Chinese with its values filled in', () => {
  const s = site('timezone: Asia/Shanghai\n');
  const english = check(BROKEN, '2024-03-05-zjh-xinpi.md', s);
  try {
    setCatalog(zhBundle);
    const r = check(BROKEN, '2024-03-05-zjh-xinpi.md', s);
    assert.deepEqual(r.diagnostics.map(d => d.code), english.diagnostics.map(d => d.code), 'the same findings in either language');
    for (const d of r.diagnostics) {
      assert.match(d.message, CJK, `${d.code} in Chinese: ${d.message}`);
      for (const f of d.fixes ?? []) assert.match(f.title, CJK, `${d.code}'s fix in Chinese: ${f.title}`);
    }
    const offset = find(r, 'date-no-offset');
    assert.equal(offset.message, '此日期没有写 UTC 偏移量，YAML 会把它当作 UTC 时间：网站显示为 2024-03-06 07:30:00 +0800（Asia/Shanghai），' +
      '比所写的时间晚 8 小时，已经跨到另一天（URL 为 /2024/03/06/…）。请加上网站所在时区的偏移量：2024-03-05 23:30:00 +0800。');
    // (one fix: normalizing would write the same text)
    assert.deepEqual(offset.fixes?.map(f => f.title), ['加上网站的 UTC 偏移量（+0800）']);
    assert.match(find(r, 'yaml-duplicate-key').message, /^第 4 行又设置了一次“title”：Jekyll 采用最后一个值/);
    const layout = find(r, 'layout-unknown');
    assert.match(layout.message, /^_layouts\/ 中没有布局“pots”：.*是否想用“post”？$/);
    assert.equal(layout.fixes?.[0].title, '改为“post”');
    assert.equal(find(r, 'categories-comma').message, 'Jekyll 只按空格拆分分类，逗号会留在分类名中："要闻,财经"。请写成 YAML 列表：[要闻, 财经]。');
    assert.equal(find(r, 'tags-fullwidth-comma').message, '全角标点在 Jekyll 看来不是分隔符：这是一个标签，即 "证券，监管"。');
    assert.match(find(r, 'liquid-in-body').message, /^Liquid 在这里把“\{\{ 截止日期 \}\}”渲染为空：截止日期 在这个站点上没有值/);
  } finally {
    setCatalog(undefined);
  }
  // and back in English
  assert.match(find(check(BROKEN, '2024-03-05-zjh-xinpi.md', s), 'date-no-offset').message, /^This date has no UTC offset/);
});

test('Jekyll\'s own abort text stays English (its build log) whatever the language', () => {
  try {
    setCatalog(zhBundle);
    const bad = check('---\nlayout: post\ntitle: 测试\ndate: 2024-13-45\n---\n正文\n', '2024-01-01-y.md');
    assert.equal(bad.jekyll.fate, 'abort');
    assert.equal(bad.jekyll.abortMessage, "Invalid date '2024-13-45': Document '_posts/2024-01-01-y.md' does not have a valid date in the YAML front matter.");
    assert.match(find(bad, 'date-invalid').message, /^Jekyll 会中止构建："Invalid date '2024-13-45': Document/);
    const liquid = check('---\nlayout: post\ntitle: 测试\ndate: 2024-01-01 10:00:00 +0800\n---\n{% if x %}未闭合\n', '2024-01-01-z.md');
    assert.equal(liquid.jekyll.abortMessage, "Liquid syntax error (line 2): 'if' tag was never closed in _posts/2024-01-01-z.md");
    assert.match(find(liquid, 'liquid-error').message, /^Jekyll 会中止整个网站的构建："Liquid syntax error/);
  } finally {
    setCatalog(undefined);
  }
});

const cli = path.join(repoRoot, 'dist/cli.js');
const worker = path.join(repoRoot, 'dist/checkWorker.js');

function tmpSite(posts: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-site-'));
  fs.writeFileSync(path.join(dir, '_config.yml'), 'timezone: Asia/Shanghai\n');
  fs.mkdirSync(path.join(dir, '_layouts'));
  fs.writeFileSync(path.join(dir, '_layouts/post.html'), '{{ content }}');
  fs.mkdirSync(path.join(dir, '_posts'));
  for (let i = 0; i < posts; i++) {
    // no UTC offset (a warning), and every tenth post dated in a month that does not exist (an error)
    const date = i % 10 === 0 ? '2024-13-01 09:00:00 +0800' : `2024-03-05 09:${String(i % 60).padStart(2, '0')}:00`;
    fs.writeFileSync(path.join(dir, '_posts', `2024-03-05-kuaixun-${i}.md`), `---\nlayout: post\ntitle: 快讯第${i}条\ndate: ${date}\n---\n央行今日开展逆回购操作。\n`);
  }
  return dir;
}

test('CLI: LANG=zh_CN.UTF-8 prints Chinese (help, problems, summary, usage errors); LC_ALL=C English', { skip: !fs.existsSync(cli) && 'dist/cli.js missing: npm run build' }, () => {
  const dir = tmpSite(3);
  try {
    const zh = runCli(['check'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.equal(zh.code, 1, zh.err);
    assert.match(zh.out, /^_posts\/2024-03-05-kuaixun-0\.md:4:7: error: Jekyll 会中止构建："Invalid date '2024-13-01 09:00:00 \+0800'/m);
    assert.match(zh.out, /^_posts\/2024-03-05-kuaixun-1\.md:4:7: warning: 此日期没有写 UTC 偏移量.*网站显示为 2024-03-05 17:01:00 \+0800（Asia\/Shanghai），比所写的时间晚 8 小时。/m);
    assert.match(zh.out, /^1 个错误，2 个警告，0 个提示（共 3 篇文章）$/m);
    const en = runCli(['check'], dir, { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' });
    assert.match(en.out, /^1 error, 2 warnings, 0 infos in 3 posts$/m);
    assert.doesNotMatch(en.out, CJK);
    const messages = runCli(['check'], dir, { LANG: 'C', LC_MESSAGES: 'zh_CN.UTF-8' });
    assert.match(messages.out, /（共 3 篇文章）/);
    const help = runCli(['check', '--help'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.match(help.out, /^用法：newspost check /);
    assert.match(help.out, /退出状态：0 没有错误，1 至少有一个错误，2 用法不对/);
    const usage = runCli(['check', '--jobs', 'x'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.equal(usage.code, 2);
    assert.match(usage.err, /^newspost check: --jobs 需要工作线程数（给出的是 x）/);
    const unknown = runCli(['frobnicate'], dir, { LANG: 'zh-CN' });
    assert.match(unknown.err, /^newspost: 未知命令“frobnicate”（可用命令：check, list, render, strip, help）\n运行 `newspost --help` 查看可用命令。/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: the worker threads speak the language too (300 posts, 2 threads)', { skip: !(fs.existsSync(cli) && fs.existsSync(worker)) && 'dist/ missing: npm run build' }, () => {
  const dir = tmpSite(300);
  try {
    const r = runCli(['check', '--jobs', '2', '--format', 'json'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.equal(r.code, 1, r.err);
    const findings = JSON.parse(r.out) as Array<{ file: string; code: string; message: string }>;
    assert.equal(findings.length, 300);
    assert.deepEqual(findings.filter(f => !CJK.test(f.message)), [], 'findings in English');
    assert.equal(findings.filter(f => f.code === 'date-invalid').length, 30);
    const stats = runCli(['check', '--jobs', '2', '--stats'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.match(stats.err, /newspost check: 300 篇文章，用时 [\d.]+ 秒，每秒 \d+ 篇；2 个工作线程；内存峰值 \d+ MB/);
    assert.match(stats.out, /^30 个错误，270 个警告，0 个提示（共 300 篇文章）$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
