// The CLI as a well-behaved Unix tool: --help for every command, usage errors that say what was expected (exit 2),
// a closed pipe (`newspost check | head`) and Ctrl-C end quietly, GitHub annotations escaped as GitHub requires.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { runCli as run, repoRoot } from './helpers';
import { githubAnnotation } from '../../src/cli/check';

const cli = path.join(repoRoot, 'dist/cli.js');
const skip = !fs.existsSync(cli) && 'dist/cli.js missing: npm run build';
const example = path.join(repoRoot, 'example');

test('--help for every command (and `newspost help <command>`), on stdout with exit 0', { skip }, () => {
  for (const cmd of ['check', 'list', 'render', 'strip']) {
    for (const args of [[cmd, '--help'], [cmd, '-h'], ['help', cmd]]) {
      const r = run(args, example);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err, '');
      assert.match(r.out, new RegExp(`^usage: newspost ${cmd} `), args.join(' '));
    }
  }
  for (const args of [['help'], ['help', '--help'], ['help', 'help']]) assert.match(run(args, example).out, /^usage: newspost <command>/, args.join(' '));
  const top = run(['--help'], example);
  assert.equal(top.code, 0);
  assert.match(top.out, /^usage: newspost <command> \[options\]\n\ncommands:\n  check .*\n  list .*\n  render .*\n  strip .*\n  help /);
  const check = run(['check', '--help'], example).out;
  for (const flag of ['--format github', '--fix ', '--fix-dry-run', '--disable', '--jobs', '--stats']) assert.ok(check.includes(flag), flag);
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
  assert.equal(run(['--version'], example).out, `${version}\n`);
});

test('bad arguments: exit 2, a message on stderr that says what was expected, nothing on stdout', { skip }, () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /^usage: newspost <command>/],
    [['frobnicate'], /^newspost: unknown command 'frobnicate' \(commands: check, list, render, strip, help\)\nRun `newspost --help` for the commands\.\n$/],
    [['--bogus'], /^newspost: unknown option --bogus \(options: --help, --version\)\n/],
    [['--verison'], /^newspost: unknown option --verison \(did you mean --version\?\)\n/],
    [['help', 'nope'], /^newspost: unknown command 'nope'/],
    [['check', '--bogus'], /^newspost check: unknown option --bogus \(options: --format, --fix, --fix-dry-run, --disable, --jobs, --builder, --cache-dir, --no-cache, --stats, --help\)\nRun `newspost check --help` for the options\.\n$/],
    [['check', '--fromat=json'], /^newspost check: unknown option --fromat=json \(did you mean --format\?\)\n/],
    [['check', '--fix-dryrun'], /did you mean --fix-dry-run\?/],
    [['check', '--format'], /^newspost check: --format takes text, json, sarif or github \(got nothing\)\n/],
    [['check', '--format', 'xml'], /^newspost check: --format takes text, json, sarif or github \(got xml\)\n/],
    [['check', '--format=', '_posts'], /--format takes text, json, sarif or github \(got \)/],
    [['check', '--format', '--fix'], /--format takes text, json, sarif or github \(got nothing\)/],
    [['check', '--jobs', 'many'], /^newspost check: --jobs takes a number of worker threads \(got many\)\n/],
    [['check', '--jobs'], /--jobs takes a number of worker threads \(got nothing\)/],
    [['check', '--disable'], /--disable takes a comma-separated list of rule codes/],
    [['check', '--disable', 'no-such-rule'], /unknown rule code 'no-such-rule'/],
    [['check', '--stats=yes'], /--stats takes no value/],
    [['check', '--fix', '--fix-dry-run'], /--fix and --fix-dry-run exclude each other/],
    [['check', 'no/such/path'], /^newspost check: nothing to check: no\/such\/path\n$/],
    [['list', '--format', 'sarif'], /^newspost list: --format takes text, json or csv \(got sarif\)\nRun `newspost list --help` for the options\.\n$/],
    [['list', '--now'], /^newspost list: --now takes a time/],
    [['render'], /^newspost render: which file\?\nRun `newspost render --help` for the options\.\n$/],
    [['render', '--bogus', 'x.md'], /^newspost render: unknown option --bogus \(options: --report, --show-stripped, /],
    [['strip', '--wirte', '_posts'], /^newspost strip: unknown option --wirte \(did you mean --write\?\)\n/],
    [['render', '--rules'], /--rules takes a JSON file of strip rules/],
    [['render', 'a.md', 'b.md'], /render takes one file/],
    [['strip'], /^newspost strip: which posts\? \(give files, folders or globs\)\n/],
    [['strip', '--disable', '--write', '_posts'], /--disable takes a comma-separated list of rule ids/],
  ];
  for (const [args, err] of cases) {
    const r = run(args, example);
    assert.equal(r.code, 2, `newspost ${args.join(' ')}`);
    assert.match(r.err, err, `newspost ${args.join(' ')}`);
    assert.equal(r.out, '', `newspost ${args.join(' ')}: stdout`);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('--format github: one workflow command per problem, info as notice, then the summary', { skip }, () => {
  const r = run(['check', '--format', 'github'], example);
  assert.equal(r.code, 1, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.match(lines.at(-1)!, /^\d+ errors, \d+ warnings, \d+ infos in \d+ posts$/);
  const commands = lines.slice(0, -1);
  assert.ok(commands.length > 10);
  for (const l of commands) assert.match(l, /^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=newspost [a-z0-9-]+::[^\r\n]+ \[[a-z0-9-]+\]$/);
  assert.ok(commands.some(l => l.startsWith('::warning file=_posts/2022-05-31-turnover-no-offset.md,line=4,col=7,endLine=4,endColumn=26,title=newspost date-no-offset::This date has no UTC offset')));
  assert.ok(commands.some(l => l.startsWith('::notice ')), 'info → notice');
});

test('githubAnnotation escapes %, CR, LF in the message and also : and , in properties', () => {
  const line = githubAnnotation({
    file: 'a,b:c%.md', line: 2, column: 3, endLine: 4, endColumn: 5, severity: 'error', code: 'yaml-syntax',
    message: '100% broken:\r\nsee, here',
  });
  assert.equal(line, '::error file=a%2Cb%3Ac%25.md,line=2,col=3,endLine=4,endColumn=5,title=newspost yaml-syntax::100%25 broken:%0D%0Asee, here [yaml-syntax]\n');
});

// a generated site big enough that the output is still being written when the reader goes away
let big = '';
before(() => {
  if (skip) return;
  big = fs.mkdtempSync(path.join(os.tmpdir(), 'newspost-pipe-'));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  (require(path.join(repoRoot, 'scripts/gen-site.cjs')) as { generateSite(dir: string, o: { posts: number }): unknown }).generateSite(big, { posts: 3000 });
});
after(() => { if (big) fs.rmSync(big, { recursive: true, force: true }); });

const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

test('a closed pipe (newspost check | head -1) ends the run quietly with status 0, in every format and thread mode', { skip: skip || (!hasBash && 'no bash') }, () => {
  const errFile = path.join(big, '..', `newspost-pipe-${process.pid}.err`);
  try {
    for (const args of ['', '--format json', '--format sarif', '--format github --jobs 2', '--jobs 0', '--fix-dry-run']) {
      // pipefail: the status is newspost's, not head's
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" check ${args} 2>"${errFile}" | head -1 >/dev/null`], { cwd: big, encoding: 'utf8' });
      const err = fs.readFileSync(errFile, 'utf8');
      assert.equal(err, '', `check ${args}: stderr`);
      assert.equal(r.status, 0, `check ${args}: exit status`);
    }
  } finally {
    fs.rmSync(errFile, { force: true });
  }
});

/** Starts newspost, sends `signal` once `after` bytes of output came (or after `ms`), resolves with how it ended. */
function interrupt(args: string[], cwd: string, signal: NodeJS.Signals, afterBytes: number, ms = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; out: number }> {
  return new Promise(resolve => {
    const p = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = 0;
    let sent = false;
    const send = () => { if (!sent) { sent = true; p.kill(signal); } };
    const timer = setTimeout(send, ms);
    p.stderr.on('data', d => { err += d; });
    p.stdout.on('data', d => { out += d.length; if (out >= afterBytes) send(); });
    p.on('exit', (code, sig) => { clearTimeout(timer); resolve({ code, signal: sig, err, out }); });
  });
}

test('Ctrl-C (SIGINT) ends the run at once, quietly, as interrupted (status 130 in a shell)', { skip }, async () => {
  for (const jobs of ['0', '2']) {
    const r = await interrupt(['check', '--jobs', jobs], big, 'SIGINT', 1000);
    assert.equal(r.signal, 'SIGINT', `--jobs ${jobs}: ended by the signal (code ${r.code}, stderr ${r.err})`);
    assert.equal(r.err, '');
  }
  const sh = hasBash ? spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" check --jobs 2 >/dev/null & sleep 0.2; kill -INT $!; wait $!; echo $?`], { cwd: big, encoding: 'utf8' }) : undefined;
  if (sh) assert.equal(sh.stdout.trim(), '130');
});

test('Ctrl-C during --fix leaves every post whole and no temporary file', { skip }, async () => {
  const r = await interrupt(['check', '--fix', '--jobs', '2'], big, 'SIGINT', Infinity, 1500);
  assert.ok(r.signal === 'SIGINT' || r.code === 1, `ended by the signal or done first (code ${r.code})`);
  assert.equal(r.err.replace(/^newspost check: fixed .*\n/, ''), '');
  const leftovers = fs.readdirSync(path.join(big, '_posts')).filter(f => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, []);
  // every post is either as it was or fully fixed: a finished --fix run finds each one fixable or clean, never broken
  const again = run(['check', '--fix'], big);
  assert.equal(again.code, 1, again.err);
  assert.equal(run(['check', '--fix-dry-run'], big).out, '');
});
