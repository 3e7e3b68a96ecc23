/**
 * Which files of a folder tree are posts, found without reading them: site roots looked up once per folder (not
 * once per file), Jekyll's rules for _posts/ and _drafts/, and the editor's include/exclude globs. Shared by the
 * CLI, the check worker's walk and the editor's file watcher.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Site, loadSite, pathUnder, postKindOf, POST_EXTENSIONS, slashed } from './site';
import { globToRegExp, walk } from './files';

/** The nearest folder with a `_config.yml` above each folder, cached by folder ('' = none). */
export class SiteRoots {
  private readonly dirs = new Map<string, string>();
  private readonly sites = new Map<string, Site>();

  constructor(private readonly exists: (p: string) => boolean = fs.existsSync) {}

  /** The site root of a file, or undefined when no folder above it holds a `_config.yml`. */
  rootOf(file: string): string | undefined {
    // (no path.resolve for an absolute path: it asks for the cwd every time, and this runs several times a post)
    const abs = path.isAbsolute(file) ? file : path.resolve(file);
    const cut = abs.lastIndexOf(path.sep);
    return this.rootOfDir(cut > 0 ? abs.slice(0, cut) : path.dirname(abs)) || undefined;
  }

  private rootOfDir(dir: string): string {
    const known = this.dirs.get(dir);
    if (known !== undefined) return known;
    let root: string;
    if (this.exists(path.join(dir, '_config.yml'))) root = dir;
    else {
      const up = path.dirname(dir);
      root = up === dir ? '' : this.rootOfDir(up);
    }
    this.dirs.set(dir, root);
    return root;
  }

  /** The site (loaded once) of a root. */
  site(root: string | undefined): Site | undefined {
    if (!root) return undefined;
    let s = this.sites.get(root);
    if (!s) this.sites.set(root, (s = loadSite(root)));
    return s;
  }

  siteOf(file: string): Site | undefined {
    return this.site(this.rootOf(file));
  }

  /** Forgets everything (a `_config.yml` appeared, went or changed; `_layouts/` changed). */
  clear(): void {
    this.dirs.clear();
    this.sites.clear();
  }
}

/** Jekyll's own rule: a .md/.markdown/.html file under `_posts/` or `_drafts/` of its site (the CLI's selection). */
export function isJekyllPost(file: string, roots: SiteRoots): boolean {
  if (!POST_EXTENSIONS.includes(path.extname(file).toLowerCase())) return false;
  const root = roots.rootOf(file);
  if (!root) return /[\\/]_(posts|drafts)[\\/]/.test(file) && postKindOf(slashed(file)) !== undefined;
  return postKindOf(pathUnder(root, file), roots.site(root)?.config.collectionsDir) !== undefined;
}

/** The editor's selection: newsPost.include / newsPost.exclude globs, relative to a workspace folder. */
export interface PostFilter {
  /** The workspace folder the globs are relative to. */
  folder: string;
  include: string[];
  exclude: string[];
}

export class PostMatcher {
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(readonly filter: PostFilter, private readonly roots: SiteRoots) {
    this.include = filter.include.map(globToRegExp);
    this.exclude = filter.exclude.map(globToRegExp);
  }

  /**
   * Whether the editor checks this file as a post: the same answer as src/posts.ts's asPost (a post extension,
   * included and not excluded, and under _posts/ or _drafts/ only what Jekyll reads).
   */
  matches(file: string): boolean {
    if (!POST_EXTENSIONS.includes(path.extname(file).toLowerCase())) return false;
    const rel = pathUnder(this.filter.folder, file);
    if (rel.startsWith('../') || path.isAbsolute(rel)) return false;
    if (!this.include.some(r => r.test(rel)) || this.exclude.some(r => r.test(rel))) return false;
    if (/[\\/]_(posts|drafts)[\\/]/.test(file)) return isJekyllPost(file, this.roots);
    return true;
  }
}

/** Every file below a folder, in sorted order, a symbolic link to a file included (Jekyll follows those). */
export function walkFiles(dir: string, keep: (file: string) => boolean = () => true, onDir?: (dir: string) => void): Generator<string> {
  return walk(dir, keep, true, onDir);
}
