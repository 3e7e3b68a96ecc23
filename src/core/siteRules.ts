/**
 * Site-level findings: problems of the site itself, reported on its `_config.yml` (by `newspost check` and by the
 * editor), as its builder sees them. On GitHub Pages: a `plugins:` entry Pages does not whitelist (never loaded),
 * and a plugins folder (`_plugins/`: never loaded in safe mode).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Site } from './site';
import { GITHUB_PAGES_PLUGINS } from './builder';
import { ruleSeverity } from './rules';
import { Severity } from './types';
import { t } from './l10n';
import type { FileFinding } from './checkFile';

/** A post's FileFinding (1-based line and column, UTF-16 columns, no fixes), with the file it is about. */
export interface SiteFinding extends Omit<FileFinding, 'fixes'> {
  file: string;
}

export const SITE_RULES = ['config-plugin-not-loaded', 'config-plugins-folder'];

/** The line (0-based) and columns of a plugin's name in _config.yml's text, else of the `plugins:` key, else the first line. */
function locate(lines: string[], needle: string, key: string): { line: number; start: number; end: number } {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[\\s\\[,'"-])(${escaped})(?=$|[\\s\\],'"#])`);
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*#/.test(lines[i])) continue;
    const m = re.exec(lines[i]);
    if (m) {
      const start = m.index + m[1].length;
      return { line: i, start, end: start + needle.length };
    }
  }
  const k = lines.findIndex(l => l.startsWith(`${key}:`));
  return k >= 0 ? { line: k, start: 0, end: key.length } : { line: 0, start: 0, end: lines[0]?.length ?? 0 };
}

/**
 * The findings of a site (none for builders without such limits). `options` as for posts: rule codes to skip,
 * severity overrides.
 */
export function siteFindings(site: Site, options: { disabled?: Iterable<string>; severity?: Record<string, Severity | 'off'> } = {}): SiteFinding[] {
  if (site.builder !== 'github-pages') return [];
  const file = path.join(site.root, '_config.yml');
  let text = '';
  try { text = fs.readFileSync(file, 'utf8'); } catch { /* the site is gone meanwhile */ }
  const lines = text.split(/\r?\n/);
  const out: SiteFinding[] = [];
  const disabled = new Set(options.disabled ?? []);
  const add = (code: string, at: { line: number; start: number; end: number }, message: string) => {
    const sev = options.severity?.[code];
    if (disabled.has(code) || sev === 'off') return;
    out.push({ file, line: at.line + 1, column: at.start + 1, endLine: at.line + 1, endColumn: at.end + 1, severity: sev ?? ruleSeverity(code), code, message });
  };
  for (const p of site.config.plugins) {
    if (GITHUB_PAGES_PLUGINS.has(p)) continue;
    add('config-plugin-not-loaded', locate(lines, p, 'plugins'),
      t("GitHub Pages does not load the plugin '{0}' (it is not on its whitelist): what it does is missing from the published site. Build with GitHub Actions and a Gemfile to use it.", p));
  }
  if (site.hasPluginsDir) {
    const dir = site.config.pluginsDir;
    const at = site.config.pluginsDir !== '_plugins' ? locate(lines, dir, 'plugins_dir') : { line: 0, start: 0, end: lines[0]?.length ?? 0 };
    add('config-plugins-folder', at,
      t('GitHub Pages builds in safe mode and never loads the plugins in {0}/: what they do is missing from the published site. Build with GitHub Actions and a Gemfile to use them.', dir));
  }
  return out;
}

