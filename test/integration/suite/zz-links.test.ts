// Runs last (file order: it checks the whole workspace). The post's link (CodeLens, Copy Link), the site-wide
// problems after Check All Posts (URL conflict, broken link), and Rename Post rewriting the post_url that names it
// and the links written as its URL.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, newspostDiagnostics, open, sleep, waitFor, wsFile } from './helpers';

const LINKER = 'links-site/_posts/2022-05-31-linker.md';
const TARGET = 'links-site/_posts/2022-05-30-old-name.md';
const RENAMED = 'links-site/_posts/2022-05-30-new-name.md';
const codes = (rel: string) => newspostDiagnostics(wsFile(rel)).map(d => String(codeOf(d)));

suite('links', () => {
  suiteTeardown(async () => {
    // the workspace is the repository's: put the post back if a test left it renamed
    if (fs.existsSync(wsFile(RENAMED).fsPath)) await vscode.commands.executeCommand('newsPost.renamePost', wsFile(RENAMED), '2022-05-30-old-name.md');
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('CodeLens on the front matter: published at the absolute URL, with Copy Link', async () => {
    const editor = await open(LINKER);
    // (the post is checked a moment after it opens)
    let titles: string[] = [];
    for (const end = Date.now() + 15000; Date.now() < end && !titles.some(x => x.includes('published at'));) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      titles = (lenses ?? []).map(l => l.command?.title ?? '');
      if (!titles.some(x => x.includes('published at'))) await sleep(200);
    }
    assert.ok(titles.some(x => x.includes('published at https://news.example.org/news/2022/05/31/linker.html, 2022-05-31 09:00:00 +0800')), JSON.stringify(titles));
    assert.ok(titles.includes('Copy Link') && titles.includes('Open on the Site'), JSON.stringify(titles));
    const copied = await vscode.commands.executeCommand<string>('newsPost.copyPostLink', editor.document.uri);
    assert.strictEqual(copied, 'https://news.example.org/news/2022/05/31/linker.html');
    assert.strictEqual(await vscode.env.clipboard.readText(), copied);
  });

  test('Check All Posts: two posts on one URL (error on both), a link to a post the site lacks (warning)', async () => {
    await vscode.commands.executeCommand('newsPost.checkAllPosts');
    const a = 'links-site/_posts/2022-06-01-same-a.md';
    const b = 'links-site/_posts/2022-06-01-same-b.md';
    await waitFor(() => codes(a), c => c.includes('url-conflict'), 15000);
    assert.ok(codes(a).includes('url-conflict') && codes(b).includes('url-conflict'), `${codes(a)} / ${codes(b)}`);
    const conflict = newspostDiagnostics(wsFile(a)).find(d => codeOf(d) === 'url-conflict')!;
    assert.strictEqual(conflict.severity, vscode.DiagnosticSeverity.Error);
    assert.match(conflict.message, /2022-06-01-same-b\.md.*\/news\/same\.html/);
    // the linker is open: its live problems and the site-wide ones, both shown
    await waitFor(() => codes(LINKER), c => c.includes('link-broken'), 15000);
    const broken = newspostDiagnostics(wsFile(LINKER)).find(d => codeOf(d) === 'link-broken');
    assert.ok(broken, JSON.stringify(codes(LINKER)));
    assert.strictEqual(broken.range.start.line, 7);
  });

  test('Rename Post: the file is renamed, and the post_url naming it and the links written as its URL follow, in one edit', async () => {
    const linker = await vscode.workspace.openTextDocument(wsFile(LINKER));
    const ok = await vscode.commands.executeCommand<boolean>('newsPost.renamePost', wsFile(TARGET), '2022-05-30-new-name.md');
    assert.strictEqual(ok, true);
    assert.ok(fs.existsSync(wsFile(RENAMED).fsPath) && !fs.existsSync(wsFile(TARGET).fsPath), 'the file was renamed');
    assert.match(linker.getText(), /\{% post_url 2022-05-30-new-name %\}/);
    assert.match(linker.getText(), /\[the target again\]\(\/news\/2022\/05\/30\/new-name\.html\)/);
    assert.match(linker.getText(), /href="https:\/\/news\.example\.org\/news\/2022\/05\/30\/new-name\.html#top"/);
    assert.doesNotMatch(linker.getText(), /old-name/);
    // and back (the workspace is the repository's)
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('newsPost.renamePost', wsFile(RENAMED), '2022-05-30-old-name.md'), true);
    assert.match(linker.getText(), /\{% post_url 2022-05-30-old-name %\}/);
    assert.match(linker.getText(), /\(\/news\/2022\/05\/30\/old-name\.html\)/);
    assert.doesNotMatch(linker.getText(), /new-name/);
    await vscode.workspace.saveAll(false);
    assert.ok(fs.existsSync(wsFile(TARGET).fsPath));
  });
});
