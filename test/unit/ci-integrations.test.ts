// Where CI runs: the GitHub Action's check step (action.yml) run by bash as a runner runs it, its inputs given the
// way the runner gives them (environment variables), and the pre-commit hooks (.pre-commit-hooks.yaml): their file
// patterns and their entries on staged posts. `newspost` is the bundled dist/cli.js behind a shim on the PATH (the
// npm package's install is npm-package.test.ts's).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parse } from 'yaml';
import { repoRoot } from './helpers';

const cli = path.join(repoRoot, 'dist/cli.js');
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
const skip = (!fs.existsSync(cli) && 'dist/cli.js missing: npm run build') || (!hasBash && 'no bash');

interface Step { id?: string; name?: string; uses?: string; run?: string; env?: Record<string, string>; 'working-directory'?: string }
interface Action { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } }

/** A folder holding a `newspost` that runs dist/cli.js with this Node. */
function shimBin(): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-shim-'));
  fs.writeFileSync(path.join(bin, 'newspost'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
  return bin;
}

/** `${{ inputs.x }}` as the runner fills it in. */
const fill = (text: string, inputs: Record<string, string>) => text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k: string) => inputs[k] ?? '');

/** A copy of the example site (the step runs in it; the index goes to the copy). */
function exampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-action-'));
  fs.cpSync(path.join(repoRoot, 'example'), dir, { recursive: true });
  return dir;
}

/** Runs the action's `newspost check` step with these inputs (over the defaults); returns its status, output and GITHUB_OUTPUT. */
function runCheckStep(action: Action, given: Record<string, string>, workspace: string, bin: string) {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = v.default ?? '';
  Object.assign(inputs, given);
  const step = action.runs.steps.find(s => s.id === 'check');
  assert.ok(step?.run, 'the action has a step with id check');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = fill(String(v), inputs);
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-ghout-')), 'output');
  fs.writeFileSync(outFile, '');
  const cwd = path.resolve(workspace, fill(step['working-directory'] ?? '.', inputs));
  // (the runner runs a bash step as `bash --noprofile --norc -eo pipefail {0}`)
  const script = path.join(path.dirname(outFile), 'step.sh');
  fs.writeFileSync(script, fill(step.run, inputs));
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, GITHUB_OUTPUT: outFile, NEWSPOST_CACHE_DIR: path.join(path.dirname(outFile), 'cache') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, output: fs.readFileSync(outFile, 'utf8') };
}

test('action.yml: a composite action whose steps set up Node, install newspost and check; every input used is declared', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
  const action = parse(text) as Action;
  assert.equal(action.runs.using, 'composite');
  assert.ok(action.runs.steps.some(s => s.uses?.startsWith('actions/setup-node@')));
  const used = new Set([...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map(m => m[1]));
  for (const k of used) assert.ok(k in action.inputs, `input ${k} is declared`);
  for (const k of Object.keys(action.inputs)) assert.ok(used.has(k), `input ${k} is used`);
});

test('action.yml\'s check step: annotations, exit-code output, SARIF file, fail-on-error, paths with globs, disable', { skip }, () => {
  const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;
  const bin = shimBin();
  const site = exampleCopy();
  try {
    // the defaults on the example site (it has errors): annotations, exit-code=1, the step fails
    const plain = runCheckStep(action, {}, site, bin);
    assert.equal(plain.code, 1, plain.err);
    assert.match(plain.out, /^::error file=_posts\/2022-05-31-blank-line-before\.md,line=1,col=1,.*title=newspost frontmatter-not-at-start::/m);
    assert.match(plain.out, /^::warning file=/m);
    assert.match(plain.output, /^exit-code=1$/m);
    // fail-on-error false: the same annotations, the step passes, the output still says 1
    const lenient = runCheckStep(action, { 'fail-on-error': 'false' }, site, bin);
    assert.equal(lenient.code, 0, lenient.err);
    assert.equal(lenient.out, plain.out);
    assert.match(lenient.output, /^exit-code=1$/m);
    // a SARIF file beside the annotations
    const sarif = path.join(site, 'newspost.sarif');
    const withSarif = runCheckStep(action, { 'sarif-file': sarif }, site, bin);
    assert.equal(withSarif.out, plain.out);
    const log = JSON.parse(fs.readFileSync(sarif, 'utf8'));
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.length > 0);
    // paths: a glob is newspost's to expand (not the shell's), and two paths on two lines
    const one = runCheckStep(action, { paths: '_posts/2022-05-31-blank-line-*.md\n_posts/2022-02-28-february-31.md' }, site, bin);
    const files = new Set([...one.out.matchAll(/^::\w+ file=([^,]+),/gm)].map(m => m[1]));
    assert.deepEqual([...files].sort(), ['_posts/2022-02-28-february-31.md', '_posts/2022-05-31-blank-line-before.md']);
    // disable: that rule's annotations go
    const disabled = runCheckStep(action, { disable: 'frontmatter-not-at-start,footer-missing' }, site, bin);
    assert.doesNotMatch(disabled.out, /frontmatter-not-at-start|footer-missing/);
    // bad usage (an unknown format): exit 2, whatever fail-on-error says
    const bad = runCheckStep(action, { format: 'xml', 'fail-on-error': 'false' }, site, bin);
    assert.equal(bad.code, 2);
    assert.match(bad.output, /^exit-code=2$/m);
    // a site with no error: exit-code=0, the step passes
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-action-clean-'));
    fs.writeFileSync(path.join(clean, '_config.yml'), 'timezone: Asia/Shanghai\n');
    fs.mkdirSync(path.join(clean, '_layouts'));
    fs.writeFileSync(path.join(clean, '_layouts', 'post.html'), '{{ content }}');
    fs.mkdirSync(path.join(clean, '_posts'));
    fs.writeFileSync(path.join(clean, '_posts', '2024-05-01-ok.md'), '---\nlayout: post\ntitle: 好\ndate: 2024-05-01 10:00:00 +0800\n---\n正文\n');
    const ok = runCheckStep(action, {}, clean, bin);
    fs.rmSync(clean, { recursive: true, force: true });
    assert.equal(ok.code, 0, ok.err + ok.out);
    assert.match(ok.output, /^exit-code=0$/m);
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
    fs.rmSync(site, { recursive: true, force: true });
  }
});

test('.pre-commit-hooks.yaml: the hooks take staged posts and drafts only, and their entries check and fix them', { skip }, () => {
  const hooks = parse(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; files: string; language: string }>;
  assert.deepEqual(hooks.map(h => h.id).sort(), ['newspost-check', 'newspost-fix']);
  for (const h of hooks) {
    assert.equal(h.language, 'node');
    const files = new RegExp(h.files);
    for (const p of ['_posts/2024-05-01-a.md', 'site/_posts/2024/x.markdown', '_drafts/b.html']) assert.ok(files.test(p), `${h.id} takes ${p}`);
    for (const p of ['about.md', '_layouts/post.html', '_posts/image.png', 'my_posts/a.md']) assert.ok(!files.test(p), `${h.id} leaves ${p}`);
  }
  const bin = shimBin();
  const site = exampleCopy();
  try {
    // pre-commit runs `entry` with the staged file names appended
    const run = (entry: string, files: string[]) => spawnSync('bash', ['-c', `${entry} "$@"`, 'hook', ...files], {
      cwd: site, encoding: 'utf8', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NEWSPOST_CACHE_DIR: path.join(bin, 'cache') },
    });
    const check = hooks.find(h => h.id === 'newspost-check')!;
    const fix = hooks.find(h => h.id === 'newspost-fix')!;
    const bad = run(check.entry, ['_posts/2022-05-31-blank-line-before.md']);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /_posts\/2022-05-31-blank-line-before\.md:1:1: error: .*\[frontmatter-not-at-start\]/);
    // the fix hook writes the safe fixes; the check hook then passes on that post
    const post = path.join(site, '_posts', '2022-05-31-blank-line-before.md');
    const before = fs.readFileSync(post, 'utf8');
    run(fix.entry, ['_posts/2022-05-31-blank-line-before.md']);
    assert.notEqual(fs.readFileSync(post, 'utf8'), before);
    const after = run(check.entry, ['_posts/2022-05-31-blank-line-before.md']);
    assert.equal(after.status, 0, after.stdout + after.stderr);
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
    fs.rmSync(site, { recursive: true, force: true });
  }
});
