// Wires the adapters together; each concern lives in its own file.
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerCodeActions } from './codeActions';
import { registerCommands } from './commands';
import { registerSiteViews } from './siteViews';
import { registerFooter } from './footer';
import { registerCompletion } from './completion';

export function activate(context: vscode.ExtensionContext): void {
  registerDiagnostics(context);
  registerCodeActions(context);
  registerCommands(context);
  registerFooter(context);
  registerCompletion(context);
  registerSiteViews(context);
}

export function deactivate(): void {}
