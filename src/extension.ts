// Wires the adapters together; each concern lives in its own file.
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerCodeActions } from './codeActions';
import { registerCommands } from './commands';

export function activate(context: vscode.ExtensionContext): void {
  registerDiagnostics(context);
  registerCodeActions(context);
  registerCommands(context);
}

export function deactivate(): void {}
