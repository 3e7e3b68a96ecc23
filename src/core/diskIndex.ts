/**
 * The persistent index of a site, kept on disk between runs (in `.jekyll-cache/newspost/` of the site, a folder
 * Jekyll itself never reads or publishes, or under `--cache-dir`): per post, what decides whether it changed
 * (size, mtime, content hash), what the whole-site rules need of it (its facts, stored as they are: any field
 * added to PostFacts rides along), its findings with the key they are valid for (the engine, the settings that
 * change findings, the site's own files and its knowledge: see checkCache.ts) and its summary (PostCore, for the
 * site map); per site, the folders' modification times (a file added, removed or renamed changes its folder's),
 * the set of posts and the vocabulary they sum to, and the site map's findings of the last whole-site run.
 *
 * Posts are spread over shard files by a hash of their path, so checking one post reads one shard. A shard's facts
 * and summaries are in side files of their own, read only when a run needs them (a run over an unchanged site reads
 * neither). Every file is written atomically (a temporary file, then a rename). A cache that is corrupt, of another
 * format or of another engine is ignored (and rewritten); one that cannot be written (a read-only site) is silently
 * not written.
 */
import * as fs from 'fs';
import * as path from 'path';
// (crypto is required when first used: not at the editor's activation, docs/packaging.md)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const createHash = (algorithm: string) => (require('crypto') as typeof import('crypto')).createHash(algorithm);
import { FileFinding } from './checkFile';
import { PostCore } from './postIndex';
import { PostFacts } from './vocabulary';
import type { SiteFinding } from './siteRules';
import type { JekyllOutcome } from './types';

/** Bumped when the layout of the files below changes. */
export const CACHE_FORMAT = 2;
/** The cache folder inside a site. */
export const CACHE_SUBDIR = path.join('.jekyll-cache', 'newspost');
const SHARDS = 256;

/**
 * What the index keeps of one post (its path relative to the site root, `/`-separated, is the key). Its facts and
 * its summary are kept beside it (DiskIndex.facts, DiskIndex.post): a run reads them only when it needs them.
 */
export interface IndexEntry {
  size: number;
  mtimeMs: number;
  /** Content hash (checkFile.contentHash); absent for a file read only in part or not read. */
  hash?: string;
  /** 1 when the facts were read (then no stored facts means: not UTF-8 text, it adds nothing). */
  f?: 1;
  /** The key the findings were computed under, and the findings. */
  k?: string;
  findings?: FileFinding[];
  /** 1 when the post's summary is stored (with the findings). */
  p?: 1;
  /** The key the post's outcome (what `newspost list` shows) was computed under, when it is stored. */
  o?: string;
}

/** In EntrySides: what is stored stays as it is (with the entry's flag for it, which the caller keeps). */
export const KEEP = Symbol('keep');

/** What a post's entry is stored with (DiskIndex.set); undefined: nothing. */
export interface EntrySides {
  /** Its facts, kept when the entry has `f`. */
  facts?: PostFacts | typeof KEEP;
  /** Its summary, kept when given (the entry gets `p`). */
  post?: PostCore | typeof KEEP;
  /** What the builder does with it, kept when the entry has `o`. */
  outcome?: JekyllOutcome | typeof KEEP;
}

/**
 * The facts or the summaries of a shard's posts, kept in a file of their own beside the shard (read only when asked
 * for: a run over an unchanged site needs neither). The file is `<stamp>\n<JSON of { path: value }>`; the shard's
 * file names the stamp it goes with, so a side file that is not the one its shard was written with (a run stopped
 * between the two writes, two runs writing at once) is known as such and not used.
 */
class SideFile<T> {
  private map?: Map<string, T>;
  private changed = false;
  /** The file was replaced by another run since its shard was read (its stamp is not the shard's any more). */
  lost = false;
  constructor(private readonly file: string, public stamp: string | undefined) {}

  /** The stamp at the head of the file on disk (undefined: none, or no such file). */
  static headStamp(file: string): string | undefined {
    try {
      const fd = fs.openSync(file, 'r');
      try {
        const buf = Buffer.alloc(64);
        const head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
        const nl = head.indexOf('\n');
        return nl > 0 ? head.slice(0, nl) : undefined;
      } finally { fs.closeSync(fd); }
    } catch {
      return undefined;
    }
  }

  get(): Map<string, T> {
    if (!this.map) {
      this.map = new Map();
      if (this.stamp) {
        try {
          const text = fs.readFileSync(this.file, 'utf8');
          const nl = text.indexOf('\n');
          if (nl > 0 && text.slice(0, nl) === this.stamp) {
            const v = JSON.parse(text.slice(nl + 1)) as Record<string, T>;
            if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (x && typeof x === 'object') this.map.set(k, x);
          } else this.lost = true;
        } catch {
          this.lost = true;
        }
      }
    }
    return this.map;
  }

  set(rel: string, v: T | undefined): void {
    const m = this.get();
    if (v !== undefined) {
      if (m.get(rel) === v) return;
      m.set(rel, v);
    }
    else if (!m.delete(rel)) return;
    this.changed = true;
  }

  /**
   * Writes the file when it changed, or when it has none yet (even empty: its shard's flags need a stamp to stand
   * on), under a new stamp (before the shard that names it).
   */
  save(): void {
    if (!this.map || (!this.changed && this.stamp)) return;
    const stamp = Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
    writeAtomic(this.file, `${stamp}\n${JSON.stringify(Object.fromEntries(this.map))}`);
    this.stamp = stamp;
    this.changed = false;
  }
}

/** One shard in memory: its posts' entries, their facts, summaries and outcomes. */
class Shard {
  constructor(readonly entries: Map<string, IndexEntry>, readonly facts: SideFile<PostFacts>, readonly summaries: SideFile<PostCore>, readonly outcomes: SideFile<JekyllOutcome>) {}

  get sides(): Array<SideFile<unknown>> {
    return [this.facts, this.summaries, this.outcomes];
  }

  get lost(): boolean {
    return this.sides.some(f => f.lost);
  }
}

/** A shard's file: the entries and the stamps of its side files. */
interface ShardData {
  entries: Record<string, IndexEntry>;
  facts?: string;
  summaries?: string;
  outcomes?: string;
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

/** The site map's findings of the last whole-site run, with the key they were computed under (checkCache.ts). */
export interface StoredSiteMap {
  key: string;
  findings: SiteFinding[];
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

/** A hash of a sequence of strings (each ended by a newline; for long sequences, without building one string). */
export function digest(parts: Iterable<string>): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\n');
  return h.digest('base64url');
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
  private readonly shards: Array<Shard | undefined> = new Array(SHARDS);
  private readonly dirty = new Set<number>();
  private metaDirty = false;
  private siteMap?: StoredSiteMap | null;
  private siteMapDirty = false;
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

  /** The site map's findings stored by the last whole-site run (undefined: none). */
  getSiteMap(): StoredSiteMap | undefined {
    if (this.siteMap === undefined) {
      const v = this.read<StoredSiteMap>('sitemap.json');
      this.siteMap = v && typeof v.key === 'string' && Array.isArray(v.findings) ? v : null;
    }
    return this.siteMap ?? undefined;
  }

  setSiteMap(v: StoredSiteMap): void {
    this.siteMap = v;
    this.siteMapDirty = true;
  }

  private shard(i: number): Shard {
    let s = this.shards[i];
    if (!s) {
      const n = String(i).padStart(3, '0');
      const data = this.read<ShardData>(`posts-${n}.json`);
      const entries = new Map<string, IndexEntry>();
      if (data?.entries && typeof data.entries === 'object') {
        for (const [k, v] of Object.entries(data.entries)) if (v && typeof v === 'object' && typeof v.size === 'number' && typeof v.mtimeMs === 'number') entries.set(k, v);
      }
      // a side file that is not the shard's: what it held is not known (those posts are read or checked again)
      const side = <T>(name: string, stamp: unknown, flag: 'f' | 'p' | 'o'): SideFile<T> => {
        const file = path.join(this.dir, `${name}-${n}`);
        if (typeof stamp === 'string' && SideFile.headStamp(file) === stamp) return new SideFile<T>(file, stamp);
        for (const e of entries.values()) delete e[flag];
        return new SideFile<T>(file, undefined);
      };
      this.shards[i] = s = new Shard(entries, side<PostFacts>('facts', data?.facts, 'f'), side<PostCore>('summaries', data?.summaries, 'p'), side<JekyllOutcome>('outcomes', data?.outcomes, 'o'));
    }
    return s;
  }

  /** A post's entry (without its facts and summary: see facts() and post()). */
  get(rel: string): IndexEntry | undefined {
    return this.shard(shardOf(rel)).entries.get(rel);
  }

  /** The facts of a post whose entry has `f` (undefined: none, not UTF-8 text); reads its shard's facts. */
  facts(rel: string): PostFacts | undefined {
    return this.shard(shardOf(rel)).facts.get().get(rel);
  }

  /** The summary of a post whose entry has `p`; reads its shard's summaries. */
  post(rel: string): PostCore | undefined {
    return this.shard(shardOf(rel)).summaries.get().get(rel);
  }

  /** What the builder does with a post whose entry has `o`; reads its shard's outcomes. */
  outcome(rel: string): JekyllOutcome | undefined {
    return this.shard(shardOf(rel)).outcomes.get().get(rel);
  }

  /**
   * Sets a post's entry and what is stored with it (what is not given is not kept; KEEP leaves a side as it is, with
   * the entry's flag for it, read or written only if asked for): its facts when the entry has `f`, its summary when
   * given (the entry gets `p`; it goes with the findings), its outcome when the entry has `o`.
   */
  set(rel: string, e: IndexEntry, sides: EntrySides = {}): void {
    const i = shardOf(rel);
    const s = this.shard(i);
    const entry: IndexEntry = { ...e };
    if (sides.post !== KEEP) {
      if (sides.post) entry.p = 1;
      else delete entry.p;
    }
    if (sides.outcome !== KEEP && !sides.outcome) delete entry.o;
    s.entries.set(rel, entry);
    if (sides.facts !== KEEP) s.facts.set(rel, entry.f ? sides.facts : undefined);
    if (sides.post !== KEEP) s.summaries.set(rel, sides.post);
    if (sides.outcome !== KEEP) s.outcomes.set(rel, entry.o ? sides.outcome : undefined);
    this.dirty.add(i);
  }

  /** Marks an entry changed in place (its size or mtime). */
  touch(rel: string): void {
    this.dirty.add(shardOf(rel));
  }

  delete(rel: string): void {
    const i = shardOf(rel);
    const s = this.shard(i);
    if (s.entries.delete(rel)) {
      for (const f of s.sides) f.set(rel, undefined);
      this.dirty.add(i);
    }
  }

  /** Every indexed path (reads every shard). */
  paths(): string[] {
    const out: string[] = [];
    for (let i = 0; i < SHARDS; i++) out.push(...this.shard(i).entries.keys());
    return out;
  }

  /**
   * Whether a side file this run read was no longer its shard's (another run wrote the index meanwhile): what this
   * run knows of those posts is incomplete, so it does not write the index (save() does nothing) and does not
   * keep what it derived from it (the site map's findings).
   */
  get lost(): boolean {
    return this.shards.some(s => s?.lost);
  }

  /** Writes what changed; false (and nothing half-written) when the folder cannot be written. */
  save(): boolean {
    if (this.lost) return false;
    if (!this.metaDirty && !this.siteMapDirty && this.dirty.size === 0) return true;
    const wrap = <T>(data: T): string => JSON.stringify({ format: CACHE_FORMAT, engine: this.engine, root: path.resolve(this.root), data } satisfies Stored<T>);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      for (const i of [...this.dirty].sort((a, b) => a - b)) {
        // the side files first: the shard names their stamps
        const shard = this.shards[i]!;
        for (const f of shard.sides) f.save();
        const data: ShardData = { entries: Object.fromEntries(shard.entries), facts: shard.facts.stamp, summaries: shard.summaries.stamp, outcomes: shard.outcomes.stamp };
        writeAtomic(path.join(this.dir, `posts-${String(i).padStart(3, '0')}.json`), wrap(data));
        this.dirty.delete(i);
      }
      if (this.siteMapDirty && this.siteMap) writeAtomic(path.join(this.dir, 'sitemap.json'), wrap(this.siteMap));
      this.siteMapDirty = false;
      // the site-wide part last: it vouches for the shards written before it
      if (this.metaDirty) writeAtomic(path.join(this.dir, 'index.json'), wrap(this.meta ?? {}));
      this.metaDirty = false;
      return true;
    } catch {
      return false;
    }
  }
}
