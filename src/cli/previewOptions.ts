// Options shared by `newspost render` and `newspost strip`: the strip rules in force for a file, from the
// nearest .vscode/settings.json (newsPost.preview.*, as the editor reads them), a --rules file and --disable.
import * as fs from 'fs';
import * as path from 'path';
import { parseJsonc } from '../core/footerSite';
import { buildRules, RuleSet, UserRuleConfig } from '../core/stripRules';
import { t } from '../core/l10n';

export interface RuleArgs {
  /** Rules from a JSON file (an array shaped like newsPost.preview.stripRules). */
  rulesFile?: string;
  disabled: string[];
  /** Do not read .vscode/settings.json. */
  noSettings: boolean;
}

/** Parses the rule options at argv[i]; returns how many arguments it took (0: not a rule option), or an error. */
export function ruleOption(args: string[], i: number, out: RuleArgs): number | string {
  const a = args[i];
  const eq = a.startsWith('--') ? a.indexOf('=') : -1;
  const flag = eq > 0 ? a.slice(0, eq) : a;
  const inline = eq > 0 ? a.slice(eq + 1) : undefined;
  // the value: inline (--x=v) or the next argument, unless that is another option
  const next = args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[i + 1] : undefined;
  if (flag === '--rules') {
    const v = inline ?? next;
    if (!v) return t('--rules takes a JSON file of strip rules');
    out.rulesFile = v;
    return inline === undefined ? 2 : 1;
  }
  if (flag === '--disable') {
    const v = inline ?? next;
    if (!v) return t('--disable takes a comma-separated list of rule ids');
    out.disabled.push(...v.split(',').map(s => s.trim()).filter(Boolean));
    return inline === undefined ? 2 : 1;
  }
  if (flag === '--no-settings') {
    out.noSettings = true;
    return 1;
  }
  return 0;
}

export interface PreviewSettings {
  stripRules: UserRuleConfig[];
  disabledStripRules: string[];
  allowHttpImages: boolean;
  /** The settings file read, if any. */
  from?: string;
}

/** newsPost.preview.* of the nearest .vscode/settings.json at or above a file's folder (flat or nested keys). */
export function readPreviewSettings(file: string): PreviewSettings {
  const out: PreviewSettings = { stripRules: [], disabledStripRules: [], allowHttpImages: false };
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const f = path.join(dir, '.vscode', 'settings.json');
    if (fs.existsSync(f)) {
      let v: unknown;
      try { v = parseJsonc(fs.readFileSync(f, 'utf8')); } catch { return out; }
      const s = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
      const nested = ((s.newsPost as Record<string, unknown> | undefined)?.preview ?? {}) as Record<string, unknown>;
      const get = (k: string): unknown => (`newsPost.preview.${k}` in s ? s[`newsPost.preview.${k}`] : nested[k]);
      const rules = get('stripRules');
      const disabled = get('disabledStripRules');
      if (Array.isArray(rules)) out.stripRules = rules as UserRuleConfig[];
      if (Array.isArray(disabled)) out.disabledStripRules = disabled.filter((x): x is string => typeof x === 'string');
      out.allowHttpImages = get('allowHttpImages') === true;
      out.from = f;
      return out;
    }
    if (path.dirname(dir) === dir) return out;
  }
}

/** The rules for a file: its settings (unless --no-settings), then the --rules file, minus --disable. */
export function rulesFor(file: string, args: RuleArgs): { rules: RuleSet; settings: PreviewSettings } | string {
  const settings = args.noSettings ? { stripRules: [], disabledStripRules: [], allowHttpImages: false } : readPreviewSettings(file);
  let extra: UserRuleConfig[] = [];
  if (args.rulesFile) {
    try {
      const v = parseJsonc(fs.readFileSync(args.rulesFile, 'utf8'));
      if (!Array.isArray(v)) return t('{0}: not a JSON array of rules', args.rulesFile);
      extra = v as UserRuleConfig[];
    } catch (e) {
      return `${args.rulesFile}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return { rules: buildRules([...settings.stripRules, ...extra], [...settings.disabledStripRules, ...args.disabled]), settings };
}

/** The rule options' lines of the render and strip help (a function: the catalog is loaded after this module). */
export const ruleOptionsHelp = () => t(`  --rules FILE     add the strip rules of a JSON file (an array, shaped like newsPost.preview.stripRules)
  --disable IDS    switch off rules by id, comma-separated (built-in: stock-chart, script, style, iframe,
                   ad-slot, tracking-pixel, hidden, quote-links)
  --no-settings    ignore newsPost.preview.* in the nearest .vscode/settings.json (read by default)`);
