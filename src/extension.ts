// Wires the adapters together; each concern lives in its own file.
import * as vscode from 'vscode';
import { setCatalog } from './core/l10n';
import { registerDiagnostics } from './diagnostics';
import { registerCodeActions } from './codeActions';
import { registerCommands } from './commands';
import { registerFooter } from './footer';
import { registerCompletion } from './completion';
import { registerPreview, restorePreview } from './preview';
import { registerSiteViews } from './siteViews';
import { registerLiquidHover } from './liquidHover';
import { registerRenamePost } from './renamePost';
import { registerPostLink } from './postLink';

/** Set by the bundle's first line (scripts/build.mjs): when loading dist/extension.js began (performance.now()). */
declare const __newspostLoadStart: number | undefined;
/** How long evaluating the bundle took (its modules' top-level code), up to here: the last module evaluated. */
const requireMs = typeof __newspostLoadStart === 'number' ? performance.now() - __newspostLoadStart : undefined;

/** What the extension gives other code (its integration tests): the preview's restore after a reload, the site scan's progress. */
export interface NewsPostApi {
  restorePreview(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** The whole-site scan's progress, as the status bar gets it (posts done of a total; undefined when it ends). */
  onDidProgress: vscode.Event<{ done: number; total: number } | undefined>;
  /** The activation's cost (ms): evaluating the bundle, then activate() from its start to its return (docs/packaging.md). */
  activation: { requireMs?: number; activateMs: number };
}

export function activate(context: vscode.ExtensionContext): NewsPostApi {
  const t0 = performance.now();
  // the display language's l10n/bundle.l10n.<lang>.json (undefined in English): every message of the core and adapters
  setCatalog(vscode.l10n.bundle);
  registerDiagnostics(context);
  registerCodeActions(context);
  registerCommands(context);
  registerFooter(context);
  registerCompletion(context);
  registerPreview(context);
  registerLiquidHover(context);
  registerRenamePost(context);
  registerPostLink(context);
  const site = registerSiteViews(context);
  const activateMs = performance.now() - t0;
  return { restorePreview: (panel, state) => restorePreview(context, panel, state), onDidProgress: site.onDidProgress, activation: { requireMs, activateMs } };
}

export function deactivate(): void {}
