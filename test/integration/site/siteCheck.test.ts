// Whole-site checking in the real VS Code, on a generated site of a few thousand posts (makeSite.ts): the
// command fills the Problems panel for files nobody opened, with what `newspost check` finds; the watcher keeps
// it current when files change, appear, move or go on disk; open files keep their live results.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { spawnSync } from 'child_process';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import { reportLines } from './index';
import { codeOf, sleep, waitFor as poll } from '../suite/helpers';
import type { ScanStats } from '../../../src/siteIndex';
import type { NewsPostApi } from '../../../src/extension';

const repo = path.resolve(__dirname, '../../../..');
const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const posts = () => path.join(root(), '_posts');
/** Polls as the other suite does, with more time: the watcher works through thousands of posts. */
const waitFor = <T>(get: () => T, ok: (v: T) => boolean, ms = 30000): Promise<T> => poll(get, ok, ms);

/** The codes of this extension's problems on each file of the site, from the Problems panel's source. */
function panel(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    const ours = diags.filter(d => d.source === 'newspost');
    if (uri.scheme === 'file' && uri.fsPath.startsWith(root()) && ours.length) out.set(uri.fsPath, ours.map(d => String(codeOf(d))).sort());
  }
  return out;
}

const codesOn = (file: string) => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter(d => d.source === 'newspost').map(d => String(codeOf(d))).sort();

/** What `newspost check` (the same engine, as CI runs it) finds on the site, by absolute path. */
let cliErrors = 0;
function cli(): Map<string, string[]> {
  // --no-cache: no persistent index left in the site, so the editor's first scan reads every post itself (its
  // seeding from an index `newspost check` wrote is tested in test/unit/check-cache.test.ts)
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', '--format', 'json', '--no-cache'], { cwd: root(), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const out = new Map<string, string[]>();
  cliErrors = 0;
  for (const f of JSON.parse(r.stdout) as Array<{ file: string; code: string; severity: string }>) {
    if (f.severity === 'error') cliErrors++;
    const abs = path.resolve(root(), f.file);
    out.set(abs, [...(out.get(abs) ?? []), f.code]);
  }
  for (const v of out.values()) v.sort();
  return out;
}

function diff(a: Map<string, string[]>, b: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = JSON.stringify(a.get(k) ?? []);
    const y = JSON.stringify(b.get(k) ?? []);
    if (x !== y) out.push(`${path.relative(root(), k)}: ${x} vs ${y}`);
  }
  return out;
}

/** A post of the site whose only problem is `code` (from the CLI's answer). */
function postWith(expected: Map<string, string[]>, code: string, skip: string[] = []): string {
  const f = [...expected].find(([file, codes]) => codes.length === 1 && codes[0] === code && !skip.includes(file))
    ?? [...expected].find(([file, codes]) => codes.includes(code) && !skip.includes(file));
  assert.ok(f, `a post with ${code}`);
  return f[0];
}

suite('whole-site check', () => {
  let expected: Map<string, string[]>;

  suiteSetup(async () => {
    expected = cli();
    // the extension is active (workspaceContains:_config.yml); make sure before judging "nothing at activation"
    await vscode.extensions.all.find(e => e.packageJSON?.name === 'news-post-editor')?.activate();
  });

  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('nothing is read at activation; Check All Posts fills the Problems panel with what the CLI finds', async () => {
    await sleep(1500);
    assert.deepStrictEqual([...panel().keys()], [], 'no problems before the command');
    const count = fs.readdirSync(posts()).length;
    // the machine's own noise: the extension host's event-loop delay while idle, for comparison
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await sleep(3000);
    idle.disable();
    const t0 = Date.now();
    // what the status bar is told meanwhile: posts of a phase against a fixed total, never more than the site has
    const api = vscode.extensions.all.find(e => e.packageJSON?.name === 'news-post-editor')!.exports as NewsPostApi;
    const progress: Array<{ done: number; total: number } | undefined> = [];
    const sub = api.onDidProgress(p => progress.push(p && { ...p }));
    const stats = await vscode.commands.executeCommand<ScanStats>('newsPost.checkAllPosts');
    sub.dispose();
    const shown = progress.filter((p): p is { done: number; total: number } => !!p);
    assert.ok(shown.length > 2, `progress was reported (${shown.length})`);
    assert.ok(shown.every(p => p.done <= p.total && p.total <= count), `done ≤ total ≤ ${count} posts: ${JSON.stringify(shown.filter(p => p.done > p.total || p.total > count).slice(0, 5))}`);
    assert.deepStrictEqual(shown[shown.length - 1], { done: count, total: count }, 'the check ends at every post of the site');
    assert.ok(shown.some(p => p.total === 0), 'finding posts: no total yet');
    assert.strictEqual(progress[progress.length - 1], undefined, 'and the progress ends');
    reportLines.push(`Check All Posts: ${stats.found} posts in ${Date.now() - t0} ms (${stats.workers} worker thread); longest blocking slice on the extension host ${stats.longestSliceMs} ms (${stats.longestSlice}); event-loop delay max ${stats.eventLoopMaxDelayMs} ms, p99 ${stats.eventLoopP99DelayMs} ms, longest GC pause ${stats.gcMaxPauseMs} ms (idle, before: max ${(idle.max / 1e6).toFixed(1)} ms, p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms); ${os.loadavg()[0].toFixed(1)} load average`);
    assert.strictEqual(stats.cancelled, false);
    assert.strictEqual(stats.found, count);
    assert.strictEqual(stats.checked, count);
    assert.strictEqual(stats.read, count);
    assert.ok(expected.size > count / 3, `the generated site has problems on many posts (${expected.size})`);
    const got = await waitFor(panel, p => diff(p, expected).length === 0, 20000);
    const d = diff(got, expected);
    assert.deepStrictEqual(d.slice(0, 10), [], `${d.length} files differ from newspost check`);
    assert.strictEqual(stats.errors, cliErrors);

    // the posts Jekyll will not publish, by reason
    // (a post counts once, under the first reason that applies, e.g. a bad name before its front matter)
    const order: Array<[string, string[]]> = [
      ['not-text', ['file-not-utf8', 'file-binary', 'file-unreadable']], ['bad-name', ['filename-no-date']],
      ['bad-date', ['date-invalid', 'filename-date-invalid']], ['front-matter', ['frontmatter-not-at-start', 'frontmatter-unclosed', 'frontmatter-missing', 'yaml-syntax']],
      ['unpublished', ['unpublished']], ['future', ['future-date']],
    ];
    const held: Record<string, number> = {};
    for (const codes of expected.values()) {
      const reason = order.find(([, cs]) => cs.some(c => codes.includes(c)))?.[0];
      if (reason) held[reason] = (held[reason] ?? 0) + 1;
    }
    for (const [reason] of order) assert.strictEqual(stats.held[reason as keyof typeof stats.held], held[reason] ?? 0, `posts held for ${reason}`);
    assert.ok(held['bad-name'] && held['front-matter'] && held.unpublished && held.future && held['not-text'], `every reason occurs on the generated site: ${JSON.stringify(held)}`);

    // a second run reads nothing that did not change
    const again = await vscode.commands.executeCommand<ScanStats>('newsPost.checkAllPosts');
    assert.strictEqual(again.checked, 0);
    assert.strictEqual(again.unchanged, count);
  });

  test('a file changed on disk: its problems follow, the others stay', async () => {
    const file = postWith(expected, 'date-no-offset');
    const before = panel().size;
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/^(date: \S+ \S+)$/m, '$1 +0800'));
    assert.deepStrictEqual(await waitFor(() => codesOn(file), c => c.length === 0), [], 'fixed on disk: its warning is gone');
    fs.writeFileSync(file, '\n' + text);
    assert.deepStrictEqual(await waitFor(() => codesOn(file), c => c.length > 0), ['frontmatter-not-at-start'], 'broken on disk: its error appears');
    assert.strictEqual(panel().size, before, 'no other file changed');
  });

  test('files deleted, created and renamed on disk', async () => {
    const gone = postWith(expected, 'date-no-offset', [postWith(expected, 'date-no-offset')]);
    fs.rmSync(gone);
    assert.deepStrictEqual(await waitFor(() => codesOn(gone), c => c.length === 0), [], 'a deleted post takes its problems along');

    const created = path.join(posts(), '2024-06-30-created-today.md');
    fs.writeFileSync(created, '---\nlayout: post\ntitle: "新建快讯"\ndate: 2024-06-30 09:00:00\ncategories: kuaixun\ntags: 滚动快讯\npublished: false\n---\n\n今日新建的一条快讯。\n');
    const createdCodes = await waitFor(() => codesOn(created), c => c.includes('date-no-offset') && c.includes('unpublished'));
    assert.ok(createdCodes.includes('date-no-offset') && createdCodes.includes('unpublished'), `a new post is checked: ${createdCodes}`);

    const moved = path.join(posts(), 'moved-without-date.md');
    fs.renameSync(created, moved);
    assert.deepStrictEqual(await waitFor(() => codesOn(created), c => c.length === 0), [], 'the old name has no problems left');
    assert.ok((await waitFor(() => codesOn(moved), c => c.includes('filename-no-date'))).includes('filename-no-date'), 'the new name is checked');

    // a whole folder moved in
    const folder = path.join(root(), 'incoming');
    fs.mkdirSync(path.join(folder, '_posts'), { recursive: true });
    fs.writeFileSync(path.join(folder, '_posts', '2024-06-30-a.md'), '\n---\ntitle: "x"\n---\n');
    const dest = path.join(posts(), 'incoming');
    fs.renameSync(path.join(folder, '_posts'), dest);
    const inMoved = path.join(dest, '2024-06-30-a.md');
    assert.deepStrictEqual(await waitFor(() => codesOn(inMoved), c => c.length > 0), ['frontmatter-not-at-start']);
    fs.rmSync(dest, { recursive: true });
    assert.deepStrictEqual(await waitFor(() => codesOn(inMoved), c => c.length === 0), [], 'a deleted folder takes its posts\' problems along');
  });

  test('an open post shows its live problems once; they stay when it closes', async () => {
    const file = postWith(expected, 'categories-split');
    const want = expected.get(file)!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    await sleep(1000);
    assert.deepStrictEqual(codesOn(file), want, 'one set of problems (live), not two');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit(e => e.insert(new vscode.Position(0, 0), '\n'));
    const live = await waitFor(() => codesOn(file), c => c.includes('frontmatter-not-at-start'));
    assert.ok(live.includes('frontmatter-not-at-start'), 'live results follow the unsaved text');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(1000);
    assert.deepStrictEqual(await waitFor(() => codesOn(file), c => JSON.stringify(c) === JSON.stringify(want)), want, 'the file on disk keeps its problems in the panel');
  });
});
