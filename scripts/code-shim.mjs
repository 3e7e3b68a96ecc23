#!/usr/bin/env node
// Stand-in for the VS Code executable, so @vscode/test-electron's runTests() can use it as
// vscodeExecutablePath (downloading VS Code is impossible offline). It takes the flags runTests passes:
//   --extensionDevelopmentPath=DIR (repeatable) --extensionTestsPath=FILE [folder]
// ignores the others (--no-sandbox, --user-data-dir=..., ...; every run gets a fresh profile), runs the
// tests in a REAL VS Code (see vscode-server.mjs; they run in its Node extension host), prints the
// results file the suite writes, and exits with the tests' result.
// Env: VSCODE_TEST_TIMEOUT (s, default 300), VSCODE_TEST_VERBOSE=1 (server + workbench log),
//      VSCODE_TEST_SCREENSHOT=file.png (screenshot when the tests end), CHROMIUM_PATH,
//      VSCODE_TEST_INSTALL_VSIX=file.vsix (installed like a user does before VS Code starts).
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { startServer, launchChromium } from './vscode-server.mjs';

const t0 = Date.now();
const say = (...a) => console.log(`[code-shim ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const verbose = process.env.VSCODE_TEST_VERBOSE === '1';
const timeoutS = Number(process.env.VSCODE_TEST_TIMEOUT || 300);

const devPaths = []; let testsPath, folder;
for (const a of process.argv.slice(2)) {
  const eq = a.indexOf('=');
  const [k, v] = a.startsWith('--') && eq > 0 ? [a.slice(2, eq), a.slice(eq + 1)] : [a, undefined];
  if (k === 'extensionDevelopmentPath') devPaths.push(path.resolve(v));
  else if (k === 'extensionTestsPath') testsPath = path.resolve(v);
  else if (!a.startsWith('-')) folder = path.resolve(a);
}
if (!devPaths.length || !testsPath) { console.error('need --extensionDevelopmentPath=... and --extensionTestsPath=...'); process.exit(2); }

let server, browser, page, finished = false;
async function finish(code, why) {
  if (finished) return; finished = true;
  if (why) say(why);
  const results = server && path.join(server.tmp, 'results.txt');
  if (results && fs.existsSync(results)) process.stdout.write(fs.readFileSync(results, 'utf8'));
  else if (code !== 0) console.log('0 passed, 1 failed (the test suite did not report)');
  try { await browser?.close(); } catch {}
  await server?.stop();
  if (server) {
    if (code !== 0) say(`logs kept in ${server.tmp}`);
    else fs.rmSync(server.tmp, { recursive: true, force: true });
  }
  say(`exit ${code}`);
  process.exit(code);
}
const timer = setTimeout(async () => {
  try { await page?.screenshot({ path: path.join(server.tmp, 'timeout.png') }); } catch {}
  finish(1, `timed out after ${timeoutS}s`);
}, timeoutS * 1000);
process.on('SIGINT', () => finish(130, 'interrupted'));
process.on('SIGTERM', () => finish(143, 'terminated'));

try {
  // VSCODE_TEST_INSTALL_VSIX=a.vsix[:b.vsix]: installed into the fresh profile before VS Code starts (test/vsix)
  const installExtensions = (process.env.VSCODE_TEST_INSTALL_VSIX || '').split(path.delimiter).filter(Boolean);
  // no autosave (VS Code for the Web saves after 1 s by default): a test's unsaved edit must stay unsaved,
  // however slow the machine (the whole-site test once saved a post it meant to revert)
  server = await startServer({ verbose, installExtensions, settings: { 'files.autoSave': 'off' } });
  server.proc.on('exit', c => finish(1, `code-server exited early (${c})`));
  say(`VS Code server up on ${server.endpoint}`);
  browser = await launchChromium(server.tmp);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The workbench's log, including what the tests print with console.log.
  await page.exposeFunction('codeAutomationLog', (type, args) => { if (verbose) console.log(`[workbench ${type}] ${format(...args)}`); });
  await page.exposeFunction('codeAutomationExit', async code => {
    clearTimeout(timer);
    if (process.env.VSCODE_TEST_SCREENSHOT) await page.screenshot({ path: process.env.VSCODE_TEST_SCREENSHOT }).catch(() => {});
    await finish(code, `tests finished with code ${code}`);
  });
  await page.goto(server.url({ folder, devPaths, testsPath, env: { VSCODE_TEST_RESULTS: path.join(server.tmp, 'results.txt') } }));
  say('workbench loading; the tests run in the extension host');
} catch (e) {
  await finish(1, String(e?.message || e));
}
