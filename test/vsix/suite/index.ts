// Loaded by VS Code in the extension host (extensionTestsPath): runs every *.test.js next to it with
// mocha (tdd) and writes the results to $VSCODE_TEST_RESULTS, which scripts/code-shim.mjs prints.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000 });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const lines = [`# vsix: VS Code ${vscode.version} (${vscode.env.appHost}), extension host on Node ${process.version}`];
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      const skipped = runner.stats?.pending ?? 0;
      lines.push(`${runner.stats?.passes ?? 0} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
      const file = process.env.VSCODE_TEST_RESULTS;
      if (file) fs.writeFileSync(file, lines.join('\n') + '\n'); else console.log(lines.join('\n'));
      failures > 0 ? reject(new Error(`${failures} vsix tests failed`)) : resolve();
    });
    runner.on('pass', t => lines.push(`  ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('pending', t => lines.push(`  skip ${t.fullTitle()}`));
    runner.on('fail', (t, err) => lines.push(`  FAIL ${t.fullTitle()}\n       ${String(err?.stack || err).split('\n').slice(0, 10).join('\n       ')}`));
  });
}
