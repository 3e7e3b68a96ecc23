// extensionTestsPath of the whole-site suite (workspace: the generated site of makeSite.ts). Runs every
// *.test.js next to it with mocha (tdd) and writes the results, plus the figures the tests report, to
// $VSCODE_TEST_RESULTS, which scripts/code-shim.mjs prints; the last line is "N passed, N failed".
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');
import * as vscode from 'vscode';

/** Lines the tests add to the printed results (measured figures). */
export const reportLines: string[] = [];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000 });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  const lines = [`# integration (whole site): VS Code ${vscode.version} (${vscode.env.appHost}), extension host on Node ${process.version}`];
  const write = () => {
    const out = [...lines.slice(0, -1), ...reportLines.map(l => `  # ${l}`), lines[lines.length - 1]];
    const file = process.env.VSCODE_TEST_RESULTS;
    if (file) fs.writeFileSync(file, out.join('\n') + '\n');
    else console.log(out.join('\n'));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      lines.push(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      write();
      failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve();
    });
    runner.on('pass', t => lines.push(`  ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err) => {
      const stack = String(err?.stack || err).split('\n').filter(l => !/^\s+at /.test(l) || !l.includes('.vscode-test/'));
      lines.push(`  FAIL ${t.fullTitle()}\n       ${stack.slice(0, 12).join('\n       ')}`);
    });
  });
}
