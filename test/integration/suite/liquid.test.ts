import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, newspostDiagnostics, open, waitFor } from './helpers';

// test/integration/workspace/_posts/2022-06-03-liquid.md: Liquid that resolves ({{ page.title }}, {{ site.title }})
// and Liquid that renders nothing ({{ 涨幅 }}, {{ page.turnover }}: no such key)
const POST = '_posts/2022-06-03-liquid.md';

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos) ?? [];
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('liquid', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('Liquid that resolves says nothing; what renders nothing is a warning naming it; a hover shows what it renders', async () => {
    const editor = await open(POST);
    const doc = editor.document;
    const diags = await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.filter(d => codeOf(d) === 'liquid-in-body').length >= 2);
    const liquid = diags.filter(d => codeOf(d) === 'liquid-in-body').map(d => doc.getText(d.range));
    assert.deepStrictEqual(liquid, ['{{ 涨幅 }}', '{{ page.turnover }}'], `got ${JSON.stringify(diags.map(d => [codeOf(d), doc.getText(d.range)]))}`);
    const at = (s: string) => doc.positionAt(doc.getText().indexOf(s) + 3);
    assert.match(await hoverText(doc.uri, at('{{ page.title }}')), /renders as `` 沪指收涨0\.5% ``/);
    assert.match(await hoverText(doc.uri, at('{{ site.title }}')), /renders as `` 财经快讯 ``/);
    assert.match(await hoverText(doc.uri, at('{{ 涨幅 }}')), /renders as nothing on this site/);
  });
});
