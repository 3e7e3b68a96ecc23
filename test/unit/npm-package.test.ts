// The npm package as a user gets it: `npm pack` on a copy of the project (as a fresh clone would be: prepack
// makes the release build), the tarball installed into an empty folder with no registry, its `newspost check`
// run on a copy of example/. Skipped when npm is not on the PATH.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { repoRoot } from './helpers';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const hasNpm = spawnSync(npm, ['--version'], { encoding: 'utf8' }).status === 0;

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('npm pack → npm install --offline → newspost check works with only Node', { skip: !hasNpm && 'npm is not on the PATH', timeout: 180_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-pack-'));
  try {
    // a copy of what a clone has (the tests' own dist/ is left alone: prepack builds into the copy)
    const clone = path.join(tmp, 'clone');
    fs.mkdirSync(clone);
    for (const f of ['package.json', '.npmrc', 'README.md', 'CHANGELOG.md', 'LICENSE', 'src', 'scripts', 'l10n']) {
      fs.cpSync(path.join(repoRoot, f), path.join(clone, f), { recursive: true });
    }
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    // npm pack prints the tarball's name and nothing else (pre-commit's node installer reads it so)
    const filename = sh(npm, ['pack', '--pack-destination', tmp], clone);
    assert.match(filename, /^news-post-editor-[\d.]+\.tgz\n$/);
    const packed = { filename: filename.trim() };
    const files = sh('tar', ['-tzf', path.join(tmp, packed.filename)], tmp).split('\n').filter(Boolean).map(f => f.replace(/^package\//, '')).sort();
    assert.deepEqual(files.filter(f => /^(test|example|scripts|src|out|docs|media|node_modules)\/|\.map$|\.ts$/.test(f)), [], 'no tests, example, scripts, sources or source maps');
    for (const f of ['package.json', 'dist/cli.js', 'dist/checkWorker.js', 'l10n/bundle.l10n.zh-cn.json', 'README.md', 'LICENSE']) assert.ok(files.includes(f), `${f} is in the tarball`);
    const manifest = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], 'nothing to install at runtime');
    // the release build: minified, no source map reference
    const cli = fs.readFileSync(path.join(clone, 'dist/cli.js'), 'utf8');
    assert.ok(!cli.includes('sourceMappingURL'), 'no source map reference');
    assert.ok(cli.length / cli.split('\n').length > 500, 'minified (long lines)');

    // an empty project, no registry
    const user = path.join(tmp, 'user');
    fs.mkdirSync(user);
    fs.writeFileSync(path.join(user, 'package.json'), '{"private": true}\n');
    sh(npm, ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, packed.filename)], user);
    const site = path.join(tmp, 'site');
    fs.cpSync(path.join(repoRoot, 'example'), site, { recursive: true });
    const bin = path.join(user, 'node_modules', '.bin', process.platform === 'win32' ? 'newspost.cmd' : 'newspost');
    const env = { ...process.env };
    for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE']) delete env[k];
    const r = spawnSync(bin, ['check', '--format', 'json'], { cwd: site, encoding: 'utf8', env });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const codes = new Set((JSON.parse(r.stdout) as Array<{ code: string }>).map(f => f.code));
    for (const c of ['date-no-offset', 'frontmatter-not-at-start', 'future-date']) assert.ok(codes.has(c), `${c} found`);
    // the translations came along
    const zh = spawnSync(bin, ['check', '--help'], { cwd: site, encoding: 'utf8', env: { ...env, LANG: 'zh_CN.UTF-8' } });
    assert.equal(zh.status, 0);
    assert.match(zh.stdout, /[\u4e00-\u9fff]/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
