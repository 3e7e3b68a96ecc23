// Publishes the checker's diagnostics for open posts: on open at once, on typing after a pause (300 ms).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { checkPost, CheckResult } from './core/check';
import { Diagnostic as CoreDiagnostic, Severity } from './core/types';
import { decodePost, MAX_READ_BYTES } from './core/files';
import { asPost, sites } from './posts';
import { builderSetting, checkOptions, diagnosticsEnabled, SECTION } from './config';
import { Site, withBuilder } from './core/site';
import { siteFindings } from './core/siteRules';
import { footerKnowledgeFor, onDidChangeFooterKnowledge } from './footer';
import { FooterKnowledge } from './core/footerKnowledge';
import { linkedCode } from './ruleDocs';

export const SOURCE = 'newspost';
const DEBOUNCE_MS = 300;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The core diagnostic behind each published one, for the code actions (valid for the version checked). */
export const coreOf = new WeakMap<vscode.Diagnostic, { diagnostic: CoreDiagnostic; version: number }>();

/** The last result per document, for the commands that show Jekyll's verdict. */
export const lastResults = new Map<string, { version: number; result: CheckResult }>();

export function toVsDiagnostic(doc: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
  const v = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  v.source = SOURCE;
  // the code links to the rule's documentation (docs/rules.md#code)
  v.code = linkedCode(d.code);
  return v;
}

/** Whether the bytes on disk are valid UTF-8 (VS Code shows U+FFFD for what it could not decode). */
function invalidOnDisk(doc: vscode.TextDocument, text: string): boolean {
  if (!text.includes('\uFFFD') || doc.isDirty) return false;
  try {
    if (fs.statSync(doc.uri.fsPath).size > MAX_READ_BYTES) return false;
    return decodePost(fs.readFileSync(doc.uri.fsPath)).invalidUtf8;
  } catch {
    return false;
  }
}

export function checkDocument(doc: vscode.TextDocument): CheckResult | undefined {
  const post = asPost(doc);
  if (!post || !diagnosticsEnabled(doc.uri)) return undefined;
  const text = doc.getText();
  return checkPost({ text, path: post.file, site: post.site, invalidUtf8: invalidOnDisk(doc, text) }, { ...checkOptions(doc.uri), footer: footerKnowledgeFor(doc, post.site?.root) });
}

/** A text of a post checked as if it were the document's (for "fix all": the text after a pass of fixes). */
export function checkText(doc: vscode.TextDocument, text: string, footer?: FooterKnowledge): CheckResult | undefined {
  const post = asPost(doc);
  if (!post || !diagnosticsEnabled(doc.uri)) return undefined;
  return checkPost({ text, path: post.file, site: post.site }, { ...checkOptions(doc.uri), footer: footer ?? footerKnowledgeFor(doc, post.site?.root) });
}

/** The site a post is judged in: its detected builder, or the one `newsPost.builder` sets. */
export function siteAsBuilt(site: Site | undefined, scope?: vscode.Uri): Site | undefined {
  return withBuilder(site, builderSetting(scope));
}

const isConfigFile = (doc: vscode.TextDocument) => doc.uri.scheme === 'file' && path.basename(doc.uri.fsPath) === '_config.yml';

export function registerDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const timers = new Map<string, NodeJS.Timeout>();
  /** Sites whose _config.yml findings are published (cleared when a site or the settings change). */
  const sitesShown = new Set<string>();

  /** The site's own findings (e.g. plugins GitHub Pages never loads), on its _config.yml. */
  const publishSite = (site: Site | undefined, scope: vscode.Uri) => {
    if (!site || sitesShown.has(site.root)) return;
    sitesShown.add(site.root);
    const uri = vscode.Uri.file(path.join(site.root, '_config.yml'));
    const found = diagnosticsEnabled(scope) ? siteFindings(siteAsBuilt(site, scope)!, checkOptions(scope)) : [];
    collection.set(uri, found.map(f => {
      const d = new vscode.Diagnostic(new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1), f.message, SEVERITY[f.severity]);
      d.source = SOURCE;
      d.code = f.code;
      return d;
    }));
  };

  const refresh = (doc: vscode.TextDocument) => {
    if (isConfigFile(doc)) {
      publishSite(sites.forFile(doc.uri.fsPath), doc.uri);
      return;
    }
    const key = doc.uri.toString();
    const version = doc.version;
    const result = checkDocument(doc);
    if (!result) {
      collection.delete(doc.uri);
      lastResults.delete(key);
      return;
    }
    lastResults.set(key, { version, result });
    publishSite(asPost(doc)?.site, doc.uri);
    collection.set(doc.uri, result.diagnostics.map(d => {
      const v = toVsDiagnostic(doc, d);
      coreOf.set(v, { diagnostic: d, version });
      return v;
    }));
  };
  const schedule = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      // the document may have closed or moved on meanwhile: check what is there now
      if (!doc.isClosed) refresh(doc);
    }, DEBOUNCE_MS));
  };
  const refreshAll = () => vscode.workspace.textDocuments.forEach(refresh);

  // (Gemfile, Gemfile.lock, workflows, _plugins/: which Jekyll builds the site, and what it loads)
  const siteFiles = vscode.workspace.createFileSystemWatcher('**/{_config.yml,_layouts/**,_includes/**,_plugins/**,Gemfile,Gemfile.lock,.github/workflows/**}');
  const siteChanged = () => {
    sites.invalidate();
    for (const root of sitesShown) collection.delete(vscode.Uri.file(path.join(root, '_config.yml')));
    sitesShown.clear();
    refreshAll();
  };
  context.subscriptions.push(
    collection, siteFiles,
    siteFiles.onDidChange(siteChanged), siteFiles.onDidCreate(siteChanged), siteFiles.onDidDelete(siteChanged),
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument(e => { if (e.contentChanges.length) schedule(e.document); }),
    vscode.workspace.onDidSaveTextDocument(doc => { if (/_config\.yml$/.test(doc.fileName)) siteChanged(); }),
    vscode.workspace.onDidCloseTextDocument(doc => {
      if (isConfigFile(doc)) return; // its site's findings stay while the site's posts are checked
      clearTimeout(timers.get(doc.uri.toString()));
      lastResults.delete(doc.uri.toString());
      collection.delete(doc.uri);
    }),
    vscode.workspace.onDidRenameFiles(e => e.files.forEach(f => collection.delete(f.oldUri))),
    onDidChangeFooterKnowledge(refreshAll),
    vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration(SECTION)) siteChanged(); }),
    { dispose: () => { timers.forEach(t => clearTimeout(t)); clearTimeout(first); } },
  );
  // the posts open at activation: checked right after it returns, not inside it (the first check loads yaml and
  // perhaps liquidjs: docs/packaging.md); what asks for a result before then checks the post itself
  const first = setTimeout(refreshAll, 0);
  return collection;
}
