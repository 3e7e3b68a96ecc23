// Where each rule is documented: docs/rules.md in the extension's repository (package.json `repository`), one
// anchor per rule code, so a diagnostic's code is a link in the Problems panel and the hover.
import * as vscode from 'vscode';

const FALLBACK_REPOSITORY = 'https://github.com/newspost/news-post-editor';
let base: string | undefined;

function repositoryUrl(): string {
  const pkg = vscode.extensions.getExtension('newspost.news-post-editor')?.packageJSON as { repository?: string | { url?: string } } | undefined;
  const repo = typeof pkg?.repository === 'string' ? pkg.repository : pkg?.repository?.url;
  return (repo ?? FALLBACK_REPOSITORY).replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/$/, '');
}

/** The documentation of a rule: `<repository>/blob/main/docs/rules.md#<code>`. */
export function ruleDocUri(code: string): vscode.Uri {
  base ??= `${repositoryUrl()}/blob/main/docs/rules.md`;
  return vscode.Uri.parse(`${base}#${encodeURIComponent(code)}`);
}

/** A diagnostic code that links to its rule's documentation. */
export function linkedCode(code: string): { value: string; target: vscode.Uri } {
  return { value: code, target: ruleDocUri(code) };
}
