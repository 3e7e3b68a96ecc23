// The preview in the real VS Code: open it beside a post, read what the webview really shows (its DOM, sent
// back by the page's own script), edit the post and see the update arrive block by block, toggle the stripped
// items, follow another post, and strip the source as one undoable edit.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { open, sleep, waitFor, wsFile } from './helpers';
import type { NewsPostApi } from '../../../src/extension';
import type { PreviewSnapshot as Snapshot } from '../../../src/preview';

const POST = '_posts/2022-06-02-ad-markup.md';

async function snapshot(): Promise<Snapshot | undefined> {
  try {
    return await vscode.commands.executeCommand<Snapshot | undefined>('newsPost.preview.snapshot');
  } catch {
    return undefined; // the page is still loading
  }
}

/** Polls the webview until what it shows passes `ok`. */
async function until(ok: (s: Snapshot) => boolean, what: string, ms = 20000): Promise<Snapshot> {
  const end = Date.now() + ms;
  let last: Snapshot | undefined;
  while (Date.now() < end) {
    last = await snapshot();
    if (last && ok(last)) return last;
    await sleep(100);
  }
  const brief = last && { ...last, content: last.content.length > 600 ? `${last.content.slice(0, 600)}… (${last.content.length} chars)` : last.content };
  throw new Error(`the preview never showed ${what}; last: ${JSON.stringify(brief)}`);
}

/** Puts a document back to its text on disk and saves it (never leaves an edited fixture behind, even on failure). */
async function restore(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
  }
  if (doc.isDirty) await doc.save();
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('newsPost.preview'));
}

suite('preview', () => {
  const view = () => vscode.workspace.getConfiguration('newsPost.preview');
  // these tests read the article view; the last one the site page
  suiteSetup(async () => {
    await view().update('defaultView', 'article', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await view().update('defaultView', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens beside the post and shows it as the site does, ad markup stripped and explained', async () => {
    const editor = await open(POST);
    const opened = await vscode.commands.executeCommand<boolean>('newsPost.openPreview');
    assert.strictEqual(opened, true);
    const s = await until(x => x.content.includes('板块持续走强'), 'the post body', 28000); // the first webview of a cold VS Code on a busy machine can take 20 s (the test's limit is 30 s)
    // the banner explains what was stripped
    assert.match(s.banner, /Stripped 3 items: stock chart ×1, hidden ×1, quote links ×1/);
    // the body: the quote link's text kept, its markup, the K-line block and the hidden paragraph gone
    assert.match(s.content, /午后，新能源车板块持续走强，多只个股涨停。/);
    assert.doesNotMatch(s.content, /keytip|EM_StockImg|webquoteklinepic|display:none|bkquote_/);
    assert.match(s.content, /<p class="em_media"[^>]*>（文章来源：示例财经）<\/p>/);
    assert.match(s.content, /<blockquote data-line="7"/);
    // the header as the post layout shows it: the date in the site's time zone, the title; then the tags
    assert.match(s.header, /2022-06-02 14:05:00/);
    assert.match(s.header, /\+0800 Asia\/Shanghai/);
    assert.match(s.header, /<h1 class="np-title">新能源车板块午后走强 多家车企公布5月交付量<\/h1>/);
    assert.match(s.tags, /<em>新能源车<\/em> - <em>交付量<\/em>/);
    assert.strictEqual(s.uri, editor.document.uri.toString());
    // media/preview.css applies (the CSP lets it in): a sticky banner with a background, the 52em column
    assert.strictEqual(s.styles.banner.position, 'sticky', JSON.stringify(s.styles));
    assert.notStrictEqual(s.styles.banner.backgroundColor, 'rgba(0, 0, 0, 0)', 'the banner has a background');
    assert.notStrictEqual(s.styles.post.maxWidth, 'none', 'the article is a column');
    // a webview tab in another column than the post
    const tabs = previewTabs();
    assert.strictEqual(tabs.length, 1, 'one preview tab');
    assert.notStrictEqual(tabs[0].group.viewColumn, editor.viewColumn);
  });

  test('typing updates the preview, block by block', async () => {
    const editor = await open(POST);
    const before = await until(x => x.content.includes('板块持续走强'), 'the post');
    const doc = editor.document;
    const original = doc.getText();
    try {
      // a new paragraph at the end of the body
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      await editor.edit(b => b.insert(end, '\n\n新增段落：实时更新测试。\n'));
      const after = await until(x => x.content.includes('新增段落：实时更新测试。'), 'the new paragraph');
      assert.ok(after.version > before.version, 'a newer version');
      assert.ok(after.blocks > before.blocks, 'one block more');
      assert.ok(after.lastPatch && after.lastPatch.start > 0, `only the end was patched: ${JSON.stringify(after.lastPatch)}`);
      assert.ok(after.content.includes('板块持续走强'), 'the rest is still there');
      // the title in the front matter: the header follows
      const title = doc.getText().indexOf('新能源车板块午后走强');
      await editor.edit(b => b.replace(new vscode.Range(doc.positionAt(title), doc.positionAt(title + 4)), '锂电'));
      const retitled = await until(x => x.header.includes('锂电板块午后走强'), 'the new title');
      assert.strictEqual(retitled.title, '锂电板块午后走强 多家车企公布5月交付量');
      // a new keytip link typed in: stripped, and counted in the banner
      const para = doc.getText().indexOf('新增段落');
      await editor.edit(b => b.insert(doc.positionAt(para), '<span id="stock_1.600999"><a href="http://quote.eastmoney.com/unify/r/1.600999" class="keytip">某某股份</a></span>'));
      const linked = await until(x => x.banner.includes('quote links ×2'), 'the second quote link counted');
      assert.match(linked.content, /某某股份新增段落/);
    } finally {
      await restore(doc, original);
    }
    await until(x => !x.content.includes('新增段落'), 'the restored post');
  });

  test('the toggle shows the stripped items in place, outlined and labelled', async () => {
    await open(POST);
    const shown = await vscode.commands.executeCommand<boolean>('newsPost.preview.toggleStripped');
    assert.strictEqual(shown, true);
    const s = await until(x => x.showStripped && x.content.includes('np-stripped'), 'the stripped items');
    assert.match(s.content, /data-np-rule="stock chart"/);
    assert.match(s.content, /data-np-rule="hidden"/);
    assert.match(s.content, /data-np-rule="quote links"[^>]*>.*新能源车/);
    assert.match(s.content, /webquoteklinepic\.eastmoney\.com/);
    assert.match(s.banner, /Hide stripped items/);
    // outlined (media/preview.css), and a block item labelled with its rule
    assert.ok(s.styles.stripped, 'a stripped item in the page');
    assert.strictEqual(s.styles.stripped!.outlineStyle, 'dashed', JSON.stringify(s.styles));
    assert.notStrictEqual(s.styles.stripped!.outlineWidth, '0px');
    assert.strictEqual(s.styles.stripped!.label, '"hidden"', JSON.stringify(s.styles));
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('newsPost.preview.toggleStripped'), false);
    const hidden = await until(x => !x.showStripped && !x.content.includes('np-stripped'), 'the items stripped again');
    assert.match(hidden.banner, /Show stripped items/);
  });

  test('follows the active post', async () => {
    await open('_posts/2022-05-30-pboc-mlf.md');
    const s = await until(x => x.uri.endsWith('2022-05-30-pboc-mlf.md'), 'the other post');
    assert.match(s.header, /央行开展1000亿元MLF操作/);
    assert.match(s.banner, /Nothing stripped/);
    assert.strictEqual(previewTabs().length, 1, 'still one preview');
    await open(POST);
    await until(x => x.uri.endsWith('2022-06-02-ad-markup.md') && x.content.includes('板块持续走强'), 'the first post again');
  });

  test('"Strip Ad Markup in This Post" deletes the ad markup as one undoable edit, front matter untouched', async () => {
    const editor = await open(POST);
    const doc = editor.document;
    const original = doc.getText();
    const r = await vscode.commands.executeCommand<{ total: number; summary: string }>('newsPost.stripAdMarkup');
    assert.strictEqual(r?.summary, 'Stripped 3 items: stock chart ×1, hidden ×1, quote links ×1');
    const text = doc.getText();
    assert.doesNotMatch(text, /keytip|EM_StockImg|display:none|bkquote_/);
    assert.ok(text.includes('<p>午后，新能源车板块持续走强，多只个股涨停。</p>'));
    const fmEnd = original.indexOf('---', 4) + 3;
    assert.strictEqual(text.slice(0, fmEnd), original.slice(0, fmEnd), 'front matter byte-identical');
    // the preview shows the same body, now with nothing left to strip
    await until(x => x.banner.includes('Nothing stripped') && x.content.includes('板块持续走强'), 'the stripped post');
    try {
      await vscode.commands.executeCommand('undo');
      await waitFor(() => doc.getText(), t => t === original, 5000);
      assert.strictEqual(doc.getText(), original, 'one undo restores everything');
    } finally {
      await restore(doc, original);
    }
  });

  test('scroll sync: the preview follows the editor, the editor follows the preview', async () => {
    const editor = await open(POST);
    const doc = editor.document;
    const original = doc.getText();
    try {
      // a long post: 300 more paragraphs, one per two lines
      const paras = Array.from({ length: 300 }, (_, i) => `第${i + 1}段：沪深两市成交额连续多日维持在万亿元以上，市场情绪逐步回暖。`).join('\n\n');
      await editor.edit(b => b.insert(doc.lineAt(doc.lineCount - 1).range.end, '\n\n' + paras + '\n'));
      await until(x => x.content.includes('第300段'), 'the long post');
      // editor -> preview: the preview's top is where the editor's top is
      let target = 0;
      while (!doc.lineAt(target).text.startsWith('第61段')) target++;
      editor.revealRange(new vscode.Range(target, 0, target, 0), vscode.TextEditorRevealType.AtTop);
      // where VS Code put the editor's top (about the target line)
      const top = await waitFor(() => editor.visibleRanges[0].start.line, l => Math.abs(l - target) <= 5, 5000);
      assert.ok(Math.abs(top - target) <= 5, `editor top ${top} for a reveal of ${target}`);
      await sleep(300);
      const editorTop = editor.visibleRanges[0].start.line;
      const synced = await until(x => x.scrollY > 0 && !!x.lineAtTop && Math.abs(x.lineAtTop.line - editorTop) <= 2, `line ${editorTop} at the preview's top`);
      assert.ok(synced.lineAtTop);
      assert.strictEqual(editor.visibleRanges[0].start.line, editorTop, 'the editor stayed where it was put (no echo)');
      // preview -> editor: the reader scrolls the preview down, the editor follows
      await sleep(600);
      const startLine = editor.visibleRanges[0].start.line;
      await vscode.commands.executeCommand('newsPost.preview.scrollBy', 1200);
      const moved = await waitFor(() => editor.visibleRanges[0].start.line, l => l > startLine + 10, 10000);
      assert.ok(moved > startLine + 10, `the editor followed the preview: top line ${startLine} -> ${moved}`);
      const s = await until(x => !!x.lineAtTop, 'the preview position');
      assert.ok(Math.abs(s.lineAtTop!.line - moved) <= 2, `editor top ${moved}, preview top ${s.lineAtTop!.line}`);
    } finally {
      await restore(doc, original);
    }
  });

  test('after a reload the preview comes back with its post (the state the page keeps, the serializer)', async () => {
    await open(POST);
    await vscode.commands.executeCommand('newsPost.openPreview');
    const before = await until(x => x.content.includes('板块持续走强'), 'the post');
    assert.strictEqual(before.state?.uri, wsFile(POST).toString(), 'the page keeps its post for VS Code');
    for (const t of previewTabs()) await vscode.window.tabGroups.close(t);
    await waitFor(() => previewTabs().length, n => n === 0, 5000);

    // what VS Code does on reload: a panel of our view type, handed to the serializer with the saved state
    const api = vscode.extensions.getExtension<NewsPostApi>('newspost.news-post-editor')!.exports;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const restoredPanel = () => vscode.window.createWebviewPanel('newsPost.preview', 'restoring', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    await api.restorePreview(restoredPanel(), before.state);
    const after = await until(x => x.content.includes('板块持续走强'), 'the restored post (no editor open)');
    assert.strictEqual(after.uri, wsFile(POST).toString());
    assert.match(previewTabs()[0].label, /2022-06-02-ad-markup\.md/);
    // it is the live preview again: it follows the active post
    // (beside the preview, which is the only editor now: in its own group it would hide it)
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(wsFile('_posts/2022-06-01-pmi.md')), vscode.ViewColumn.Beside);
    await until(x => x.uri.endsWith('2022-06-01-pmi.md'), 'the next active post');
    for (const t of previewTabs()) await vscode.window.tabGroups.close(t);
    await waitFor(() => previewTabs().length, n => n === 0, 5000);

    // a saved post that is gone: the active post instead; nothing to show: the panel closes
    await open(POST);
    await api.restorePreview(restoredPanel(), { uri: wsFile('_posts/gone.md').toString() });
    await until(x => x.uri === wsFile(POST).toString(), 'the active post instead of a deleted one');
    for (const t of previewTabs()) await vscode.window.tabGroups.close(t);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => previewTabs().length, n => n === 0, 5000);
    await api.restorePreview(restoredPanel(), undefined);
    await waitFor(() => previewTabs().length, n => n === 0, 5000);
    assert.strictEqual(previewTabs().length, 0, 'a restored panel with nothing to show closes');
  });

  test('closing the preview and opening it again works', async () => {
    for (const t of previewTabs()) await vscode.window.tabGroups.close(t);
    await waitFor(() => previewTabs().length, n => n === 0, 5000);
    assert.strictEqual(await snapshot(), undefined);
    await open(POST);
    await vscode.commands.executeCommand('newsPost.openPreview');
    await until(x => x.content.includes('板块持续走强'), 'the post in a new preview');
    await sleep(50);
  });

  test("site page: the post inside the site's layouts with its header and styles; the banner switches views", async () => {
    for (const t of previewTabs()) await vscode.window.tabGroups.close(t);
    await waitFor(() => previewTabs().length, n => n === 0, 5000);
    await view().update('defaultView', undefined, vscode.ConfigurationTarget.Global); // the default: site
    await open(POST);
    await vscode.commands.executeCommand('newsPost.openPreview');
    const s = await until(x => x.mode === 'site' && x.content.includes('板块持续走强') && x.styles.stylesheetsLoaded >= 2, 'the site page');
    // the layouts' header and footer around the post, the post layout's title
    assert.match(s.page, /^财经快讯 新能源车板块午后走强 多家车企公布5月交付量 2022-06-02 14:05/);
    assert.match(s.page, /财经快讯 · 页脚$/);
    // the site's stylesheet, from the workspace, applies; the layout's script never ran
    assert.strictEqual(s.styles.body.backgroundColor, 'rgb(250, 240, 230)', JSON.stringify(s.styles));
    assert.strictEqual(s.title, '新能源车板块午后走强 多家车企公布5月交付量 | 财经快讯');
    assert.match(s.banner, /Stripped 3 items/);
    assert.match(s.banner, /Scripts removed \(they never run in the preview\): 1/);
    assert.doesNotMatch(s.content, /keytip|EM_StockImg/);
    // typing still patches the body in place
    const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === s.uri)!;
    const original = editor.document.getText();
    try {
      await editor.edit(e => e.insert(new vscode.Position(editor.document.lineCount, 0), '\n站点页面的新段落。\n'));
      await until(x => x.mode === 'site' && x.content.includes('站点页面的新段落。'), 'the edit in the site page');
    } finally {
      await restore(editor.document, original);
    }
    // an edit of the layout shows at once
    const layout = wsFile('_layouts/default.html');
    const before = Buffer.from(await vscode.workspace.fs.readFile(layout)).toString('utf8');
    try {
      await vscode.workspace.fs.writeFile(layout, Buffer.from(before.replace('财经快讯 · 页脚', '财经快讯 · 新页脚'), 'utf8'));
      await until(x => x.mode === 'site' && /新页脚$/.test(x.page), 'the edited layout');
    } finally {
      await vscode.workspace.fs.writeFile(layout, Buffer.from(before, 'utf8'));
    }
    await until(x => x.mode === 'site' && /财经快讯 · 页脚$/.test(x.page), 'the layout restored');
    // an edit of the site's stylesheet too (no reopening)
    const css = wsFile('assets/css/site.css');
    const cssBefore = Buffer.from(await vscode.workspace.fs.readFile(css)).toString('utf8');
    assert.match(cssBefore, /250, 240, 230|#faf0e6|linen/i);
    try {
      await vscode.workspace.fs.writeFile(css, Buffer.from(`${cssBefore}\nbody { background-color: rgb(10, 20, 30); }\n`, 'utf8'));
      await until(x => x.mode === 'site' && x.styles.body.backgroundColor === 'rgb(10, 20, 30)', 'the edited stylesheet');
    } finally {
      await vscode.workspace.fs.writeFile(css, Buffer.from(cssBefore, 'utf8'));
    }
    await until(x => x.mode === 'site' && x.styles.body.backgroundColor === 'rgb(250, 240, 230)', 'the stylesheet restored');
    // the banner's switch (the command behind it): the article only, then back
    assert.strictEqual(await vscode.commands.executeCommand('newsPost.preview.toggleView'), 'article');
    const a = await until(x => x.mode === 'article' && x.content.includes('板块持续走强'), 'the article view');
    assert.match(a.header, /np-title/);
    assert.notStrictEqual(a.styles.body.backgroundColor, 'rgb(250, 240, 230)');
    assert.strictEqual(await vscode.commands.executeCommand('newsPost.preview.toggleView'), 'site');
    await until(x => x.mode === 'site' && x.page.startsWith('财经快讯'), 'the site page again');
  });
});
