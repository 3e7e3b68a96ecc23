/**
 * Checking many post files off the main thread: a small pool of worker threads (src/checkWorker.ts, bundled as
 * dist/checkWorker.js) that check batches of files and walk folders for posts. The same requests can be served
 * in the calling thread (size 0), which the CLI does for small runs and tests do for determinism.
 */
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { checkOneFile, FileCheckOptions, FileReport } from './checkFile';
import { SiteRoots, PostFilter, PostMatcher, isJekyllPost, walkFiles } from './postFiles';

/** A post file found by a walk, with what decides whether it must be re-read. */
export interface FoundFile {
  file: string;
  size: number;
  mtimeMs: number;
}

export type PoolRequest =
  | { type: 'check'; id: number; files: string[]; options: FileCheckOptions }
  /** Lists the posts below `dir`: with a filter, the editor's selection; without, Jekyll's (the CLI's). */
  | { type: 'walk'; id: number; dir: string; filter?: PostFilter; batch?: number }
  /** Forget the sites read so far (a _config.yml or layout changed). */
  | { type: 'reset'; id: number };

export type PoolReply =
  | { type: 'checked'; id: number; reports: FileReport[] }
  | { type: 'found'; id: number; files: FoundFile[] }
  | { type: 'done'; id: number; count: number }
  | { type: 'failed'; id: number; message: string };

/** What runs in each worker (and in the calling thread for a pool of size 0). */
export class CheckService {
  private readonly roots = new SiteRoots();

  handle(req: PoolRequest, send: (r: PoolReply) => void): void {
    try {
      if (req.type === 'check') {
        const reports = req.files.map(f => {
          const root = this.roots.rootOf(f);
          const r = checkOneFile(f, this.roots.site(root), req.options);
          r.siteRoot = root ?? '';
          return r;
        });
        send({ type: 'checked', id: req.id, reports });
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
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;

  /**
   * @param script the worker's file (dist/checkWorker.js); unused when size is 0
   * @param size worker threads (0: serve requests in this thread, synchronously)
   * @param idleMs stop the workers after this long without work (0: keep them until terminate())
   */
  constructor(private readonly script: string, readonly size: number, private readonly idleMs = 0) {}

  /** Requests waiting for an answer. */
  get pending(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  check(files: string[], options: FileCheckOptions): Promise<FileReport[]> {
    return this.request({ type: 'check', id: 0, files, options }) as Promise<FileReport[]>;
  }

  /** Walks a folder in a worker; found posts arrive in batches through onFound. Resolves with their count. */
  walk(dir: string, filter: PostFilter | undefined, onFound: (files: FoundFile[]) => void): Promise<number> {
    return this.request({ type: 'walk', id: 0, dir, filter }, onFound) as Promise<number>;
  }

  /** Makes every worker forget the sites it read. */
  async reset(): Promise<void> {
    if (this.inline) this.inline.handle({ type: 'reset', id: 0 }, () => undefined);
    await Promise.all(this.slots.map(s => this.send(s, { type: 'reset', id: 0 })));
  }

  async terminate(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    for (const s of slots) for (const p of s.pending.values()) p.reject(new Error('the check was stopped'));
    await Promise.all(slots.map(s => s.worker.terminate()));
  }

  private request(req: PoolRequest, onFound?: (files: FoundFile[]) => void): Promise<unknown> {
    if (this.size <= 0) {
      this.inline ??= new CheckService();
      return new Promise((resolve, reject) => this.inline!.handle(req, r => this.settle(r, { resolve, reject, onFound })));
    }
    clearTimeout(this.idleTimer);
    return this.send(this.pick(), req, onFound);
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
      case 'done': p.resolve(r.count); return true;
      case 'failed': p.reject(new Error(r.message)); return true;
    }
  }

  /** The least busy worker, starting one more while under the size. */
  private pick(): Slot {
    let best = this.slots[0];
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    if (!best || (best.pending.size > 0 && this.slots.length < this.size)) best = this.spawn();
    return best;
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
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
    return slot;
  }
}
