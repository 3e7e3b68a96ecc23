import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, newspostDiagnostics, open, sleep, waitFor, wsFile } from './helpers';

const POST = '_posts/2022-05-31-no-offset.md';
const DATE = '2022-05-31 18:03:41';

/**
 * Runs the code-action providers at `range` until one action matches. Retries because the
 * diagnostics reach the workbench's marker service (which fills CodeActionContext.diagnostics)
 * a moment after getDiagnostics() shows them, and a request may be Canceled meanwhile.
 */
async function codeAction(uri: vscode.Uri, range: vscode.Range, match: (a: vscode.CodeAction) => boolean, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    let actions: vscode.CodeAction[] = [];
    try {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value) ?? [];
    } catch (e) {
      if (!(e instanceof Error && e.name === 'Canceled') || Date.now() > end) throw e;
    }
    const fix = actions.find(match);
    if (fix || Date.now() > end) return { actions, fix };
    await sleep(200);
  }
}

suite('diagnostics', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('date-no-offset: warning on the date value, fixed by the quick fix', async () => {
    const editor = await open(POST);
    const doc = editor.document;
    const isNoOffset = (d: vscode.Diagnostic) => codeOf(d) === 'date-no-offset';
    const diags = await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.some(isNoOffset));
    const diag = diags.find(isNoOffset);
    assert.ok(diag, `a date-no-offset diagnostic; got ${JSON.stringify(diags.map(codeOf))}`);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    // the code is a link to its rule's documentation
    assert.ok(typeof diag.code === 'object', 'a code with a target');
    assert.strictEqual((diag.code as { target: vscode.Uri }).target.toString(true), 'https://github.com/newspost/news-post-editor/blob/main/docs/rules.md#date-no-offset');

    const line = doc.lineAt(diag.range.start.line).text;
    const col = line.indexOf(DATE);
    assert.ok(line.startsWith('date:') && col > 0, `diagnostic on the date line, got line: ${line}`);
    assert.ok(diag.range.isEqual(new vscode.Range(diag.range.start.line, col, diag.range.start.line, col + DATE.length)),
      `range covers exactly '${DATE}', got ${JSON.stringify(diag.range)} = '${doc.getText(diag.range)}'`);

    const { actions, fix } = await codeAction(doc.uri, diag.range, a => a.title.startsWith("Add the site's UTC offset"));
    assert.ok(fix, `an "Add the site's UTC offset" fix; got ${JSON.stringify(actions.map(a => a.title))}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), 'a QuickFix');
    assert.ok(fix.edit, 'the fix carries an edit');
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /^date: 2022-05-31 18:03:41 \+08:?00$/m, 'the Asia/Shanghai offset was added');
      const after = await waitFor(() => newspostDiagnostics(doc.uri), ds => !ds.some(isNoOffset));
      assert.ok(!after.some(isNoOffset), 'date-no-offset is gone after the fix');
    } finally {
      // never saved; revert so the fixture stays as it is for the next test
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('fix all: source.fixAll.newspost (Source Action menu, on save when opted in) and one rule in every post of the site', async () => {
    const editor = await open(POST);
    const doc = editor.document;
    const original = doc.getText();
    const copy = wsFile('_posts/2022-05-31-no-offset-copy.md');
    fs.writeFileSync(copy.fsPath, original.replace('沪指重回3100点', '沪指重回3100点（副本）'));
    try {
      await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.some(d => codeOf(d) === 'date-no-offset'));
      // the source action, as the Source Action… menu and codeActionsOnSave ask for it
      const all = doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
      let actions: vscode.CodeAction[] = [];
      for (const end = Date.now() + 10000; Date.now() < end && !actions.length; await sleep(200)) {
        actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, all, 'source.fixAll').then(x => x, () => [])) ?? [];
        actions = actions.filter(a => a.kind?.value === 'source.fixAll.newspost');
      }
      assert.strictEqual(actions.length, 1, 'one source.fixAll.newspost action');
      assert.strictEqual(actions[0].title, 'Fix All News Post Problems in This File');
      assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
      assert.match(doc.getText(), /^date: 2022-05-31 18:03:41 \+0800$/m);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.strictEqual(doc.getText(), original);

      // on save, when the user opts in (editor.codeActionsOnSave), like ESLint
      const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'markdown' });
      await editorConfig.update('codeActionsOnSave', { 'source.fixAll.newspost': 'explicit' }, vscode.ConfigurationTarget.Global, true);
      try {
        await editor.edit(b => b.insert(doc.lineAt(doc.lineCount - 1).range.end, '\n'));
        await vscode.commands.executeCommand('workbench.action.files.save');
        await waitFor(() => doc.getText(), t => /\+0800$/m.test(t), 10000);
        assert.match(doc.getText(), /^date: 2022-05-31 18:03:41 \+0800$/m, 'fixed on save');
      } finally {
        await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
        fs.writeFileSync(doc.uri.fsPath, original);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }

      // one rule, every post of the site: the quick fix runs the command; here with no confirmation
      const diag = (await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.some(d => codeOf(d) === 'date-no-offset'))).find(d => codeOf(d) === 'date-no-offset')!;
      const { actions: fixes, fix } = await codeAction(doc.uri, diag.range, a => a.command?.command === 'newsPost.fixAllInSite');
      assert.ok(fix, `a site-wide fix; got ${JSON.stringify(fixes.map(a => a.title))}`);
      assert.strictEqual(fix.title, "Fix all 'date-no-offset' problems in the site's posts");
      assert.ok(fixes.some(a => a.title.startsWith('Fix All News Post Problems in This File')), 'and the whole file');
      const r = await vscode.commands.executeCommand<{ fixed: number; posts: number }>('newsPost.fixAllInSite', 'date-no-offset', doc.uri, { confirm: false });
      assert.deepStrictEqual(r, { fixed: 2, posts: 2 });
      assert.match(doc.getText(), /^date: 2022-05-31 18:03:41 \+0800$/m, 'the open post, in its editor');
      assert.match(fs.readFileSync(copy.fsPath, 'utf8'), /^date: 2022-05-31 18:03:41 \+0800$/m, 'the other post, saved');
    } finally {
      fs.rmSync(copy.fsPath, { force: true });
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test("Jekyll's verdict: a hover on the opening --- says what Jekyll does and why, nothing cut", async () => {
    const editor = await open(POST);
    const doc = editor.document;
    await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.some(d => codeOf(d) === 'date-no-offset'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1));
    const md = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(md, /^\*\*Jekyll publishes it, but not as written\\.\*\*$/m, md);
    const text = md.replace(/\\(.)/g, '$1');
    assert.match(text, /Jekyll's verdict/);
    assert.match(text, /no UTC offset, so YAML reads it as UTC: the site shows 2022-06-01 02:03:41 \+0800/);
    assert.match(text, /`date`: 2022-06-01 02:03:41 \+0800/);
    // only on that line
    const elsewhere = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 2));
    assert.ok(!elsewhere.some(h => h.contents.some(c => typeof c !== 'string' && 'value' in c && /Jekyll's verdict/.test(c.value))));
  });

  test('a file outside _posts gets no diagnostics', async () => {
    const outside = wsFile('notes/outside.md');
    await open('notes/outside.md');
    // Prove the checker is running (a post with the same date gets its warning), then give the
    // outside file time it would have needed too.
    await open(POST);
    await waitFor(() => newspostDiagnostics(wsFile(POST)), ds => ds.some(d => codeOf(d) === 'date-no-offset'));
    await open('notes/outside.md');
    await sleep(1500);
    assert.deepStrictEqual(newspostDiagnostics(outside).map(d => `${codeOf(d)}: ${d.message}`), []);
  });
});
