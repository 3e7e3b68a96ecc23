import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, newspostDiagnostics, open, waitFor, wsFile } from './helpers';

// Two sites with the same post (Markdown, no layout): builder-pages has no Gemfile (GitHub Pages' build, whose
// jekyll-default-layout lays it out with `post`), builder-jekyll4 has a Gemfile asking for Jekyll 4 (no layout).
const PAGES_POST = 'builder-pages/_posts/2022-06-03-no-layout.md';
const J4_POST = 'builder-jekyll4/_posts/2022-06-03-no-layout.md';

interface Verdict { layout?: string | null; builder?: string; builderReason?: string }

suite('builder', () => {
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('newsPost').update('builder', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a Markdown post without layout: no layout-missing on GitHub Pages, layout-missing on Jekyll 4', async () => {
    const j4 = (await open(J4_POST)).document;
    const j4Diags = await waitFor(() => newspostDiagnostics(j4.uri), ds => ds.some(d => codeOf(d) === 'layout-missing'));
    assert.ok(j4Diags.some(d => codeOf(d) === 'layout-missing'), `layout-missing on Jekyll 4; got ${JSON.stringify(j4Diags.map(codeOf))}`);
    const j4Verdict = await vscode.commands.executeCommand<Verdict>('newsPost.showVerdict');
    assert.strictEqual(j4Verdict?.builder, 'jekyll-4');
    assert.strictEqual(j4Verdict?.layout, null);
    assert.match(j4Verdict?.builderReason ?? '', /Gemfile/);

    const pages = (await open(PAGES_POST)).document;
    // its other findings (the site's conventions) arrive with it: wait until it is checked at all
    await waitFor(() => vscode.languages.getDiagnostics(wsFile('builder-pages/_config.yml')).length, n => n > 0);
    const pagesDiags = newspostDiagnostics(pages.uri);
    assert.ok(!pagesDiags.some(d => codeOf(d) === 'layout-missing'), `no layout-missing on GitHub Pages; got ${JSON.stringify(pagesDiags.map(codeOf))}`);
    const pagesVerdict = await vscode.commands.executeCommand<Verdict>('newsPost.showVerdict');
    assert.strictEqual(pagesVerdict?.builder, 'github-pages');
    assert.strictEqual(pagesVerdict?.layout, 'post');
  });

  test("GitHub Pages: a plugin it does not load is a warning on the site's _config.yml", async () => {
    await open(PAGES_POST);
    const config = wsFile('builder-pages/_config.yml');
    const diags = await waitFor(() => newspostDiagnostics(config), ds => ds.some(d => codeOf(d) === 'config-plugin-not-loaded'));
    const d = diags.find(x => codeOf(x) === 'config-plugin-not-loaded');
    assert.ok(d, `config-plugin-not-loaded on _config.yml; got ${JSON.stringify(diags.map(codeOf))}`);
    assert.match(d.message, /jekyll-archives/);
    assert.strictEqual(diags.filter(x => codeOf(x) === 'config-plugin-not-loaded').length, 1, 'jekyll-feed is whitelisted');
  });

  test('newsPost.builder overrides the detected builder', async () => {
    const j4 = (await open(J4_POST)).document;
    await vscode.workspace.getConfiguration('newsPost').update('builder', 'github-pages', vscode.ConfigurationTarget.Global);
    try {
      const diags = await waitFor(() => newspostDiagnostics(j4.uri), ds => !ds.some(d => codeOf(d) === 'layout-missing'));
      assert.ok(!diags.some(d => codeOf(d) === 'layout-missing'), `judged as GitHub Pages; got ${JSON.stringify(diags.map(codeOf))}`);
      const v = await vscode.commands.executeCommand<Verdict>('newsPost.showVerdict');
      assert.strictEqual(v?.builder, 'github-pages');
      assert.match(v?.builderReason ?? '', /newsPost\.builder/);
    } finally {
      await vscode.workspace.getConfiguration('newsPost').update('builder', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
