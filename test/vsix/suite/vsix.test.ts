// Runs inside the real VS Code after the .vsix was installed into a fresh profile (test/vsix/runTest.ts).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const ID = 'newspost.news-post-editor';
const repoRoot = path.resolve(__dirname, '../../../..');  // out/test/vsix/suite -> repo root

async function waitFor<T>(get: () => T, ok: (v: T) => boolean, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  let v = get();
  while (!ok(v) && Date.now() < end) { await new Promise(r => setTimeout(r, 100)); v = get(); }
  return v;
}

function installed(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(ID);
  assert.ok(ext, `${ID} is installed; extensions: ${vscode.extensions.all.map(e => e.id).filter(id => !id.startsWith('vscode.')).join(', ')}`);
  return ext;
}

suite('the packaged .vsix in a real VS Code', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('runs from the extensions folder, installed from the .vsix, with only the packaged files', () => {
    const ext = installed();
    const dir = ext.extensionPath;
    assert.ok(!path.resolve(dir).startsWith(repoRoot + path.sep), `not the development copy: ${dir}`);
    assert.strictEqual(path.basename(dir), `${ID}-${ext.packageJSON.version}`);
    const record = JSON.parse(fs.readFileSync(path.join(path.dirname(dir), 'extensions.json'), 'utf8'))
      .find((e: { identifier: { id: string } }) => e.identifier.id === ID);
    assert.strictEqual(record?.metadata?.source, 'vsix', `installed from a .vsix: ${JSON.stringify(record?.metadata)}`);

    // .vsixmanifest is written by VS Code's installer from the package's extension.vsixmanifest
    const top = fs.readdirSync(dir).sort();
    const allowed = /^(\.vsixmanifest|dist|media|syntaxes|snippets|l10n|package\.json|package\.nls(\.[\w-]+)?\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i;
    assert.deepStrictEqual(top.filter(f => !allowed.test(f)), [], `only packaged files at the top: ${top.join(', ')}`);
    for (const f of ['dist/extension.js', 'dist/renderers.js', 'dist/liquidjs.js', 'dist/yaml.js', 'package.json', ext.packageJSON.icon]) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${f} is in the installed extension`);
    }
    for (const g of ext.packageJSON.contributes.grammars) assert.ok(fs.existsSync(path.join(dir, g.path)), `grammar ${g.path}`);
    assert.ok(!fs.readdirSync(path.join(dir, 'dist')).some(f => f.endsWith('.map') || f.endsWith('.ts')), 'no source maps or sources in dist/');
  });

  test('the first-use walkthrough opens, its media are packaged and its buttons run real commands', async function () {
    const ext = installed();
    const walkthroughs = ext.packageJSON.contributes.walkthroughs as
      { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }[] }[];
    assert.strictEqual(walkthroughs?.length, 1, 'one walkthrough');
    const steps = walkthroughs[0].steps;
    assert.deepStrictEqual(steps.map(s => s.id), ['openPost', 'seeDiagnostics', 'openPreview', 'insertFooter']);
    for (const s of steps) {
      const media = s.media.markdown ?? s.media.image;
      assert.ok(media && fs.existsSync(path.join(ext.extensionPath, media)), `${s.id}: media ${media} is in the .vsix`);
      assert.ok(s.completionEvents?.length, `${s.id}: completes on an event`);
    }
    // the Welcome page opens on it (the workbench offers no API to read the page itself)
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ID}#${walkthroughs[0].id}`, false);
    const tabs = await waitFor(() => vscode.window.tabGroups.all.flatMap(g => g.tabs.map(t => t.label)), ls => ls.includes('Welcome'), 10000);
    assert.ok(tabs.includes('Welcome'), `the walkthrough opened; tabs: ${JSON.stringify(tabs)}`);

    await ext.activate();
    const linked = steps.flatMap(s => [...s.description.matchAll(/\(command:([\w.]+)/g)].map(m => m[1]));
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = new Set((ext.packageJSON.contributes.commands as { command: string }[]).map(c => c.command));
    // newsPost.openPreview and newsPost.insertFooter come with the preview and footer features: a
    // button is checked once its command is declared in package.json; until then the test says so
    const pending = linked.filter(c => c.startsWith('newsPost.') && !declared.has(c));
    const broken = linked.filter(c => !pending.includes(c) && !registered.has(c));
    assert.deepStrictEqual(broken, [], 'every walkthrough button runs a registered command');
    if (pending.length) {
      console.log(`walkthrough buttons whose commands are not declared yet: ${pending.join(', ')}`);
      this.skip();
    }
  });

  test('opening a post shows its diagnostic (date-no-offset)', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test site is open');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, '_posts/2022-05-31-no-offset.md'));
    await vscode.window.showTextDocument(doc);
    const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const diags = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).filter(d => d.source === 'newspost'),
      ds => ds.some(d => code(d) === 'date-no-offset'));
    const diag = diags.find(d => code(d) === 'date-no-offset');
    assert.ok(diag, `a date-no-offset diagnostic; got ${JSON.stringify(diags.map(code))}`);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(doc.lineAt(diag.range.start.line).text, /^date:/);
    assert.ok(installed().isActive, 'the installed extension is active');
  });

  test('the preview\'s renderers load from the installed bundles (dist/renderers.js): Strip Ad Markup runs', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test site is open');
    const uri = vscode.Uri.joinPath(folder.uri, '_posts/2022-05-31-no-offset.md');
    const r = await vscode.commands.executeCommand<{ total: number; summary: string } | undefined>('newsPost.stripAdMarkup', uri);
    assert.ok(r && typeof r.total === 'number' && r.summary, `a strip result; got ${JSON.stringify(r)}`);
  });
});
