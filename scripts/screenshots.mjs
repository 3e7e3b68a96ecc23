#!/usr/bin/env node
// `npm run screenshots`: the README's pictures, taken from the real thing. Builds the extension, serves the
// real VS Code (scripts/vscode-server.mjs) as `npm start` does (the extension loaded as an installed one, no
// test driver: notifications and dialogs show) on a copy of example/, drives it in headless Chromium like a
// user (quick open, command palette, hover) and writes media/screenshots/*.png (README pictures live under
// media/ so the .vsix carries them). NEWSPOST_SHOTS_MORE=dir also writes the other steps of the walk there
// (status bar and view after Check All Posts, the editor title's buttons, completion, the verdict dialog) to
// look at, not for the README.
// Chinese text needs a CJK font (Debian: apt-get install fonts-wqy-microhei), else it shows as boxes.
// A shot whose command the extension does not contribute is skipped with a note.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, startServer, launchChromium } from './vscode-server.mjs';

const outDir = path.join(root, "media/screenshots");
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
// titles are %keys% of package.nls.json (the English the palette shows)
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const en = s => (typeof s === 'string' ? s.replace(/^%([^%\s]+)%$/, (m, k) => nls[k] ?? m) : s);
const commands = new Map((pkg.contributes?.commands ?? []).map(c => [c.command, `${c.category ? en(c.category) + ': ' : ''}${en(c.title)}`]));

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status || 1);
fs.mkdirSync(outDir, { recursive: true });
// a copy, so that commands run in the shots (insert a footer) never touch example/
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-shots-'));
fs.cpSync(path.join(root, 'example'), site, { recursive: true });

const server = await startServer({ settings: { 'workbench.colorTheme': 'Default Light Modern', 'window.zoomLevel': 0 }, testDriver: false, linkExtensions: [root] });
const more = process.env.NEWSPOST_SHOTS_MORE ? path.resolve(process.env.NEWSPOST_SHOTS_MORE) : undefined;
if (more) fs.mkdirSync(more, { recursive: true });
const browser = await launchChromium(server.tmp);
const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function quickOpen(file) {
  // (the file search answers late on a busy machine: wait for the file in the list, trying again if need be)
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
    await page.keyboard.type(file, { delay: 10 });
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first();
    try {
      await row.waitFor({ timeout: 15000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 2) throw e;
    }
  }
  await sleep(300);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${file}"], .tab.active[title*="${file}"]`, { timeout: 10000 }).catch(() => {});
  await sleep(1500);
}
async function runCommand(id) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(commands.get(id), { delay: 5 });
  await sleep(800);
  await page.keyboard.press('Enter');
  await sleep(2500);
}
async function shot(name) {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(root, file)}`);
}
/** A step of the walk that is not a README picture (only with NEWSPOST_SHOTS_MORE). */
async function look(name) {
  if (!more) return;
  await page.screenshot({ path: path.join(more, `${name}.png`) });
  console.log(`wrote ${path.join(more, name)}.png`);
}

let status = 0;
try {
  await page.goto(server.url({ folder: site }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await sleep(4000);

  // 1. diagnostics: a date with no UTC offset, the Problems panel open, the quick fix menu shown
  await quickOpen('2022-05-31-turnover-no-offset.md');
  await page.keyboard.press('Control+Shift+M');
  await sleep(1500);
  await page.keyboard.press('Control+1');  // back to the editor
  await page.keyboard.press('Control+G');
  await page.keyboard.type('4:8');
  await page.keyboard.press('Enter');
  await sleep(500);
  // (the diagnostics reach the editor a moment after the file opens: ask again until the fixes are there)
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.keyboard.press('Control+.');
    const menu = await page.locator('.action-widget').first().waitFor({ timeout: 3000 }).then(() => true, () => false);
    if (menu) break;
    await page.keyboard.press('Escape');
    await sleep(1000);
  }
  await sleep(1000);
  await shot('diagnostics');
  await page.keyboard.press('Escape');

  // Jekyll's verdict: a hover on the opening --- of a post that aborts the build
  await quickOpen('2022-05-31-impossible-date.md');
  await page.keyboard.press('Control+Home');
  await sleep(300);
  await page.locator('.monaco-editor .view-line').first().hover({ position: { x: 10, y: 8 } });
  await sleep(2500);
  await shot('verdict');
  if (more) {
    await page.mouse.move(700, 700);
    await runCommand('newsPost.showVerdict');
    await look('verdict-dialog');
    await page.keyboard.press('Escape');
    await sleep(500);
  }

  // 2. the preview of a post full of ad markup
  if (commands.has('newsPost.openPreview')) {
    await quickOpen('2022-05-31-ad-markup.html');
    await runCommand('newsPost.openPreview');
    await sleep(2000);
    await shot('preview');
    if (more) {
      await runCommand('newsPost.preview.toggleStripped');
      await sleep(1500);
      await look('preview-stripped-outlined');
      await runCommand('newsPost.preview.toggleStripped');
      await quickOpen('2022-05-31-mlf-operation.md');
      const ours = page.locator('.editor-actions [aria-label*="Preview as the Site"]').first();
      if (await ours.count()) {
        await ours.hover();
        await sleep(1500);
        const box = await ours.boundingBox();
        await page.screenshot({ path: path.join(more, 'editor-title-buttons.png'), clip: { x: Math.max(0, box.x - 260), y: Math.max(0, box.y - 10), width: 520, height: 90 } });
        console.log(`wrote ${path.join(more, 'editor-title-buttons.png')}`);
      } else console.log('no editor-title button "Preview as the Site" found');
    }
  } else console.log('skipped preview.png: no newsPost.openPreview command');

  // 3. the footer command on a post without a footer
  if (commands.has('newsPost.insertFooter')) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+W');  // close editors
    await sleep(500);
    await quickOpen('2022-05-31-no-footer.md');
    await runCommand('newsPost.insertFooter');
    await page.keyboard.type('http://news.example.com/share/NewsShare.html?infoCode=NW202205312200000017', { delay: 2 });
    await page.keyboard.press('Enter');
    await sleep(2500);
    await shot('footer');
  } else console.log('skipped footer.png: no newsPost.insertFooter command');

  if (more) {
    // completion after categories: (no value a rule flags), then Check All Posts: the status bar and the view
    await quickOpen('2022-05-31-mlf-operation.md');
    await page.keyboard.press('Control+G');
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Backspace');  // the value: completion offers the site's categories
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.keyboard.press('Control+Space');
      if (await page.locator('.suggest-widget.visible').first().waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
    }
    await sleep(1000);
    await look('completion-categories');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
    await runCommand('newsPost.checkAllPosts');
    await sleep(3000);
    await look('check-all-status-and-view');
  }
} catch (e) {
  console.error(`screenshots failed: ${e instanceof Error ? e.message : e}`);
  await page.screenshot({ path: path.join(server.tmp, 'failure.png') }).catch(() => {});
  console.error(`state at failure: ${path.join(server.tmp, 'failure.png')}`);
  status = 1;
} finally {
  await browser.close();
  await server.stop();
  server.unlinkExtensions();  // (the link leads to the repository: gone before anything is deleted)
  fs.rmSync(site, { recursive: true, force: true });
  if (!status) fs.rmSync(server.tmp, { recursive: true, force: true });
}
process.exit(status);
