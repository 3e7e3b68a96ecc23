// Bundles the extension and the CLI with esbuild (one file each in dist/). `--watch` rebuilds on change.
//
// Two kinds of build, one output folder:
// - development (`npm run build`, the default): readable bundles with source maps (dist/*.js.map), so stack
//   traces and the debugger point into src/;
// - release (`--release`): minified, no source maps (stale ones are deleted). `npm run package` (the .vsix) and
//   `npm pack` (the npm package, through `prepack`) both make this one, so both ship the same bundles.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const release = process.argv.includes('--release');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: root,
  sourcemap: !release, minify: release, legalComments: release ? 'none' : 'inline',
};
/** The extension's `require('./renderers')` stays a require of dist/renderers.js, a bundle of its own (src/renderers.ts). */
const renderersApart = { name: 'renderers-apart', setup(b) { b.onResolve({ filter: /^\.\/renderers$/ }, () => ({ path: './renderers.js', external: true })); } };
/** And its liquidjs, loaded the first time a post's Liquid is run (src/core/liquidEval.ts): dist/liquidjs.js. */
const liquidjsApart = { name: 'liquidjs-apart', setup(b) { b.onResolve({ filter: /^liquidjs$/ }, () => ({ path: './liquidjs.js', external: true })); } };
/**
 * And yaml (a third of what is left), loaded when first used: the extension's `import … from 'yaml'` gets a module
 * whose exports (yaml's names, read here) are getters that require dist/yaml.js on first use. An activation with
 * no post open (the site's folder opened: activation by the workspace holding a _config.yml) never parses YAML.
 */
const yamlNames = Object.keys(createRequire(import.meta.url)('yaml'));
const yamlLazy = { name: 'yaml-lazy', setup(b) {
  b.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml-lazy', namespace: 'yaml-lazy' }));
  b.onResolve({ filter: /^\.\/yaml\.js$/, namespace: 'yaml-lazy' }, () => ({ path: './yaml.js', external: true }));
  b.onLoad({ filter: /.*/, namespace: 'yaml-lazy' }, () => ({ loader: 'js', contents:
    `let m; const yaml = () => (m ??= require('./yaml.js')); for (const k of ${JSON.stringify(yamlNames)}) Object.defineProperty(exports, k, { enumerable: true, get: () => yaml()[k] });` }));
} };
const builds = [
  // (the banner: when loading began, for the activation figures the extension reports; see src/extension.ts)
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [renderersApart, liquidjsApart, yamlLazy], banner: { js: '"use strict";var __newspostLoadStart = performance.now();' } },
  // the preview's renderers (markdown-it, htmlparser2, css-select, the site page), loaded on first use: docs/packaging.md
  { ...common, entryPoints: ['src/renderers.ts'], outfile: 'dist/renderers.js' },
  { ...common, entryPoints: ['liquidjs'], outfile: 'dist/liquidjs.js' },
  { ...common, entryPoints: ['yaml'], outfile: 'dist/yaml.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { NEWSPOST_VERSION: JSON.stringify(version) } },
  // the worker threads of `newspost check` and of the editor's workspace scan
  { ...common, entryPoints: ['src/checkWorker.ts'], outfile: 'dist/checkWorker.js' },
];
if (release) {
  for (const f of fs.existsSync(path.join(root, 'dist')) ? fs.readdirSync(path.join(root, 'dist')) : []) {
    if (f.endsWith('.map')) fs.rmSync(path.join(root, 'dist', f));
  }
}
if (process.argv.includes('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map(b => esbuild.build(b)));
}
