// Runs first (file order): a site nobody has read yet. Opening one of its posts reads the site's vocabulary
// in the background; until it is known, the rules that need it (category-unknown, the footer conventions)
// say nothing, instead of judging the post against a site of no posts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, newspostDiagnostics, sleep, waitFor, wsFile } from './helpers';

// footer-site: 5 posts of category cailianshe (no category page), a category page for another category
const POST = 'footer-site/_posts/2022-06-01-NW202206012400000011.md';
const NO_FOOTER = 'footer-site/_posts/2022-06-06-NW202206062400000015.md';

suite('a site being read', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('no "never used" category, no footer verdict, before the site\'s vocabulary is known', async () => {
    const uri = wsFile(POST);
    const seen: string[][] = [];
    const sub = vscode.languages.onDidChangeDiagnostics(e => {
      if (e.uris.some(u => u.toString() === uri.toString())) seen.push(newspostDiagnostics(uri).map(d => String(codeOf(d))));
    });
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      // the read ends (the footer of another post is judged against the site's) and the post settles
      const other = await vscode.workspace.openTextDocument(wsFile(NO_FOOTER));
      await waitFor(() => newspostDiagnostics(other.uri).map(d => String(codeOf(d))), c => c.includes('footer-missing'), 20000);
      await sleep(500);
    } finally {
      sub.dispose();
    }
    assert.ok(seen.length > 0, 'the post was checked');
    assert.deepStrictEqual(seen.filter(codes => codes.includes('category-unknown')), [], `published while reading: ${JSON.stringify(seen)}`);
    assert.ok(!newspostDiagnostics(uri).some(d => codeOf(d) === 'category-unknown'), 'cailianshe is the site\'s most used category');
  });
});
