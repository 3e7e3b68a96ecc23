/** Reading post files for the CLI and the workspace scan: bytes to text, with encoding and size verdicts. */
import * as fs from 'fs';
import * as path from 'path';

export interface ReadPost {
  text: string;
  invalidUtf8: boolean;
  /** Only the head of a huge file was read. */
  truncated: boolean;
  size: number;
}

/** Files above this size are read only in part (their front matter is all that is checked). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
const HEAD_BYTES = 1024 * 1024;

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodePost(bytes: Uint8Array): { text: string; invalidUtf8: boolean } {
  try {
    return { text: strict.decode(bytes), invalidUtf8: false };
  } catch {
    return { text: lenient.decode(bytes), invalidUtf8: true };
  }
}

export function readPostFile(file: string): ReadPost {
  const size = fs.statSync(file).size;
  if (size > MAX_READ_BYTES) {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
      // cut at the last line break so no character is split
      const cut = buf.subarray(0, n).lastIndexOf(10) + 1 || n;
      return { ...decodePost(buf.subarray(0, cut)), truncated: true, size };
    } finally {
      fs.closeSync(fd);
    }
  }
  return { ...decodePost(fs.readFileSync(file)), truncated: false, size };
}

/** Folders never walked into (build output, dependencies, VCS). */
export const SKIP_DIRS = new Set(['node_modules', '.git', '_site', '.jekyll-cache', '.sass-cache', 'vendor', '.vscode-test', '.bundle']);

function isFileLink(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Every file below a folder (sorted, deterministic), skipping build output and dependency folders, without a
 * stat per file (the folder listing says what is a file); folders that cannot be listed are skipped. With
 * `followFileLinks`, a symbolic link to a file counts as a file (as Jekyll reads one outside safe mode); links to
 * folders are never followed (no loops). `onDir` is told of each folder before it is listed (the persistent index
 * keeps their modification times: a file added, removed or renamed changes its folder's).
 */
export function* walk(dir: string, keep: (file: string) => boolean = () => true, followFileLinks = false, onDir?: (dir: string) => void): Generator<string> {
  let entries: fs.Dirent[];
  try {
    onDir?.(dir);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(p, keep, followFileLinks, onDir);
    } else if (e.isFile() || (followFileLinks && e.isSymbolicLink() && isFileLink(p))) {
      if (keep(p)) yield p;
    }
  }
}

/** A glob (`*`, `**`, `?`, `{a,b}`) as a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) { re += '\\{'; continue; }
      re += '(?:' + glob.slice(i + 1, close).split(',').map(s => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|') + ')';
      i = close;
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/** Expands a glob relative to a folder: walks from its fixed prefix. */
export function* expandGlob(glob: string, cwd: string): Generator<string> {
  const norm = glob.split(path.sep).join('/');
  const parts = norm.split('/');
  const fixed: string[] = [];
  for (const p of parts) {
    if (/[*?{]/.test(p)) break;
    fixed.push(p);
  }
  const base = path.resolve(cwd, fixed.join('/') || '.');
  const re = globToRegExp(path.resolve(cwd, norm).split(path.sep).join('/'));
  for (const f of walk(base)) if (re.test(f.split(path.sep).join('/'))) yield f;
}
