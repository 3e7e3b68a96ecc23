// `npm run test:vsix`: installs the packaged .vsix (npm run package) into a fresh profile of the real
// VS Code (code-server's VS Code 1.139.1 server + headless Chromium, see scripts/code-shim.mjs) with the
// server's own --install-extension, as a user installs it, then runs test/vsix/suite in that VS Code
// on the integration-test site. The development extension is an empty probe (test/vsix/probe): VS Code
// runs extension tests only with one, and this way the extension under test is only the installed copy.
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');  // out/test/vsix -> repo root
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) {
    console.error(`test:vsix: ${path.basename(vsix)} not found: run npm run package first`);
    process.exit(1);
  }
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts/code-shim.mjs'),
      extensionDevelopmentPath: path.join(root, 'test/vsix/probe'),
      extensionTestsPath: path.join(root, 'out/test/vsix/suite/index.js'),
      extensionTestsEnv: { VSCODE_TEST_INSTALL_VSIX: vsix },
      launchArgs: [path.join(root, 'test/integration/workspace')],
    });
  } catch (err) {
    console.error('vsix tests failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
main();
