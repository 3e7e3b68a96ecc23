// `npm run test:integration`: the standard @vscode/test-electron entry point. Downloading VS Code is
// impossible offline, so vscodeExecutablePath is scripts/code-shim.mjs: it takes the same flags and runs
// the suite in a real VS Code (the VS Code server from code-server + headless Chromium; see
// scripts/setup-vscode.sh). The workspace is the tiny Jekyll site in test/integration/workspace.
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');  // out/test/integration -> repo root
  try {
    // NEWSPOST_SUITES=site (or suite) runs only that one
    const only = process.env.NEWSPOST_SUITES?.split(',');
    if (!only || only.includes('suite')) {
      await runTests({
        vscodeExecutablePath: path.join(root, 'scripts/code-shim.mjs'),
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(root, 'out/test/integration/suite/index.js'),
        launchArgs: [path.join(root, 'test/integration/workspace')],
      });
    }
    // whole-site checking, on a site of a few thousand posts generated now (test/integration/site/)
    if (!only || only.includes('site')) {
      const siteDir = (await import('./site/makeSite')).makeSite();
      await runTests({
        vscodeExecutablePath: path.join(root, 'scripts/code-shim.mjs'),
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(root, 'out/test/integration/site/index.js'),
        launchArgs: [siteDir],
      });
    }
  } catch (err) {
    console.error('integration tests failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
main();
