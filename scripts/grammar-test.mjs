#!/usr/bin/env node
// `npm run test:grammar`: runs the grammar test cases in test/grammar/ (*.test.html, *.test.md; the
// vscode-tmgrammar-test format: a header line, then source lines with `<!-- ^^^ scope` assertion lines).
// The cases are parsed and checked by vscode-tmgrammar-test; the tokens come from the same engine and
// grammars a user's VS Code has: vscode-textmate + vscode-oniguruma (wasm) and every built-in grammar
// (HTML, Markdown, YAML, CSS, JS, ..., with their injections) of the VS Code 1.139.1 installed in
// .vscode-test/ by `npm run setup:vscode`, plus this extension's grammars from package.json, looked up
// and injected as VS Code does it. Nothing is downloaded. Prints one line per case and "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root, paths } from './vscode-server.mjs';

const vscodeDir = path.resolve(path.dirname(paths.codeServer), '../../lib/vscode');
const builtins = path.join(vscodeDir, 'extensions');
if (!fs.existsSync(builtins)) {
  console.error(`test:grammar: VS Code's built-in grammars are missing (${path.relative(root, builtins)}): run npm run setup:vscode`);
  process.exit(1);
}
const fromVSCode = createRequire(path.join(vscodeDir, 'package.json'));
const tm = fromVSCode('vscode-textmate');
const onig = fromVSCode('vscode-oniguruma');
const fromHere = createRequire(import.meta.url);
const { parseGrammarTestCase, runGrammarTestCase } = fromHere('vscode-tmgrammar-test/dist/unit/index.js');
const { ConsoleFullReporter } = fromHere('vscode-tmgrammar-test/dist/unit/reporter.js');

// scopeName -> file, and injectTo as VS Code's TMGrammarFactory reads them from the contributions
const files = new Map();
const injections = new Map();
function contribute(extDir, grammars) {
  for (const g of grammars ?? []) {
    if (!g.scopeName || !g.path) continue;
    files.set(g.scopeName, path.join(extDir, g.path));
    for (const to of g.injectTo ?? []) injections.set(to, [...(injections.get(to) ?? []), g.scopeName]);
  }
}
for (const name of fs.readdirSync(builtins).sort()) {
  const pkg = path.join(builtins, name, 'package.json');
  if (fs.existsSync(pkg)) contribute(path.join(builtins, name), JSON.parse(fs.readFileSync(pkg, 'utf8')).contributes?.grammars);
}
const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).contributes?.grammars ?? [];
if (!ours.length) { console.error('test:grammar: package.json contributes no grammars'); process.exit(1); }
contribute(root, ours);

await onig.loadWASM(fs.readFileSync(path.join(path.dirname(fromVSCode.resolve('vscode-oniguruma')), 'onig.wasm')).buffer);
const registry = new tm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: p => new onig.OnigScanner(p), createOnigString: s => new onig.OnigString(s) }),
  loadGrammar: async scopeName => {
    const file = files.get(scopeName);
    return file ? tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
  },
  // as VS Code: grammars injected into "text.html" also apply to "text.html.markdown", and so on
  getInjections: scopeName => {
    const parts = scopeName.split('.');
    return parts.flatMap((_, i) => injections.get(parts.slice(0, i + 1).join('.')) ?? []);
  },
});

const dir = path.join(root, 'test/grammar');
const cases = fs.readdirSync(dir).filter(f => /\.test\.(html|md)$/.test(f)).sort();
if (!cases.length) { console.error('test:grammar: no test cases in test/grammar/'); process.exit(1); }
const reporter = new ConsoleFullReporter();
let passed = 0, failed = 0;
for (const c of cases) {
  const rel = path.relative(root, path.join(dir, c));
  let failures;
  try {
    const testCase = parseGrammarTestCase(fs.readFileSync(path.join(dir, c), 'utf8'));
    failures = await runGrammarTestCase(registry, testCase);
    if (failures.length) reporter.reportTestResult(rel, testCase, failures);
  } catch (e) {
    failures = [e];
    console.log(`  ${rel}: ${e?.message ?? e}`);
  }
  if (failures.length) { failed++; console.log(`  FAIL ${c}`); }
  else { passed++; console.log(`  ok   ${c}`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
