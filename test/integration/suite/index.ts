// Loaded by VS Code in the extension host (extensionTestsPath); must export run(). Runs every
// *.test.js next to it with mocha (tdd) and writes the results to $VSCODE_TEST_RESULTS, which
// scripts/code-shim.mjs prints; the last line is "N passed, N failed".
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000 });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  const lines = [`# integration: VS Code ${vscode.version} (${vscode.env.appHost}), extension host on Node ${process.version}`];
  const write = () => {
    const file = process.env.VSCODE_TEST_RESULTS;
    if (file) fs.writeFileSync(file, lines.join('\n') + '\n');
    else console.log(lines.join('\n'));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      lines.push(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      write();
      failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve();
    });
    runner.on('pass', t => lines.push(`  ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err) => {
      // the message and our own frames; VS Code's internal frames only add noise
      const stack = String(err?.stack || err).split('\n').filter(l => !/^\s+at /.test(l) || !l.includes('.vscode-test/'));
      lines.push(`  FAIL ${t.fullTitle()}\n       ${stack.slice(0, 12).join('\n       ')}`);
    });
  });
}
