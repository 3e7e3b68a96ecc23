// What an extensionTestsPath module runs in the extension host (the integration suites and the .vsix suite):
// every *.test.js of its folder with mocha (tdd), the results written to $VSCODE_TEST_RESULTS, which
// scripts/code-shim.mjs prints; the last line is "N passed, N failed".
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');
import * as vscode from 'vscode';

export interface SuiteOptions {
  /** What the suite is, in the first line ("integration", "vsix"…). */
  title: string;
  timeout: number;
  /** Lines the tests add to the printed results (measured figures), printed before the totals. */
  report?: readonly string[];
}

export function runSuite(dir: string, options: SuiteOptions): Promise<void> {
  // NEWSPOST_GREP=preview runs only the tests whose full title matches (a targeted run)
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: options.timeout, ...(process.env.NEWSPOST_GREP ? { grep: process.env.NEWSPOST_GREP } : {}) });
  for (const f of fs.readdirSync(dir).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  }
  const lines = [`# ${options.title}: VS Code ${vscode.version} (${vscode.env.appHost}), extension host on Node ${process.version}`];
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      const skipped = runner.stats?.pending ?? 0;
      const out = [...lines, ...(options.report ?? []).map(l => `  # ${l}`),
        `${runner.stats?.passes ?? 0} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`];
      const file = process.env.VSCODE_TEST_RESULTS;
      if (file) fs.writeFileSync(file, out.join('\n') + '\n');
      else console.log(out.join('\n'));
      failures > 0 ? reject(new Error(`${failures} ${options.title} tests failed`)) : resolve();
    });
    runner.on('pass', t => lines.push(`  ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('pending', t => lines.push(`  skip ${t.fullTitle()}`));
    runner.on('fail', (t, err) => {
      // the message and our own frames; VS Code's internal frames only add noise
      const stack = String(err?.stack || err).split('\n').filter(l => !/^\s+at /.test(l) || !l.includes('.vscode-test/'));
      lines.push(`  FAIL ${t.fullTitle()}\n       ${stack.slice(0, 12).join('\n       ')}`);
    });
  });
}
