/**
 * The builder of a site: which Jekyll will really build it (docs/builders.md). Found from the files of the site
 * root alone (Gemfile, Gemfile.lock, .github/workflows/*.yml, CNAME, the theme of _config.yml), unless the user
 * says (`newsPost.builder`, `newspost check --builder`).
 *
 * - `github-pages`: GitHub Pages' build (github-pages 232: Jekyll 3.10.0, Liquid 4.0.4, SafeYAML, `safe: true`, a
 *   plugin whitelist, default plugins such as jekyll-default-layout). A site with no Gemfile is built so.
 * - `jekyll-4`: upstream Jekyll 4 (4.4.1: Liquid 4.0.4, SafeYAML), run by `bundle exec jekyll build`.
 * - `jekyll-3`: Jekyll 3.10 without GitHub Pages' plugins and overrides (a Gemfile pinning jekyll 3).
 */
import * as fs from 'fs';
import * as path from 'path';
import { t } from './l10n';

export type Builder = 'github-pages' | 'jekyll-4' | 'jekyll-3';

export const BUILDERS: readonly Builder[] = ['github-pages', 'jekyll-4', 'jekyll-3'];

/** The `newsPost.builder` setting and `--builder` flag: a builder, or `auto` (detected). */
export type BuilderSetting = Builder | 'auto';

export function isBuilderSetting(v: unknown): v is BuilderSetting {
  return v === 'auto' || BUILDERS.includes(v as Builder);
}

/** What the site root holds that says how it is built (texts of the files; absent ones undefined). */
export interface BuilderFiles {
  gemfile?: string;
  gemfileLock?: string;
  /** `.github/workflows/*.yml|yaml`: base name and text. */
  workflows?: { name: string; text: string }[];
  cname?: boolean;
  /** `theme:` of _config.yml. */
  theme?: string;
}

export interface BuilderVerdict {
  builder: Builder;
  /** Why, in words (e.g. "Gemfile.lock pins github-pages 232"). */
  reason: string;
}

/** The builder the first version number of a requirement (`~> 4.3`, `>= 3.9, < 4`, `4.4.1`) names. */
function builderOfVersion(requirement: string | undefined): Builder {
  const m = requirement && /(\d+)(?:\.\d+)*/.exec(requirement);
  return m && Number(m[1]) < 4 ? 'jekyll-3' : 'jekyll-4';
}

const WORKFLOW_PAGES = /uses:\s*['"]?actions\/jekyll-build-pages@/;
const WORKFLOW_BUNDLE = /\bbundle\s+exec\s+jekyll\b|\bjekyll\s+build\b/;

/** Which builder builds a site, and why: pure, from the files of its root. */
export function detectBuilder(files: BuilderFiles): BuilderVerdict {
  const workflows = [...(files.workflows ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // GitHub's own action builds with the github-pages gem whatever the Gemfile says
  const pages = workflows.find(w => WORKFLOW_PAGES.test(stripYamlComments(w.text)));
  if (pages) return { builder: 'github-pages', reason: t('{0} builds with actions/jekyll-build-pages', pages.name) };
  const lock = files.gemfileLock;
  if (lock !== undefined) {
    const gp = /^ {4}github-pages \(([^)]+)\)/m.exec(lock);
    if (gp) return { builder: 'github-pages', reason: t('Gemfile.lock pins github-pages {0}', gp[1]) };
    const jk = /^ {4}jekyll \(([^)]+)\)/m.exec(lock);
    if (jk) return { builder: builderOfVersion(jk[1]), reason: t('Gemfile.lock pins jekyll {0}', jk[1]) };
  }
  const gemfile = files.gemfile !== undefined ? stripRubyComments(files.gemfile) : undefined;
  if (gemfile !== undefined) {
    if (/^\s*gem\s+['"]github-pages['"]/m.test(gemfile)) return { builder: 'github-pages', reason: t('the Gemfile names github-pages') };
    const jk = /^\s*gem\s+['"]jekyll['"]\s*(?:,\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?)?/m.exec(gemfile);
    if (jk) {
      const requirement = [jk[1], jk[2]].filter(Boolean).join(', ') || undefined;
      return { builder: builderOfVersion(requirement), reason: requirement ? t("the Gemfile asks for jekyll '{0}'", requirement) : t('the Gemfile asks for jekyll (the newest)') };
    }
  }
  const bundle = workflows.find(w => WORKFLOW_BUNDLE.test(stripYamlComments(w.text)));
  if (bundle) return { builder: 'jekyll-4', reason: t('{0} runs jekyll build', bundle.name) };
  if (gemfile !== undefined) return { builder: 'jekyll-4', reason: t('the site has a Gemfile (bundle exec jekyll: the newest Jekyll)') };
  const extra = [files.cname ? 'CNAME' : '', files.theme ? `theme: ${files.theme}` : ''].filter(Boolean).join(', ');
  return { builder: 'github-pages', reason: extra ? t("no Gemfile ({0}): GitHub Pages' classic build", extra) : t("no Gemfile: GitHub Pages' classic build") };
}

function stripRubyComments(text: string): string {
  return text.replace(/^\s*#.*$/gm, '');
}

function stripYamlComments(text: string): string {
  return text.replace(/^\s*#.*$/gm, '');
}

function readText(file: string, max = 256 * 1024): string | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > max) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The files of a site root that detectBuilder reads. */
export function readBuilderFiles(root: string, theme?: string): BuilderFiles {
  const workflows: { name: string; text: string }[] = [];
  const dir = path.join(root, '.github', 'workflows');
  try {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.ya?ml$/i.test(name) || workflows.length >= 50) continue;
      const text = readText(path.join(dir, name));
      if (text !== undefined) workflows.push({ name: `.github/workflows/${name}`, text });
    }
  } catch { /* no workflows */ }
  return {
    gemfile: readText(path.join(root, 'Gemfile')),
    gemfileLock: readText(path.join(root, 'Gemfile.lock'), 1024 * 1024),
    workflows,
    cname: fs.existsSync(path.join(root, 'CNAME')),
    theme,
  };
}

/** The builder's name as people know it (not translated: product names). */
export function builderName(b: Builder): string {
  return b === 'github-pages' ? 'GitHub Pages (Jekyll 3.10)' : b === 'jekyll-4' ? 'Jekyll 4' : 'Jekyll 3';
}

/** Whether a builder runs Jekyll 3 (GitHub Pages does): dated sub-folders of _posts, render_with_liquid ignored. */
export function isJekyll3(b: Builder): boolean {
  return b !== 'jekyll-4';
}

/** Plugins GitHub Pages loads (github-pages 232's PLUGIN_WHITELIST); any other `plugins:` entry is not loaded. */
export const GITHUB_PAGES_PLUGINS = new Set([
  'jekyll-coffeescript', 'jekyll-commonmark-ghpages', 'jekyll-feed', 'jekyll-gist', 'jekyll-github-metadata',
  'jekyll-paginate', 'jekyll-redirect-from', 'jekyll-seo-tag', 'jekyll-sitemap', 'jekyll-avatar', 'jemoji',
  'jekyll-mentions', 'jekyll-relative-links', 'jekyll-optional-front-matter', 'jekyll-readme-index',
  'jekyll-default-layout', 'jekyll-titles-from-headings', 'jekyll-include-cache', 'jekyll-octicons',
  'jekyll-remote-theme',
]);

/** The theme GitHub Pages uses when _config.yml names none. */
export const GITHUB_PAGES_DEFAULT_THEME = 'jekyll-theme-primer';
