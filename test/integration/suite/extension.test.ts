import * as assert from 'assert';
import * as vscode from 'vscode';
import { open, waitFor } from './helpers';

suite('extension', () => {
  test('runs in a real VS Code with the test site open', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
  });

  test('activates when a post is opened', async () => {
    const ext = vscode.extensions.getExtension('newspost.news-post-editor');
    assert.ok(ext, 'extension newspost.news-post-editor is loaded');
    await open('_posts/2022-05-30-pboc-mlf.md');
    const active = await waitFor(() => ext.isActive, a => a);
    assert.strictEqual(active, true);
  });
});
