// The extension bundle's load time outside VS Code (not a test): requires dist/extension.js with a stand-in for the
// `vscode` module (every API a do-nothing stub) and prints the wall and CPU time of that require, best of N runs.
// The CPU time is the steadier figure on a shared machine. The activation in the real VS Code (bundle load and
// activate()) is printed by the integration test (test/integration/suite/extension.test.ts); docs/packaging.md.
//
//   node scripts/activation-time.cjs [--runs 7] [dist/extension.js]
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const bundle = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? path.join(__dirname, '../dist/extension.js'));

if (process.env.NEWSPOST_ACTIVATION_CHILD) {
  // the vscode API names the bundle uses (property names survive minification)
  const names = new Set([...fs.readFileSync(bundle, 'utf8').matchAll(/\.([A-Z]\w+|workspace|window|languages|commands|l10n|env|extensions|Uri|tasks|debug|scm|comments|authentication|tests|notebooks|chat|lm)\b/g)].map(m => m[1]));
  const handler = { get: (_t, k) => (k === 'then' ? undefined : new Proxy(function () {}, handler)), apply: () => new Proxy(function () {}, handler), construct: () => new Proxy(function () {}, handler) };
  const stub = {};
  for (const n of names) stub[n] = new Proxy(function () {}, handler);
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  require(bundle);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));
  process.exit(0);
}

if (!fs.existsSync(bundle)) {
  console.error(`activation-time: ${bundle} missing: run \`npm run build\` (or build:release) first`);
  process.exit(2);
}
const results = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, [__filename, bundle], { env: { ...process.env, NEWSPOST_ACTIVATION_CHILD: '1' }, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`activation-time: loading the bundle failed:\n${r.stderr}`);
    process.exit(1);
  }
  results.push(JSON.parse(r.stdout));
}
const best = k => Math.min(...results.map(r => r[k]));
console.log(`${path.relative(process.cwd(), bundle)} (${(fs.statSync(bundle).size / 1024).toFixed(0)} KB), best of ${runs}: require ${best('wall').toFixed(1)} ms wall, ${best('cpu').toFixed(1)} ms CPU (load average ${require('os').loadavg()[0].toFixed(1)})`);
