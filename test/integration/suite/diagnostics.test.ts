import * as assert from 'assert';
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
