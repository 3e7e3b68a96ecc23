import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, newspostDiagnostics, open, sleep, waitFor, wsFile } from './helpers';

// test/integration/workspace/footer-site: a second site of the workspace whose posts end with footers
// (4 of category cailianshe, 2 rolling news), a post without one, one of a category the site never used,
// a category page (quanzhouwanbao) and, in the workspace's .vscode/settings.json, newsPost.footer.sources.
const NO_FOOTER = 'footer-site/_posts/2022-06-06-NW202206062400000015.md';
const NEW_CATEGORY = 'footer-site/_posts/2022-06-07-NW202206072400000016.md';
const SITE = '//news.example.com/';
const EXPECTED_FOOTER = '<p class="em_media">（文章来源：财联社）</p>\n\n' +
  '<http://share.example.com/html_News/NewsShare.html?infoCode=NW202206062400000015>\n\n' +
  `[返回财联社新闻](${SITE}category/cailianshe.html)｜[返回首页](${SITE})`;

/** The fixtures as they are on disk before the tests (restored after each, whatever happens to the editors). */
const onDisk = new Map<string, string>();

async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  const was = onDisk.get(doc.uri.fsPath);
  if (was !== undefined && fs.readFileSync(doc.uri.fsPath, 'utf8') !== was) {
    fs.writeFileSync(doc.uri.fsPath, was);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

type Item = vscode.CompletionItem;
const labelOf = (i: Item) => (typeof i.label === 'string' ? i.label : i.label.label);

async function completions(uri: vscode.Uri, pos: vscode.Position, ok: (items: Item[]) => boolean): Promise<Item[]> {
  let items: Item[] = [];
  const end = Date.now() + 15000;
  do {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    items = list?.items ?? [];
    if (ok(items)) return items;
    await sleep(200);
  } while (Date.now() < end);
  return items;
}

suite('footers', () => {
  suiteSetup(() => {
    for (const rel of [NO_FOOTER, NEW_CATEGORY]) onDisk.set(wsFile(rel).fsPath, fs.readFileSync(wsFile(rel).fsPath, 'utf8'));
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [file, text] of onDisk) if (fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  });

  test('a post without a footer: footer-missing, then Insert Attribution Footer builds it from the front matter (and replaces, never adds)', async () => {
    const editor = await open(NO_FOOTER);
    const doc = editor.document;
    const original = doc.getText();
    try {
      // the site is read in the background; then the diagnostic says what the footer should be
      const diags = await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.some(d => codeOf(d) === 'footer-missing'));
      const missing = diags.find(d => codeOf(d) === 'footer-missing');
      assert.ok(missing, `footer-missing; got ${JSON.stringify(diags.map(d => [codeOf(d), d.message]))}`);
      assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(missing.message, /6 of the site's 7 other posts have one/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, missing.range, vscode.CodeActionKind.QuickFix.value);
      assert.ok(actions.some(a => a.command?.command === 'newsPost.insertFooter'), `an action running the command; got ${JSON.stringify(actions.map(a => a.title))}`);

      const inserted = await vscode.commands.executeCommand<string>('newsPost.insertFooter');
      assert.strictEqual(inserted, EXPECTED_FOOTER);
      const body = '<p>沪深两市今日成交额再度突破1万亿元，为连续第五个交易日站上万亿关口。</p><p>北向资金全天净买入逾50亿元。</p>';
      assert.ok(doc.getText().endsWith(`${body}${EXPECTED_FOOTER}\n`), `the post now ends with its footer:\n${doc.getText()}`);
      assert.ok(doc.getText().startsWith(original.slice(0, original.indexOf(body))), 'the front matter is untouched');
      await waitFor(() => newspostDiagnostics(doc.uri), ds => !ds.some(d => codeOf(d) === 'footer-missing'));
      assert.deepStrictEqual(newspostDiagnostics(doc.uri).map(d => codeOf(d)), [], 'no problem left');

      // again: the footer is replaced, not added a second time
      await vscode.commands.executeCommand('newsPost.insertFooter');
      assert.strictEqual(doc.getText().split('[返回首页]').length, 2, 'one navigation line');
      assert.ok(doc.getText().endsWith(`${EXPECTED_FOOTER}\n`));
      // one edit: one undo brings back the post as it was
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(doc.getText(), original);
    } finally {
      await revert(doc);
    }
  });

  test('a category the site never used: the command asks for the source (quick pick) and the share link (input box)', async () => {
    const editor = await open(NEW_CATEGORY);
    const doc = editor.document;
    try {
      const diags = await waitFor(() => newspostDiagnostics(doc.uri), ds => ds.some(d => codeOf(d) === 'category-unknown'));
      assert.ok(diags.some(d => codeOf(d) === 'category-unknown' && doc.getText(d.range) === 'xinhuashe'));
      // arguments answer the questions (as a keybinding or another extension would)
      const inserted = await vscode.commands.executeCommand<string>('newsPost.insertFooter', { source: '新华社', shareLink: 'http://news.example.com/a/20220607.html' });
      assert.strictEqual(inserted, '<p class="em_media">（文章来源：新华社）</p>\n\n<http://news.example.com/a/20220607.html>\n\n' +
        `[返回新华社新闻](${SITE}category/xinhuashe.html)｜[返回首页](${SITE})`);
      await revert(doc);
      // without them the questions are asked: accept the first source offered, then an empty share link (none)
      await vscode.window.showTextDocument(doc);
      const running = vscode.commands.executeCommand<string>('newsPost.insertFooter');
      let result: string | undefined;
      void running.then(r => { result = r; });
      for (let i = 0; i < 40 && result === undefined; i++) {
        await sleep(250);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      await waitFor(() => result, r => r !== undefined, 5000);
      assert.strictEqual(result, `<p class="em_media">（文章来源：财联社）</p>\n\n[返回新华社新闻](${SITE}category/xinhuashe.html)｜[返回首页](${SITE})`,
        'the most used source of the site was offered first; no share link');
    } finally {
      await revert(doc);
    }
  });

  test('completion in the front matter: layouts, and the site\'s categories and tags with their counts', async () => {
    const editor = await open(NO_FOOTER);
    const doc = editor.document;
    const lineOf = (key: string) => doc.getText().split('\n').findIndex(l => l.startsWith(key + ':'));
    const end = (key: string) => new vscode.Position(lineOf(key), doc.lineAt(lineOf(key)).text.length);

    const cats = await completions(doc.uri, end('categories'), items => items.some(i => labelOf(i) === 'quanzhouwanbao'));
    const cat = (name: string) => cats.find(i => labelOf(i) === name);
    assert.strictEqual(cat('cailianshe')?.detail, '5 posts · 财联社新闻');
    assert.strictEqual(cat('emnews')?.detail, '2 posts · 东财滚动新闻');
    assert.strictEqual(cat('quanzhouwanbao')?.detail, '0 posts · 泉州晚报新闻', 'from category/quanzhouwanbao.html');
    assert.strictEqual(cat('yangxingwangzhan')?.detail, '0 posts · 央行网站新闻', 'from newsPost.footer.sources');
    assert.ok(!cats.some(i => labelOf(i) === '宏观'), 'not the other site\'s categories');
    // a category only one post uses, with no page and no setting, is what category-unknown flags there: not offered
    assert.ok(!cats.some(i => labelOf(i) === 'xinhuashe'), 'not the singleton category-unknown flags');
    const range = cat('cailianshe')!.range as vscode.Range;
    assert.strictEqual(doc.getText(range), 'cailianshe', 'replaces the value being typed');

    const tags = await completions(doc.uri, end('tags'), items => items.some(i => labelOf(i) === '东财滚动新闻'));
    assert.strictEqual(tags.find(i => labelOf(i) === '财联社新闻')?.detail, '5 posts');
    assert.strictEqual(tags.find(i => labelOf(i) === '东财滚动新闻')?.detail, '2 posts');

    const layouts = await completions(doc.uri, end('layout'), items => items.some(i => labelOf(i) === 'default'));
    assert.deepStrictEqual(layouts.filter(i => i.detail?.startsWith('_layouts/')).map(labelOf).sort(), ['default', 'post']);
  });

  test('completion in a new post whose front matter is not closed yet: layouts, never the footer snippets', async () => {
    const uri = wsFile('footer-site/_posts/2022-06-08-new-post.md');
    fs.writeFileSync(uri.fsPath, '---\nlayout: ');
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const items = await completions(uri, new vscode.Position(1, 8), list => list.some(i => labelOf(i) === 'post'));
      assert.deepStrictEqual(items.filter(i => i.detail?.startsWith('_layouts/')).map(labelOf).sort(), ['default', 'post']);
      assert.ok(!items.some(i => typeof i.label !== 'string' && i.label.description === 'this site'), `no footer snippet in the front matter: ${JSON.stringify(items.map(i => i.label))}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  test('snippets: the site-aware footer offers the site\'s sources and category links; the contributed snippets insert', async () => {
    const editor = await open(NO_FOOTER);
    const doc = editor.document;
    try {
      const last = doc.lineCount - 1;
      await editor.edit(b => b.insert(new vscode.Position(last, 0), '\nnp-'));
      const pos = doc.lineAt(doc.lineCount - 1).range.end;
      const items = await completions(doc.uri, pos, list => list.some(i => labelOf(i) === 'np-footer' && typeof i.label !== 'string'));
      const site = items.find(i => labelOf(i) === 'np-footer' && typeof i.label !== 'string' && i.label.description === 'this site');
      assert.ok(site, `the site-aware np-footer; got ${JSON.stringify(items.map(i => i.label))}`);
      const body = (site.insertText as vscode.SnippetString).value;
      assert.ok(body.startsWith('<p class="em_media">（文章来源：${1|财联社,央行网站,泉州晚报|}）</p>'), `sources: the category's, the settings', the category pages': ${body}`);
      assert.ok(body.includes(`[返回\${3|财联社新闻](${SITE}category/cailianshe.html,`), `category links, the post's first: ${body}`);
      assert.ok(body.includes('<${2:http://share.example.com/html_News/NewsShare.html?infoCode=NW202206062400000015}>'), `share link from the file id: ${body}`);
      // the contributed snippets (snippets/footer.json) are offered too
      assert.ok(items.some(i => labelOf(i) === 'np-footer' && i !== site && i.kind === vscode.CompletionItemKind.Snippet), 'the contributed np-footer');

      // insert the site-aware one: its first choices give the same footer as the command
      await editor.insertSnippet(site.insertText as vscode.SnippetString, site.range as vscode.Range);
      await vscode.commands.executeCommand('leaveSnippet');
      assert.ok(doc.getText().endsWith(`\n${EXPECTED_FOOTER}`), `inserted:\n${doc.getText().slice(-300)}`);

      // a contributed snippet, by name
      await editor.edit(b => b.insert(doc.lineAt(doc.lineCount - 1).range.end, '\n\n'));
      editor.selection = new vscode.Selection(doc.lineAt(doc.lineCount - 1).range.end, doc.lineAt(doc.lineCount - 1).range.end);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'News post: share link' });
      await vscode.commands.executeCommand('leaveSnippet');
      assert.ok(doc.getText().endsWith('\n<http://host/path>'), `the share link snippet:\n${doc.getText().slice(-100)}`);
      // the navigation line and the whole footer: no placeholder left as text (a choice with an empty option was)
      for (const name of ['News post: navigation line', 'News post: attribution footer']) {
        await editor.edit(b => b.insert(doc.lineAt(doc.lineCount - 1).range.end, '\n\n'));
        editor.selection = new vscode.Selection(doc.lineAt(doc.lineCount - 1).range.end, doc.lineAt(doc.lineCount - 1).range.end);
        await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name });
        await vscode.commands.executeCommand('leaveSnippet');
      }
      assert.ok(doc.getText().endsWith('[返回来源新闻](/category/slug.html)｜[返回首页](/)'), `the footer snippet:\n${doc.getText().slice(-300)}`);
      assert.ok(doc.getText().includes('[返回来源新闻](/category/slug.html)｜[返回首页](/)\n\n<p class="em_media">'), `the navigation snippet:\n${doc.getText().slice(-400)}`);
      assert.doesNotMatch(doc.getText(), /\$\{/);
    } finally {
      await revert(doc);
    }
  });
});
