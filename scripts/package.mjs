#!/usr/bin/env node
// `npm run package`: builds dist/ (release: minified, no source maps) and packs the extension into <name>-<version>.vsix with @vscode/vsce
// (offline: vsce only reads the working tree). Then it opens the .vsix and checks what went in: only
// dist/*.js, media/, syntaxes/, snippets/, l10n/, package.json, package.nls*.json, README, CHANGELOG,
// LICENSE (and the icon); it fails when anything else slipped in (see .vscodeignore) or something
// needed is missing. `node scripts/package.mjs [--out file.vsix]`
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : `${pkg.name}-${pkg.version}.vsix`);
const fail = msg => { console.error(`package: ${msg}`); process.exit(1); };

for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', pkg.icon].filter(Boolean)) {
  if (!fs.existsSync(path.join(root, f))) fail(`${f} is missing; the .vsix needs it`);
}

const run = (cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) fail(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
};
// the release build (minified, no source maps), the same one `npm pack` ships (prepack)
run(process.execPath, ['scripts/build.mjs', '--release']);
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
fs.rmSync(out, { force: true });

// vsce refuses a package.json with a "files" list next to a .vscodeignore, and "files" is the npm package's list
// (the CLI only). So vsce packs a staging copy: package.json without "files", .vscodeignore, and what it lets in.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-vsix-'));
try {
  const { files: _npmFiles, ...manifest } = pkg;
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const entry of fs.readdirSync(root)) {
    if (['dist', 'media', 'syntaxes', 'snippets', 'l10n', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(entry) || /^package\.nls(\.[\w-]+)?\.json$/.test(entry)) {
      fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
    }
  }
  // --no-dependencies: dist/ is a self-contained esbuild bundle, node_modules stays out.
  // --allow-missing-repository: the project names no public repository.
  // --no-rewrite-relative-links: without a repository vsce cannot make README links absolute; VS Code
  //   shows the packaged README from the installed folder, where relative links to packaged files work.
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], stage);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}

// What is really in the archive: the zip's central directory.
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) fail(`${file} is not a zip file`);
  const names = [];
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    if (buf.readUInt32LE(p) !== 0x02014b50) fail(`${file}: bad zip central directory`);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
const entries = zipEntries(out);
const files = entries.filter(e => e.startsWith('extension/')).map(e => e.slice('extension/'.length));
const allowed = [
  /^dist\/[^/]+\.js$/, /^media\//, /^syntaxes\//, /^snippets\//, /^l10n\//,
  /^package\.json$/, /^package\.nls(\.[\w-]+)?\.json$/, /^readme\.md$/i, /^changelog\.md$/i, /^LICENSE(\.txt)?$/,
];
const stray = files.filter(f => !allowed.some(re => re.test(f)));
if (stray.length) fail(`files that do not belong in the .vsix (fix .vscodeignore):\n  ${stray.join('\n  ')}`);
const required = ['package.json', pkg.main.replace(/^\.\//, ''), pkg.icon,
  ...(pkg.contributes?.grammars ?? []).map(g => g.path.replace(/^\.\//, ''))].filter(Boolean);
const missing = required.filter(f => !files.includes(f));
if (missing.length) fail(`missing from the .vsix: ${missing.join(', ')}`);

// README images that are not in the package show as broken pictures on the extension's page.
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map(m => m[1]).filter(u => !/^[a-z]+:/i.test(u));
const unpacked = images.filter(i => !files.includes(i.replace(/^\.\//, '')));
if (unpacked.length) console.warn(`package: warning: README images not in the .vsix (put them under media/ to show them on the extension page): ${unpacked.join(', ')}`);

const size = fs.statSync(out).size;
console.log(`package: ${path.relative(root, out)}: ${files.length} files, ${(size / 1024).toFixed(0)} KB`);
for (const f of files.sort()) console.log(`  ${f}`);
