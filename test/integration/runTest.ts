// `npm run test:integration`: the standard @vscode/test-electron entry point. Downloading VS Code is
// impossible offline, so vscodeExecutablePath is scripts/code-shim.mjs: it takes the same flags and runs
// the suite in a real VS Code (the VS Code server from code-server + headless Chromium; see
// scripts/setup-vscode.sh). The workspace is the tiny Jekyll site in test/integration/workspace.
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');  // out/test/integration -> repo root
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts/code-shim.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out/test/integration/suite/index.js'),
      launchArgs: [path.join(root, 'test/integration/workspace')],
    });
  } catch (err) {
    console.error('integration tests failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
main();
