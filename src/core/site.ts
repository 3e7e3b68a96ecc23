/** The site a post belongs to: the nearest ancestor folder with a `_config.yml`, its settings and layouts. */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { isValidTimeZone } from './timezone';
import { Builder, BuilderSetting, detectBuilder, readBuilderFiles } from './builder';
import { t } from './l10n';

export interface FrontMatterDefault {
  path: string;
  type?: string;
  values: Record<string, unknown>;
}

export interface SiteConfig {
  timezone?: string;
  future: boolean;
  unpublished: boolean;
  strictFrontMatter: boolean;
  theme?: string;
  collectionsDir: string;
  /** `excerpt_separator:` (default a blank line). */
  excerptSeparator: string;
  /** `includes_dir:` (default `_includes`). */
  includesDir?: string;
  defaults: FrontMatterDefault[];
  /** `permalink:` (a style name such as `date`, or a pattern); undefined when not set (Jekyll's `date`). */
  permalink?: string;
  /** `plugins:` (or the older `gems:`) entries, as written. */
  plugins: string[];
  /** `plugins_dir:` (default `_plugins`). */
  pluginsDir: string;
  /** Problems reading _config.yml (bad YAML, unknown time zone). */
  problems: string[];
  /** The whole _config.yml as YAML gives it (what Liquid sees as `site.*`). */
  raw?: Record<string, unknown>;
}

export interface Site {
  root: string;
  config: SiteConfig;
  /** Layout names from `_layouts/` (file names without extension). */
  layouts: Set<string>;
  /** Files under the includes folder, `/`-separated relative paths; undefined when not read (then not judged). */
  includes?: Set<string>;
  /** Which Jekyll builds the site (src/core/builder.ts): detected from its files, or set by the user. */
  builder: Builder;
  /** Why (e.g. "Gemfile.lock pins github-pages 232", "the newsPost.builder setting"). */
  builderReason: string;
  /** The site has a plugins folder (`_plugins/`, or its `plugins_dir:`) with files in it. */
  hasPluginsDir?: boolean;
}

export const DEFAULT_CONFIG: SiteConfig = {
  future: false, unpublished: false, strictFrontMatter: false, collectionsDir: '', excerptSeparator: '\n\n', defaults: [], plugins: [], pluginsDir: '_plugins', problems: [],
};

export function parseConfig(text: string): SiteConfig {
  const config: SiteConfig = { ...DEFAULT_CONFIG, defaults: [], plugins: [], problems: [] };
  let raw: Record<string, unknown> = {};
  try {
    const v = parseYaml(text, { version: '1.1', uniqueKeys: false });
    if (v && typeof v === 'object' && !Array.isArray(v)) raw = v as Record<string, unknown>;
  } catch (e) {
    config.problems.push(`_config.yml cannot be read: ${(e as Error).message.split('\n')[0]}`);
    return config;
  }
  config.raw = raw;
  if (typeof raw.timezone === 'string' && raw.timezone) {
    if (isValidTimeZone(raw.timezone)) config.timezone = raw.timezone;
    else config.problems.push(`_config.yml: unknown timezone '${raw.timezone}'`);
  }
  config.future = raw.future === true;
  config.unpublished = raw.unpublished === true;
  config.strictFrontMatter = raw.strict_front_matter === true;
  if (typeof raw.theme === 'string') config.theme = raw.theme;
  if (typeof raw.permalink === 'string' && raw.permalink) config.permalink = raw.permalink;
  for (const key of ['plugins', 'gems']) {
    const v = raw[key];
    for (const p of Array.isArray(v) ? v : typeof v === 'string' ? [v] : []) if (typeof p === 'string' && p) config.plugins.push(p);
  }
  if (typeof raw.plugins_dir === 'string' && raw.plugins_dir) config.pluginsDir = raw.plugins_dir.replace(/\/+$/, '');
  if (typeof raw.excerpt_separator === 'string') config.excerptSeparator = raw.excerpt_separator;
  if (typeof raw.includes_dir === 'string' && raw.includes_dir) config.includesDir = raw.includes_dir.replace(/\/+$/, '');
  if (typeof raw.collections_dir === 'string') config.collectionsDir = raw.collections_dir.replace(/^\/+|\/+$/g, '');
  if (Array.isArray(raw.defaults)) {
    for (const d of raw.defaults) {
      if (!d || typeof d !== 'object') continue;
      const scope = ((d as Record<string, unknown>).scope ?? {}) as Record<string, unknown>;
      const values = (d as Record<string, unknown>).values;
      if (!values || typeof values !== 'object') continue;
      config.defaults.push({
        path: typeof scope.path === 'string' ? scope.path : '',
        type: typeof scope.type === 'string' ? scope.type : undefined,
        values: values as Record<string, unknown>,
      });
    }
  }
  return config;
}

/** Front-matter defaults that apply to a post (Jekyll's FrontmatterDefaults#all, for type `posts`). */
export function defaultsFor(site: Site, relPath: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rel = relPath.split(path.sep).join('/');
  const matching = site.config.defaults.filter(d => {
    if (d.type && d.type !== 'posts') return false;
    const p = d.path.replace(/^\/+|\/+$/g, '');
    if (!p) return true;
    if (p.includes('*')) {
      const re = new RegExp('^' + p.split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '(/|$)');
      return re.test(rel);
    }
    return rel === p || rel.startsWith(p + '/');
  });
  // more specific scopes win: longer paths, then those with a type
  matching.sort((a, b) => a.path.length - b.path.length || (a.type ? 1 : 0) - (b.type ? 1 : 0));
  for (const d of matching) Object.assign(out, d.values);
  return out;
}

/** The nearest ancestor folder of a file that holds a `_config.yml`. */
export function findSiteRoot(file: string, exists: (p: string) => boolean = fs.existsSync): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (exists(path.join(dir, '_config.yml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function readLayouts(root: string): Set<string> {
  const layouts = new Set<string>();
  try {
    for (const f of fs.readdirSync(path.join(root, '_layouts'))) {
      if (!f.startsWith('.')) layouts.add(f.replace(/\.[^.]+$/, ''));
    }
  } catch { /* no _layouts */ }
  return layouts;
}

/** Every file under the site's includes folder (depth and count bounded: an include path is short). */
export function readIncludes(root: string, dir = '_includes'): Set<string> {
  const found = new Set<string>();
  const walk = (rel: string, depth: number) => {
    if (depth > 5 || found.size > 5000) return;
    let names: fs.Dirent[];
    try { names = fs.readdirSync(path.join(root, dir, rel), { withFileTypes: true }); } catch { return; }
    for (const d of names) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r, depth + 1);
      else found.add(r);
    }
  };
  walk('', 0);
  return found;
}

/** Whether a folder holds at least one file (at any depth, bounded). */
function hasFiles(dir: string, depth = 0): boolean {
  let names: fs.Dirent[];
  try { names = fs.readdirSync(dir, { withFileTypes: true }); } catch { return false; }
  return names.some(d => (d.isDirectory() ? depth < 3 && hasFiles(path.join(dir, d.name), depth + 1) : !d.name.startsWith('.')));
}

/**
 * A site as read from its root. `builder` overrides the detected builder (`auto` or undefined: detected from the
 * Gemfile, Gemfile.lock, workflows; see src/core/builder.ts).
 */
export function loadSite(root: string, builder?: BuilderSetting): Site {
  let config: SiteConfig;
  try {
    config = parseConfig(fs.readFileSync(path.join(root, '_config.yml'), 'utf8'));
  } catch {
    config = { ...DEFAULT_CONFIG, defaults: [], plugins: [], problems: [] };
  }
  const detected = detectBuilder(readBuilderFiles(root, config.theme));
  const site: Site = {
    root, config, layouts: readLayouts(root), includes: readIncludes(root, config.includesDir),
    builder: detected.builder, builderReason: detected.reason,
    hasPluginsDir: hasFiles(path.join(root, config.pluginsDir)),
  };
  return withBuilder(site, builder);
}

/**
 * The site as judged by another builder than the detected one (the `newsPost.builder` setting, `--builder`);
 * the same site when `builder` is `auto`, undefined or already its builder.
 */
export function withBuilder(site: Site, builder: BuilderSetting | undefined, source?: 'setting' | 'flag'): Site;
export function withBuilder(site: Site | undefined, builder: BuilderSetting | undefined, source?: 'setting' | 'flag'): Site | undefined;
export function withBuilder(site: Site | undefined, builder: BuilderSetting | undefined, source: 'setting' | 'flag' = 'setting'): Site | undefined {
  if (!site || !builder || builder === 'auto' || builder === site.builder) return site;
  return { ...site, builder, builderReason: source === 'flag' ? t('set by --builder') : t('set by the newsPost.builder setting') };
}

export type PostKind = 'post' | 'draft';

export const POST_EXTENSIONS = ['.md', '.markdown', '.html'];

/**
 * Whether a path (relative to the site root, `/`-separated) is a post Jekyll reads: a `.md`, `.markdown` or
 * `.html` file under `_posts/` (or `_drafts/`), at any depth, not inside a folder Jekyll ignores.
 */
export function postKindOf(relPath: string, collectionsDir = ''): PostKind | undefined {
  const rel = slashed(relPath);
  // (the extension as path.extname takes it; a name starting with '.' is refused below anyway)
  const dot = rel.lastIndexOf('.');
  if (dot <= rel.lastIndexOf('/') || !POST_EXTENSIONS.includes(rel.slice(dot).toLowerCase())) return undefined;
  const parts = rel.split('/');
  const prefix = collectionsDir ? collectionsDir.split('/') : [];
  for (let i = 0; i < prefix.length; i++) if (parts[i] !== prefix[i]) return undefined;
  const rest = parts.slice(prefix.length);
  const idx = rest.findIndex(p => p === '_posts' || p === '_drafts');
  if (idx < 0 || idx === rest.length - 1) return undefined;
  // folders before the magic one become categories; a folder starting with _ or . (other than it) is skipped by Jekyll
  if (rest.slice(0, idx).some(p => p.startsWith('_') || p.startsWith('.'))) return undefined;
  const base = rest[rest.length - 1];
  if (base.startsWith('.') || base.startsWith('_') || base.startsWith('#') || base.endsWith('~')) return undefined;
  return rest[idx] === '_posts' ? 'post' : 'draft';
}

/** A path with `/` as its separator (as it is on POSIX systems). */
export const slashed = (p: string): string => (path.sep === '/' ? p : p.split(path.sep).join('/'));

/**
 * The path of a file relative to a folder above it, `/`-separated: a cut of the prefix for a file under the folder
 * (this runs for every post of a site, where path.relative is slow), path.relative otherwise.
 */
export function pathUnder(root: string, file: string): string {
  const under = file.length > root.length + 1 && file.startsWith(root) && file[root.length] === path.sep;
  return slashed(under ? file.slice(root.length + 1) : path.relative(root, file));
}

/** A cache of sites by root, re-read when `_config.yml`, `_layouts/` or `_includes/` change (the caller invalidates). */
export class SiteCache {
  private readonly sites = new Map<string, Site>();

  forFile(file: string): Site | undefined {
    const root = findSiteRoot(file);
    if (!root) return undefined;
    let site = this.sites.get(root);
    if (!site) {
      site = loadSite(root);
      this.sites.set(root, site);
    }
    return site;
  }

  invalidate(root?: string): void {
    if (root) this.sites.delete(root);
    else this.sites.clear();
  }
}
