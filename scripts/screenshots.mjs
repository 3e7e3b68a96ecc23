#!/usr/bin/env node
// `npm run screenshots`: the README's pictures, taken from the real thing. Builds the extension, serves the
// real VS Code (scripts/vscode-server.mjs) with it in development mode on a copy of example/, drives it in
// headless Chromium like a user (quick open, command palette) and writes media/screenshots/*.png (README pictures live under media/ so the .vsix carries them).
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

const server = await startServer({ settings: { 'workbench.colorTheme': 'Default Light Modern', 'window.zoomLevel': 0 } });
const browser = await launchChromium(server.tmp);
const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function quickOpen(file) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(file, { delay: 10 });
  await sleep(800);
  await page.keyboard.press('Enter');
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

let status = 0;
try {
  await page.goto(server.url({ folder: site, devPaths: [root] }));
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
  await page.keyboard.press('Control+.');
  await sleep(1500);
  await shot('diagnostics');
  await page.keyboard.press('Escape');

  // 2. the preview of a post full of ad markup
  if (commands.has('newsPost.openPreview')) {
    await quickOpen('2022-05-31-ad-markup.html');
    await runCommand('newsPost.openPreview');
    await sleep(2000);
    await shot('preview');
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
} catch (e) {
  console.error(`screenshots failed: ${e instanceof Error ? e.message : e}`);
  await page.screenshot({ path: path.join(server.tmp, 'failure.png') }).catch(() => {});
  console.error(`state at failure: ${path.join(server.tmp, 'failure.png')}`);
  status = 1;
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(site, { recursive: true, force: true });
}
process.exit(status);
