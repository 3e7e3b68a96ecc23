// The extension's settings, read in one place.
import * as vscode from 'vscode';
import { CheckOptions } from './core/check';
import { Severity } from './core/types';
import { BuilderSetting, isBuilderSetting } from './core/builder';

export const SECTION = 'newsPost';

export function checkOptions(scope?: vscode.Uri): CheckOptions {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    disabled: c.get<string[]>('diagnostics.disabledRules', []),
    severity: c.get<Record<string, Severity | 'off'>>('diagnostics.severity', {}),
    maxBodyLength: c.get<number>('diagnostics.maxFileSizeMB', 5) * 1024 * 1024,
    builder: builderSetting(scope),
  };
}

/** `newsPost.builder`: which Jekyll builds the site (`auto`: detected from its files; see src/core/builder.ts). */
export function builderSetting(scope?: vscode.Uri): BuilderSetting {
  const v = vscode.workspace.getConfiguration(SECTION, scope).get<string>('builder', 'auto');
  return isBuilderSetting(v) ? v : 'auto';
}

export function diagnosticsEnabled(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, scope).get<boolean>('diagnostics.enable', true);
}

export function excludeGlobs(scope?: vscode.Uri): string[] {
  return vscode.workspace.getConfiguration(SECTION, scope).get<string[]>('exclude', []);
}

export const DEFAULT_INCLUDE = ['**/_posts/**', '**/_drafts/**'];

export function includeGlobs(scope?: vscode.Uri): string[] {
  return vscode.workspace.getConfiguration(SECTION, scope).get<string[]>('include', DEFAULT_INCLUDE);
}
