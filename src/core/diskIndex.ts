/**
 * The persistent index of a site, kept on disk between runs (in `.jekyll-cache/newspost/` of the site, a folder
 * Jekyll itself never reads or publishes, or under `--cache-dir`): per post, what decides whether it changed
 * (size, mtime, content hash), what the whole-site rules need of it (its facts, stored as they are: any field
 * added to PostFacts rides along) and its findings with the key they are valid for (the engine, the settings that
 * change findings, the site's own files and its knowledge: see checkCache.ts); per site, the folders' modification
 * times (a file added, removed or renamed changes its folder's), the set of posts and the vocabulary they sum to.
 *
 * Posts are spread over shard files by a hash of their path, so checking one post reads one shard. Every file is
 * written atomically (a temporary file, then a rename). A cache that is corrupt, of another format or of another
 * engine is ignored (and rewritten); one that cannot be written (a read-only site) is silently not written.
 */
import * as fs from 'fs';
import * as path from 'path';
// (crypto is required when first used: not at the editor's activation, docs/packaging.md)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const createHash = (algorithm: string) => (require('crypto') as typeof import('crypto')).createHash(algorithm);
import { FileFinding } from './checkFile';
import { PostCore } from './postIndex';
import { PostFacts } from './vocabulary';

/** Bumped when the layout of the files below changes. */
export const CACHE_FORMAT = 1;
/** The cache folder inside a site. */
export const CACHE_SUBDIR = path.join('.jekyll-cache', 'newspost');
const SHARDS = 256;

/** What the index keeps of one post (its path relative to the site root, `/`-separated, is the key). */
export interface IndexEntry {
  size: number;
  mtimeMs: number;
  /** Content hash (checkFile.contentHash); absent for a file read only in part or not read. */
  hash?: string;
  /** 1 when the facts were read (then `facts` undefined means: not UTF-8 text, it adds nothing). */
  f?: 1;
  facts?: PostFacts;
  /** The key the findings were computed under, the findings and the post's summary. */
  k?: string;
  findings?: FileFinding[];
  post?: PostCore;
}

/** What the index keeps of the site as a whole. */
export interface IndexMeta {
  /** Every folder the last full walk listed (relative to the root, '' for it) -> its mtime then. */
  dirs?: Record<string, number>;
  /** Hash of the sorted list of the site's posts (findings of posts whose Liquid may name other posts depend on it). */
  postSet?: string;
  /** The site's vocabulary (Maps as entry lists: see toJsonable), and its stableHash. */
  vocabulary?: unknown;
  vocabularyHash?: string;
  /** Posts in the site at the last full walk. */
  posts?: number;
}

interface Stored<T> {
  format: number;
  engine: string;
  root: string;
  data: T;
}

/** Maps as `{ $map: [[k, v], …] }`, so a vocabulary survives JSON. */
export function toJsonable(v: unknown): unknown {
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [k, toJsonable(x)]) };
  if (Array.isArray(v)) return v.map(toJsonable);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonable(x);
    return out;
  }
  return v;
}

export function fromJsonable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJsonable);
  if (v && typeof v === 'object') {
    const m = (v as { $map?: unknown }).$map;
    if (Array.isArray(m) && Object.keys(v).length === 1) return new Map(m.map(([k, x]: [unknown, unknown]) => [k, fromJsonable(x)]));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromJsonable(x);
    return out;
  }
  return v;
}

/** The canonical text of a plain value (Maps, Sets and object keys in sorted order). */
function canonical(x: unknown): string {
  if (x instanceof Map) return 'M' + JSON.stringify([...x.keys()].sort().map(k => [k, canonical(x.get(k))]));
  if (x instanceof Set) return 'S' + JSON.stringify([...x].sort());
  if (Array.isArray(x)) return '[' + x.map(canonical).join(',') + ']';
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return '{' + Object.keys(o).sort().filter(k => o[k] !== undefined).map(k => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  return JSON.stringify(x) ?? 'u';
}

/** A hash of any plain value (the same content gives the same hash, whatever the order of Maps and keys). */
export function stableHash(v: unknown): string {
  return createHash('sha1').update(canonical(v)).digest('base64url');
}

/**
 * The engine's identity: a hash of the bundled checker (dist/checkWorker.js holds the whole engine, and the CLI and
 * the editor use the same file), so a cache written by another build is not used.
 */
export function engineKey(workerScript: string): string {
  try {
    return `${CACHE_FORMAT}:${createHash('sha1').update(fs.readFileSync(workerScript)).digest('base64url')}`;
  } catch {
    return `${CACHE_FORMAT}:unbundled`;
  }
}

/** Small string hash for the shard of a path (FNV-1a). */
function shardOf(rel: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < rel.length; i++) h = Math.imul(h ^ rel.charCodeAt(i), 16777619);
  return (h >>> 0) % SHARDS;
}

/** Writes a file atomically (a temporary file beside it, then a rename); throws on failure (the caller gives up). */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing more to do */ }
    throw e;
  }
}

/** The index of one site. */
export class DiskIndex {
  /** The folder the index is kept in. */
  readonly dir: string;
  private meta?: IndexMeta;
  private readonly shards: Array<Map<string, IndexEntry> | undefined> = new Array(SHARDS);
  private readonly dirty = new Set<number>();
  private metaDirty = false;
  /** Files read (for tests and --stats). */
  filesRead = 0;

  /**
   * @param root the site's root folder
   * @param engine engineKey(): entries of another engine are ignored
   * @param cacheDir the `--cache-dir` folder (one sub-folder per site), else `<root>/.jekyll-cache/newspost`
   */
  constructor(readonly root: string, readonly engine: string, cacheDir?: string) {
    this.dir = cacheDir
      ? path.join(path.resolve(cacheDir), `${path.basename(root) || 'site'}-${createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 10)}`)
      : path.join(root, CACHE_SUBDIR);
  }

  private read<T>(name: string): T | undefined {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dir, name), 'utf8');
    } catch {
      return undefined;
    }
    this.filesRead++;
    try {
      const v = JSON.parse(text) as Stored<T>;
      if (!v || v.format !== CACHE_FORMAT || v.engine !== this.engine || v.root !== path.resolve(this.root) || !v.data || typeof v.data !== 'object') return undefined;
      return v.data;
    } catch {
      return undefined; // corrupt: ignored, rewritten on save
    }
  }

  /** The site-wide part (an empty one when there is none or it is not usable). */
  getMeta(): IndexMeta {
    this.meta ??= this.read<IndexMeta>('index.json') ?? {};
    return this.meta;
  }

  setMeta(meta: IndexMeta): void {
    this.meta = meta;
    this.metaDirty = true;
  }

  private shard(i: number): Map<string, IndexEntry> {
    let s = this.shards[i];
    if (!s) {
      const data = this.read<Record<string, IndexEntry>>(`posts-${String(i).padStart(3, '0')}.json`);
      s = new Map();
      if (data) for (const [k, v] of Object.entries(data)) if (v && typeof v === 'object' && typeof v.size === 'number' && typeof v.mtimeMs === 'number') s.set(k, v);
      this.shards[i] = s;
    }
    return s;
  }

  get(rel: string): IndexEntry | undefined {
    return this.shard(shardOf(rel)).get(rel);
  }

  set(rel: string, e: IndexEntry): void {
    const i = shardOf(rel);
    this.shard(i).set(rel, e);
    this.dirty.add(i);
  }

  /** Marks an entry changed in place. */
  touch(rel: string): void {
    this.dirty.add(shardOf(rel));
  }

  delete(rel: string): void {
    const i = shardOf(rel);
    if (this.shard(i).delete(rel)) this.dirty.add(i);
  }

  /** Every indexed path (reads every shard). */
  paths(): string[] {
    const out: string[] = [];
    for (let i = 0; i < SHARDS; i++) out.push(...this.shard(i).keys());
    return out;
  }

  /** Writes what changed; false (and nothing half-written) when the folder cannot be written. */
  save(): boolean {
    if (!this.metaDirty && this.dirty.size === 0) return true;
    const wrap = <T>(data: T): string => JSON.stringify({ format: CACHE_FORMAT, engine: this.engine, root: path.resolve(this.root), data } satisfies Stored<T>);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      for (const i of [...this.dirty].sort((a, b) => a - b)) {
        writeAtomic(path.join(this.dir, `posts-${String(i).padStart(3, '0')}.json`), wrap(Object.fromEntries(this.shards[i]!)));
        this.dirty.delete(i);
      }
      // the site-wide part last: it vouches for the shards written before it
      if (this.metaDirty) writeAtomic(path.join(this.dir, 'index.json'), wrap(this.meta ?? {}));
      this.metaDirty = false;
      return true;
    } catch {
      return false;
    }
  }
}
