#!/usr/bin/env node
// `npm start [-- FOLDER]`: builds the extension, makes sure the real VS Code is installed
// (scripts/setup-vscode.sh), and serves VS Code with this extension on a fresh copy of the example site
// (example/, else the integration-test site), or on FOLDER itself when one is given. Prints the URL to open
// in a browser; with $DISPLAY set it also opens a Chromium window. Runs until Ctrl-C, then stops the server
// and deletes the copy.
// The extension is linked into the server's extensions folder and loads as an installed extension does
// (after `npm run build`, Developer: Reload Window picks up a change): the VS Code served here runs without
// the tests' smoke-test driver, under which it would show no notification at all. The copy matters because
// VS Code for the Web saves edits by itself: a quick fix tried in the demo must not change example/.
// Env: PORT (default: any free port), VSCODE_TEST_VERBOSE=1 (server log on the console).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, isInstalled, startServer, openChromiumWindow } from './vscode-server.mjs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`start: ${cmd} ${args.join(' ')} failed`); process.exit(r.status || 1); }
}

run('npm', ['run', 'build']);
if (!isInstalled()) run('bash', ['scripts/setup-vscode.sh']);

const bundled = ['example', 'test/integration/workspace'].map(p => path.join(root, p)).find(p => fs.existsSync(p));
const server = await startServer({ port: Number(process.env.PORT || 0), verbose: process.env.VSCODE_TEST_VERBOSE === '1', testDriver: false, linkExtensions: [root] });
let folder = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
if (!folder) {
  // a fresh copy of the bundled site, under the server's temp folder (deleted on stop)
  folder = path.join(server.tmp, path.basename(bundled));
  fs.cpSync(bundled, folder, { recursive: true });
}
const url = server.url({ folder });
let window;
let stopping = false;
async function stop(code) {
  if (stopping) return; stopping = true;
  console.log('\nstopping VS Code…');
  if (window) try { process.kill(-window.pid, 'SIGTERM'); } catch {}
  await server.stop();
  server.unlinkExtensions();  // (the links lead to the repository: gone before the folder is deleted)
  fs.rmSync(server.tmp, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.proc.on('exit', c => { if (!stopping) { console.error(`VS Code server exited (${c}); log: ${server.tmp}/code-server.log`); process.exit(1); } });

console.log(process.argv[2]
  ? `\nVS Code with News Post Editor on ${folder}:\n\n  ${url}\n`
  : `\nVS Code with News Post Editor on a copy of ${path.relative(root, bundled)}/ (${folder}: edits there never touch the repository):\n\n  ${url}\n`);
if (process.env.DISPLAY) {
  window = openChromiumWindow(url, server.tmp);
  window.on('error', e => console.error(`could not open Chromium: ${e.message}`));
  console.log(`opened a Chromium window on display ${process.env.DISPLAY}`);
}
console.log('Press Ctrl-C to stop.');
