// The preview page exactly as the webview gets it (src/core/previewPage.ts + media/preview.js/.css), loaded in
// headless Chromium with an XSS corpus of our own: nothing executes (no __hit call, no dialog), nothing is
// fetched from the attacker's origin, the page never navigates and holds no frame. Then the CSP alone (the
// payloads put in the page unsanitised) must still stop every script. A control page without our CSP and
// sanitiser shows the harness does catch execution. Skipped when Chromium or playwright-core is missing.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { AddressInfo } from 'net';
import { randomBytes } from 'crypto';
import { repoRoot } from './helpers';
import { renderBody, RenderedBody } from '../../src/core/render';
import { buildPreviewPage, buildSitePreviewPage, sitePageNotes, PostHeader } from '../../src/core/previewPage';
import { renderSitePage } from '../../src/core/sitePage';
import { loadSite } from '../../src/core/site';
import { xssCorpus } from './xssCorpus';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
let skip: string | false = false;
if (!fs.existsSync(CHROMIUM)) skip = `no Chromium at ${CHROMIUM}`;
else {
  try { require.resolve('playwright-core'); } catch { skip = 'playwright-core not installed'; }
}

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

let browser: Browser | undefined;
let site: http.Server | undefined;
let pwnServer: http.Server | undefined;
let origin = '';
let pwn = '';
const pages = new Map<string, string>();
/** The site of the layout test (its files served under /site/). */
let siteRoot: string | undefined;
const pwnHits: string[] = [];

function listen(server: http.Server): Promise<string> {
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

before(async () => {
  if (skip) return;
  site = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/page/') && pages.has(url)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages.get(url));
    } else if (url.startsWith('/site/') && siteRoot && !url.includes('..') && fs.existsSync(path.join(siteRoot, url.slice(6).replace(/[?#].*$/, '')))) {
      res.writeHead(200, { 'content-type': url.endsWith('.css') ? 'text/css' : 'application/octet-stream' });
      res.end(fs.readFileSync(path.join(siteRoot, url.slice(6).replace(/[?#].*$/, ''))));
    } else if (url === '/media/preview.js' || url === '/media/preview.css' || url === '/media/preview-chrome.css') {
      res.writeHead(200, { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/css' });
      res.end(fs.readFileSync(path.join(repoRoot, url)));
    } else {
      res.writeHead(404).end();
    }
  });
  pwnServer = http.createServer((req, res) => {
    pwnHits.push(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<script>parent.__hit && parent.__hit("pwn-served")</script>');
  });
  origin = await listen(site);
  pwn = await listen(pwnServer);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(os.tmpdir(), `newspost-xss-${process.pid}`) },
  });
});

after(async () => {
  await browser?.close();
  site?.close();
  pwnServer?.close();
});

const HEADER: PostHeader = { date: '2022-05-31 18:03:41', zone: '+0800 Asia/Shanghai', title: '标题<script>__hit("title")</script>', tags: ['东财滚动新闻<img src=x onerror=__hit("tag")>'] };

function page(name: string, body: RenderedBody, allowHttpImages = false): string {
  const url = `/page/${name}`;
  pages.set(url, buildPreviewPage({
    nonce: randomBytes(16).toString('base64'), cspSource: origin, scriptUri: `${origin}/media/preview.js`, styleUri: `${origin}/media/preview.css`,
    allowHttpImages, header: HEADER, body, showStripped: body.total > 0 && name.includes('show'), problems: ['<b onmouseover=__hit("problem")>rule</b>'],
  }));
  return url;
}

interface Observed {
  hits: string[];
  dialogs: string[];
  navigations: string[];
  posted: Array<{ type: string; href?: string }>;
  frames: number;
  ownScriptRan: boolean;
}

/** One browser tab that loads pages one after the other and reports what each did. */
class Tab {
  private page!: Page;
  private url = '';
  private dialogs: string[] = [];
  private navigations: string[] = [];
  private consoleHits: string[] = [];

  static async open(): Promise<Tab> {
    const t = new Tab();
    const ctx = await browser!.newContext();
    // offline: anything not on our two local servers fails at once instead of waiting for DNS
    await ctx.route(u => !u.href.startsWith(origin) && !u.href.startsWith(pwn), r => r.abort());
    await ctx.addInitScript(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      w.__hits = [];
      w.__posted = [];
      w.__hit = (label: unknown) => { (w.__hits as unknown[]).push(String(label)); console.log('XSS-HIT ' + String(label)); };
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => (w.__posted as unknown[]).push(m), setState() {}, getState() { return undefined; } });
    });
    const p = t.page = await ctx.newPage();
    p.on('dialog', d => { t.dialogs.push(d.message()); void d.dismiss(); });
    p.on('console', m => { if (m.text().startsWith('XSS-HIT ')) t.consoleHits.push(m.text().slice(8)); });
    p.on('framenavigated', f => { if (f === p.mainFrame() && f.url() !== origin + t.url) t.navigations.push(f.url()); });
    return t;
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  /** Loads a page, pokes every element (pointer, focus, click, middle click), and reports what happened. */
  async observe(url: string, interact = true): Promise<Observed> {
    this.url = url;
    this.dialogs = [];
    this.navigations = [];
    this.consoleHits = [];
    const p = this.page;
    await p.goto(origin + url, { waitUntil: 'load' });
    if (interact) {
      await p.evaluate(() => {
        const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Record<string, (...a: unknown[]) => unknown>> }; MouseEvent: new (t: string, o: object) => unknown; FocusEvent: new (t: string) => unknown };
        for (const el of Array.from(g.document.querySelectorAll('body *'))) {
          for (const t of ['mouseover', 'mouseenter', 'mousedown', 'mouseup']) el.dispatchEvent(new g.MouseEvent(t, { bubbles: true }));
          el.dispatchEvent(new g.FocusEvent('focus'));
          if (typeof el.focus === 'function') el.focus();
          if (typeof el.click === 'function') el.click();
          el.dispatchEvent(new g.MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 }));
        }
      });
      // and real clicks on the links, as a reader would
      for (const a of (await p.$$('#np-content a')).slice(0, 20)) await a.click({ timeout: 300, noWaitAfter: true }).catch(() => undefined);
    }
    await p.waitForTimeout(100);
    const state = await p.evaluate(() => {
      const w = globalThis as unknown as { __hits: string[]; __posted: Array<{ type: string; href?: string }> };
      return { hits: w.__hits, posted: w.__posted };
    }).catch(() => ({ hits: ['(page gone)'], posted: [] }));
    return {
      hits: [...new Set([...state.hits, ...this.consoleHits])], dialogs: [...this.dialogs], navigations: [...this.navigations],
      posted: state.posted, frames: p.frames().length, ownScriptRan: state.posted.some(m => m.type === 'ready'),
    };
  }
}

test('the harness catches execution: our page without its CSP, payloads unsanitised, does run them', { skip }, async () => {
  const corpus = new Map(xssCorpus(pwn));
  const raw: RenderedBody = { blocks: [corpus.get('script')!, corpus.get('img-onerror')!, corpus.get('onclick')!], counts: [], total: 0, summary: '' };
  const url = page('control', raw);
  pages.set(url, pages.get(url)!.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
  const tab = await Tab.open();
  const o = await tab.observe(url);
  await tab.close();
  assert.deepEqual(o.hits.sort(), ['img-onerror', 'onclick', 'onmouseover', 'script']);
});

for (const mode of ['strip', 'show'] as const) {
  for (const kind of ['html', 'markdown'] as const) {
    test(`sanitised XSS corpus in the real page (${kind}, ${mode} mode): nothing runs, loads from the attacker, navigates or frames`, { skip }, async () => {
      const corpus = xssCorpus(pwn);
      // each payload rendered on its own (so none can swallow the next when parsed), then all in one body
      const each = corpus.map(([, h]) => renderBody(h, 0, { kind, mode }));
      const separate: RenderedBody = { blocks: each.flatMap(r => r.blocks), counts: [], total: 1, summary: 'Stripped' };
      const urls = [page(`each-${kind}-${mode}`, separate), page(`all-${kind}-${mode}`, renderBody(corpus.map(([, h]) => h).join('\n\n'), 0, { kind, mode }))];
      if (kind === 'html' && mode === 'strip') urls.push(page('all-http-allowed', renderBody(corpus.map(([, h]) => h).join(''), 0, { kind, allowHttpImages: true }), true));
      pwnHits.length = 0;
      const tab = await Tab.open();
      for (const url of urls) {
        const o = await tab.observe(url);
        assert.ok(o.ownScriptRan, `${url}: our nonce script did not run`);
        assert.deepEqual(o.hits, [], `${url}: executed`);
        assert.deepEqual(o.dialogs, [], `${url}: dialog`);
        assert.deepEqual(o.navigations, [], `${url}: navigated`);
        assert.equal(o.frames, 1, `${url}: a frame was created`);
        for (const m of o.posted.filter(x => x.type === 'open')) {
          assert.match(m.href ?? '', /^(https?:|mailto:|tel:|\/\/|\.{0,2}\/|[^:]*$)/, `${url}: link to ${m.href} sent to the editor`);
        }
      }
      await tab.close();
      assert.deepEqual(pwnHits, [], 'requests reached the attacker origin');
    });
  }
}

test('links are handed to the editor, never followed by the page', { skip }, async () => {
  const url = page('links', renderBody('<p><a href="https://finance.eastmoney.com/a/1.html">全文</a> <a href="#np-content">跳</a></p>', 0, { kind: 'html' }));
  const tab = await Tab.open();
  const o = await tab.observe(url);
  await tab.close();
  assert.deepEqual(o.navigations, []);
  assert.deepEqual([...new Set(o.posted.filter(m => m.type === 'open').map(m => m.href))], ['https://finance.eastmoney.com/a/1.html']);
});

test('CSP alone: the payloads put in the page unsanitised still never run a script', { skip }, async () => {
  // meta refresh is not a script and CSP does not govern it: the sanitiser (tested above) removes it
  const corpus = xssCorpus(pwn).filter(([label]) => label !== 'meta-refresh');
  pwnHits.length = 0;
  // one page per payload (unsanitised, one could swallow the next: plaintext, an open comment, a textarea), three tabs at a time
  const queue = [...corpus];
  await Promise.all([1, 2, 3].map(async () => {
    const tab = await Tab.open();
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [label, payload] = item;
      const raw: RenderedBody = { blocks: [payload], counts: [], total: 0, summary: 'Nothing stripped' };
      const o = await tab.observe(page(`raw-${label}`, raw));
      assert.deepEqual(o.hits, [], `${label}: executed despite the CSP`);
      assert.deepEqual(o.dialogs, [], `${label}: dialog`);
    }
    await tab.close();
  }));
  // and the CSP alone keeps every fetch from the attacker's origin (frames, objects, styles, images, forms)
  assert.deepEqual(pwnHits, []);
});

test('site page: payloads in the layouts, includes and front matter never run, load from the attacker, navigate or frame', { skip }, async () => {
  const corpus = xssCorpus(pwn);
  const all = corpus.map(([, h]) => h).join('\n');
  siteRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-xss-site-'));
  const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(siteRoot!, rel)), { recursive: true }); fs.writeFileSync(path.join(siteRoot!, rel), text); };
  write('_config.yml', `title: "站点<script>__hit('site-title')</script>"\ntimezone: Asia/Shanghai\n`);
  write('assets/site.css', 'header.site { border-bottom: 3px solid rgb(1, 2, 3); }\n');
  write('_layouts/default.html', `<!DOCTYPE html><html lang="zh-CN"><head>
<script>__hit('head-script')</script><link rel="stylesheet" href="/assets/site.css"><link rel="stylesheet" href="${pwn}/evil.css">
<base href="${pwn}/"><meta http-equiv="refresh" content="0;url=${pwn}/refresh"><style>@import url(${pwn}/import.css);</style>
</head><body onload="__hit('body-onload')"><header class="site"><h1>{{ site.title }}</h1>{% include evil.html %}</header>
<main>{{ content }}</main><footer title="{{ content }}">{{ page.title }}</footer>${all}<script src="${pwn}/x.js"></script></body></html>`);
  write('_layouts/post.html', `---\nlayout: default\n---\n<article onclick="__hit('post-onclick')">{{ content }}</article>${corpus.slice(0, 10).map(([, h]) => h).join('')}`);
  write('_includes/evil.html', `${all}<iframe src="${pwn}/frame"></iframe><object data="${pwn}/obj"></object>{% seo %}`);
  const post = `---\nlayout: post\ntitle: "标题<img src=x onerror=__hit('title')>"\n---\n正文 {{ page.title }}\n\n${corpus.slice(0, 20).map(([, h]) => h).join('\n\n')}\n`;
  write('_posts/2022-05-31-x.md', post);
  try {
    const site = loadSite(siteRoot);
    const toUri = (f: string) => `${origin}/site/${path.relative(siteRoot!, f).split(path.sep).join('/')}`;
    const urls: string[] = [];
    for (const mode of ['strip', 'show'] as const) {
      const pg = renderSitePage({ text: post, path: path.join(siteRoot, '_posts/2022-05-31-x.md'), site, themesDir: path.join(repoRoot, 'media/themes') }, { mode, toUri });
      assert.equal(pg.error, undefined);
      assert.ok(pg.scripts >= 3, `scripts counted: ${pg.scripts}`);
      assert.deepEqual(pg.stylesheets, [`${origin}/site/assets/site.css`]);
      assert.ok(sitePageNotes(pg).some(n => n.includes('{% seo %}')));
      const url = `/page/site-${mode}`;
      pages.set(url, buildSitePreviewPage({
        nonce: randomBytes(16).toString('base64'), cspSource: origin, scriptUri: `${origin}/media/preview.js`, styleUri: `${origin}/media/preview.css`,
        chromeUri: `${origin}/media/preview-chrome.css`, allowHttpImages: false, showStripped: mode === 'show', page: pg, notes: sitePageNotes(pg),
      }));
      urls.push(url);
    }
    pwnHits.length = 0;
    const tab = await Tab.open();
    for (const url of urls) {
      const o = await tab.observe(url);
      assert.ok(o.ownScriptRan, `${url}: our nonce script did not run`);
      assert.deepEqual(o.hits, [], `${url}: executed`);
      assert.deepEqual(o.dialogs, [], `${url}: dialog`);
      assert.deepEqual(o.navigations, [], `${url}: navigated`);
      assert.equal(o.frames, 1, `${url}: a frame was created`);
    }
    await tab.close();
    assert.deepEqual(pwnHits, [], 'requests reached the attacker origin');
  } finally {
    fs.rmSync(siteRoot, { recursive: true, force: true });
    siteRoot = undefined;
  }
});
