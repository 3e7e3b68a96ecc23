/**
 * Checking many post files off the main thread: a small pool of worker threads (src/checkWorker.ts, bundled as
 * dist/checkWorker.js) that check batches of files and walk folders for posts. The same requests can be served
 * in the calling thread (size 0), which the CLI does for small runs and tests do for determinism.
 */
import * as fs from 'fs';
import type { Worker } from 'worker_threads';
import { checkOneFile, FileCheckOptions, FileReport, PreRead, readForFacts } from './checkFile';
import { SiteRoots, PostFilter, PostMatcher, isJekyllPost, walkFiles } from './postFiles';
import { currentCatalog } from './l10n';
import { FooterKnowledge } from './footerKnowledge';
import { PostFacts, postFactsOf } from './vocabulary';
import { relativeToSite } from './check';
import { DiskIndex } from './diskIndex';
import { pathUnder } from './site';

/** A post file found by a walk, with what decides whether it must be re-read. */
export interface FoundFile {
  file: string;
  size: number;
  mtimeMs: number;
}

export type PoolRequest =
  /** `facts`: each file's facts when known already (index-aligned with files; null when not). */
  | { type: 'check'; id: number; files: string[]; options: FileCheckOptions; facts?: Array<PostFacts | null> }
  /** Lists the posts below `dir`: with a filter, the editor's selection; without, Jekyll's (the CLI's). */
  | { type: 'walk'; id: number; dir: string; filter?: PostFilter; batch?: number }
  /**
   * What each post adds to its site's vocabulary (reading only its head and tail when it is huge). With `keep`,
   * the texts read (up to that many UTF-16 units in all) stay in the worker for the check that follows, which
   * then does not read the file again (send that check to the same worker).
   */
  | { type: 'facts'; id: number; files: string[]; keep?: number }
  /**
   * The facts the persistent index of a site (diskIndex.ts, written by `newspost check`) holds for these files,
   * for those whose size and mtime match: the editor's first scan then reads only the others.
   */
  | { type: 'indexed'; id: number; root: string; engine: string; files: FoundFile[] }
  /** Drop the texts kept by facts requests. */
  | { type: 'forget'; id: number }
  /** The footer knowledge of sites (by root), used by every later check of their posts; replaces what was set for those roots. */
  | { type: 'knowledge'; id: number; knowledge: Record<string, FooterKnowledge> }
  /** Forget the sites read so far (a _config.yml or layout changed), and their knowledge. */
  | { type: 'reset'; id: number };

/** A post's facts and its site ('' outside any site); facts undefined when it is not UTF-8 text. */
export interface FileFacts {
  file: string;
  siteRoot: string;
  facts?: PostFacts;
  /** Size and mtime when read (0 when it could not be). */
  size: number;
  mtimeMs: number;
  /** The content hash of the file (when it was read whole). */
  hash?: string;
}

export type PoolReply =
  | { type: 'checked'; id: number; reports: FileReport[] }
  | { type: 'found'; id: number; files: FoundFile[] }
  | { type: 'facts'; id: number; facts: FileFacts[] }
  | { type: 'done'; id: number; count: number }
  | { type: 'failed'; id: number; message: string };

/** What runs in each worker (and in the calling thread for a pool of size 0). */
export class CheckService {
  private readonly roots = new SiteRoots();
  private knowledge: Record<string, FooterKnowledge> = {};
  /** Texts read by the vocabulary pass, waiting for their check (taken by it). */
  private readonly kept = new Map<string, PreRead & { facts?: PostFacts }>();
  private keptUnits = 0;

  handle(req: PoolRequest, send: (r: PoolReply) => void): void {
    try {
      if (req.type === 'check') {
        const options = req.options.footer ? req.options : { ...req.options, footer: this.knowledge };
        const reports = req.files.map((f, i) => {
          const root = this.roots.rootOf(f);
          const pre = this.kept.get(f);
          if (pre) {
            this.kept.delete(f);
            this.keptUnits -= pre.text.length;
          }
          const r = checkOneFile(f, this.roots.site(root), options, req.facts?.[i] ?? pre?.facts, pre);
          r.siteRoot = root ?? '';
          return r;
        });
        send({ type: 'checked', id: req.id, reports });
      } else if (req.type === 'facts') {
        const facts = req.files.map((file): FileFacts => {
          const root = this.roots.rootOf(file) ?? '';
          const read = readForFacts(file);
          const text = read.text;
          const stat = { size: read.size, mtimeMs: read.mtimeMs, ...(read.hash ? { hash: read.hash } : {}) };
          if (text === undefined) return { file, siteRoot: root, ...stat };
          const site = this.roots.site(root);
          let facts: PostFacts;
          try {
            facts = postFactsOf(text, site ? relativeToSite(file, site) : undefined);
          } catch {
            return { file, siteRoot: root, ...stat };
          }
          if (req.keep && read.whole && this.keptUnits + text.length <= req.keep && !this.kept.has(file)) {
            this.kept.set(file, { text, size: read.size, mtimeMs: read.mtimeMs, hash: read.hash, facts });
            this.keptUnits += text.length;
          }
          return { file, siteRoot: root, facts, ...stat };
        });
        send({ type: 'facts', id: req.id, facts });
      } else if (req.type === 'indexed') {
        const index = new DiskIndex(req.root, req.engine);
        const facts: FileFacts[] = [];
        for (const f of req.files) {
          const rel = pathUnder(req.root, f.file);
          const e = index.get(rel);
          if (e?.f && e.size === f.size && e.mtimeMs === f.mtimeMs) {
            const known = index.facts(rel);
            facts.push({ file: f.file, siteRoot: req.root, size: f.size, mtimeMs: f.mtimeMs, ...(known ? { facts: known } : {}) });
          }
        }
        send({ type: 'facts', id: req.id, facts });
      } else if (req.type === 'forget') {
        this.kept.clear();
        this.keptUnits = 0;
        send({ type: 'done', id: req.id, count: 0 });
      } else if (req.type === 'knowledge') {
        this.knowledge = { ...this.knowledge, ...req.knowledge };
        send({ type: 'done', id: req.id, count: 0 });
      } else if (req.type === 'walk') {
        const matcher = req.filter ? new PostMatcher(req.filter, this.roots) : undefined;
        const keep = matcher ? (f: string) => matcher.matches(f) : (f: string) => isJekyllPost(f, this.roots);
        const batch = req.batch ?? 500;
        let files: FoundFile[] = [];
        let count = 0;
        for (const file of walkFiles(req.dir, keep)) {
          let st: fs.Stats;
          try {
            st = fs.statSync(file);
          } catch {
            continue; // gone meanwhile
          }
          files.push({ file, size: st.size, mtimeMs: st.mtimeMs });
          count++;
          if (files.length >= batch) {
            send({ type: 'found', id: req.id, files });
            files = [];
          }
        }
        if (files.length) send({ type: 'found', id: req.id, files });
        send({ type: 'done', id: req.id, count });
      } else {
        this.roots.clear();
        this.knowledge = {};
        this.kept.clear();
        this.keptUnits = 0;
        send({ type: 'done', id: req.id, count: 0 });
      }
    } catch (e) {
      send({ type: 'failed', id: req.id, message: (e as Error).stack ?? String(e) });
    }
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onFound?(files: FoundFile[]): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class CheckPool {
  private readonly slots: Slot[] = [];
  private inline?: CheckService;
  private knowledge: Record<string, FooterKnowledge> = {};
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;

  /**
   * @param script the worker's file (dist/checkWorker.js); unused when size is 0
   * @param size worker threads (0: serve requests in this thread, synchronously)
   * @param idleMs stop the workers after this long without work (0: keep them until terminate())
   */
  constructor(private readonly script: string, readonly size: number, private readonly idleMs = 0) {}

  /** Worker threads started so far. */
  get started(): number {
    return this.slots.length;
  }

  /** Requests waiting for an answer. */
  get pending(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  /** @param slot the worker to use (e.g. the one that kept the texts); the least busy one by default */
  check(files: string[], options: FileCheckOptions, facts?: Array<PostFacts | null>, slot?: number): Promise<FileReport[]> {
    return this.request({ type: 'check', id: 0, files, options, facts }, undefined, slot) as Promise<FileReport[]>;
  }

  /** Walks a folder in a worker; found posts arrive in batches through onFound. Resolves with their count. */
  walk(dir: string, filter: PostFilter | undefined, onFound: (files: FoundFile[]) => void): Promise<number> {
    return this.request({ type: 'walk', id: 0, dir, filter }, onFound) as Promise<number>;
  }

  /** The vocabulary facts of posts (one request per call; split big lists into batches for both cores). */
  facts(files: string[], keep?: number, slot?: number): Promise<FileFacts[]> {
    return this.request({ type: 'facts', id: 0, files, keep }, undefined, slot) as Promise<FileFacts[]>;
  }

  /** The facts a site's persistent index holds for the files (those unchanged since it was written). */
  indexed(root: string, engine: string, files: FoundFile[]): Promise<FileFacts[]> {
    return this.request({ type: 'indexed', id: 0, root, engine, files }) as Promise<FileFacts[]>;
  }

  /** Makes the workers drop the texts they kept. */
  async forget(): Promise<void> {
    if (this.inline) this.inline.handle({ type: 'forget', id: 0 }, () => undefined);
    await Promise.all(this.slots.map(s => this.send(s, { type: 'forget', id: 0 })));
  }

  /**
   * Gives every worker (and every worker started later) the footer knowledge of these sites: the checks that
   * follow judge footers against it. Sent once, not with each batch (a vocabulary can be large).
   */
  async setKnowledge(knowledge: Record<string, FooterKnowledge>): Promise<void> {
    this.knowledge = { ...this.knowledge, ...knowledge };
    const req: PoolRequest = { type: 'knowledge', id: 0, knowledge };
    if (this.size <= 0) {
      this.inline ??= new CheckService();
      this.inline.handle(req, () => undefined);
      return;
    }
    await Promise.all(this.slots.map(s => this.send(s, req)));
  }

  /** Makes every worker forget the sites it read and their knowledge. */
  async reset(): Promise<void> {
    this.knowledge = {};
    if (this.inline) this.inline.handle({ type: 'reset', id: 0 }, () => undefined);
    await Promise.all(this.slots.map(s => this.send(s, { type: 'reset', id: 0 })));
  }

  async terminate(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    for (const s of slots) for (const p of s.pending.values()) p.reject(new Error('the check was stopped'));
    await Promise.all(slots.map(s => s.worker.terminate()));
  }

  private request(req: PoolRequest, onFound?: (files: FoundFile[]) => void, slot?: number): Promise<unknown> {
    if (this.size <= 0) {
      this.inline ??= new CheckService();
      return new Promise((resolve, reject) => this.inline!.handle(req, r => this.settle(r, { resolve, reject, onFound })));
    }
    clearTimeout(this.idleTimer);
    return this.send(slot === undefined ? this.pick() : this.slotAt(slot), req, onFound);
  }

  private send(slot: Slot, req: PoolRequest, onFound?: (files: FoundFile[]) => void): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, onFound });
      slot.worker.postMessage({ ...req, id });
    });
  }

  private settle(r: PoolReply, p: Pending): boolean {
    switch (r.type) {
      case 'found': p.onFound?.(r.files); return false;
      case 'checked': p.resolve(r.reports); return true;
      case 'facts': p.resolve(r.facts); return true;
      case 'done': p.resolve(r.count); return true;
      case 'failed': p.reject(new Error(r.message)); return true;
    }
  }

  /** Worker number `i` (modulo the size), started if need be. */
  private slotAt(i: number): Slot {
    while (this.slots.length < this.size) this.spawn();
    return this.slots[i % this.slots.length];
  }

  /** The least busy worker, starting one more while under the size. */
  private pick(): Slot {
    let best = this.slots[0];
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    if (!best || (best.pending.size > 0 && this.slots.length < this.size)) best = this.spawn();
    return best;
  }

  private spawn(): Slot {
    // the worker speaks the language of this thread (its messages come from the catalog it is given)
    // (worker_threads is required when the first worker starts: not at the editor's activation, docs/packaging.md)
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { Worker: WorkerThread } = require('worker_threads') as typeof import('worker_threads');
    const worker = new WorkerThread(this.script, { workerData: { catalog: currentCatalog() } });
    const slot: Slot = { worker, pending: new Map() };
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const p of slot.pending.values()) p.reject(e);
      slot.pending.clear();
    };
    worker.on('message', (r: PoolReply) => {
      const p = slot.pending.get(r.id);
      if (p && this.settle(r, p)) {
        slot.pending.delete(r.id);
        if (this.idleMs > 0 && this.pending === 0) {
          clearTimeout(this.idleTimer);
          this.idleTimer = setTimeout(() => { if (this.pending === 0) void this.terminate(); }, this.idleMs);
        }
      }
    });
    worker.on('error', e => fail(e));
    worker.on('exit', code => fail(new Error(`the check worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    // a worker started late learns what the others were told
    if (Object.keys(this.knowledge).length) void this.send(slot, { type: 'knowledge', id: 0, knowledge: this.knowledge }).catch(() => undefined);
    return slot;
  }
}
