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

/** What the extension gives other code (its integration tests): the preview's restore after a reload, the site scan's progress. */
export interface NewsPostApi {
  restorePreview(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** The whole-site scan's progress, as the status bar gets it (posts done of a total; undefined when it ends). */
  onDidProgress: vscode.Event<{ done: number; total: number } | undefined>;
}

export function activate(context: vscode.ExtensionContext): NewsPostApi {
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
  return { restorePreview: (panel, state) => restorePreview(context, panel, state), onDidProgress: site.onDidProgress };
}

export function deactivate(): void {}
