/**
 * A check run with the persistent index (diskIndex.ts): what `newspost check` does unless `--no-cache`.
 *
 * For each site, before the checks: each post is stat'ed and compared with its entry (size and mtime; when they
 * differ, the post is read and its content hash compared); only posts that changed are read for their facts. The
 * site's vocabulary is the sum of the facts (the stored sum when no post changed). A post's findings are reused when
 * the post is unchanged and they were computed under the same key: the engine, the settings that change findings
 * (disabled rules, severities, builder, fixes), the site's own files (_config.yml, Gemfile(.lock), workflows,
 * _layouts, _includes, _plugins, _data, category pages, .vscode/settings.json) by content, and the site's knowledge
 * (vocabulary, category pages, footer settings). A post whose Liquid may name other posts is also keyed by the set
 * of posts; one whose Liquid reads arbitrary files (include_relative, link) or that is dated in the future (it will
 * not stay so) is always checked again.
 *
 * When the run names some posts of a site only (not the whole site) and the folders the last full walk listed
 * are unchanged (no post added, removed or renamed), the site is not walked: its vocabulary comes from the index,
 * corrected by the named posts that changed. Only those posts are read. A post edited in place elsewhere in the
 * site is not seen by such a run (its folder's mtime does not change); the next whole-site run sees it.
 *
 * A whole-site run also keeps the site map's findings (siteMap()), reused while no post's summary, page file or
 * setting changed. `newspost list` runs in the 'outcomes' mode: each post's row (JekyllOutcome) is kept beside its
 * findings under a key of its own, and neither mode undoes what the other keeps.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FileCheckOptions, FileFinding, FileReport, contentHash } from './checkFile';
import { PostCore } from './postIndex';
import { CheckPool, FileFacts } from './checkPool';
import { DiskIndex, IndexEntry, IndexMeta, KEEP, digest, fromJsonable, stableHash, toJsonable } from './diskIndex';
import { MapPost, PageFile, listPageFiles } from './siteMap';
import type { SiteFinding } from './siteRules';
import { FooterKnowledge } from './footerKnowledge';
import { readCategoryPages, readFooterSettings } from './footerSite';
import { SiteRoots, isJekyllPost, walkFiles } from './postFiles';
import { PostFacts, SiteVocabulary, addPostToVocabulary, emptyVocabulary, removePostFromVocabulary } from './vocabulary';
import { Site, pathUnder } from './site';
import { currentCatalog } from './l10n';

/** Counts of a run, for --stats and tests. */
export interface CacheStats {
  /** Posts whose stored findings were used. */
  reused: number;
  /** Posts read for their facts. */
  factsRead: number;
  /** Posts checked (read and judged). */
  checked: number;
  /** Sites not walked (their vocabulary came from the index). */
  sitesNotWalked: number;
  /** Index files read. */
  indexFilesRead: number;
  /** Sites whose site map findings were reused. */
  siteMapsReused: number;
}

interface SiteState {
  index: DiskIndex;
  /** The findings key of the run (the post-set key is added for posts whose Liquid may name others). */
  key: string;
  postSet: string;
  /** The findings key of posts whose Liquid may name other posts (the key and the set of posts). */
  postsKey: string;
  /** Posts whose entry was found to match the file in this run, with the file's mtime now. */
  verified: Map<string, number>;
}

/** Files (relative path -> content, or size and mtime when big) that decide how the site's posts are judged. */
function siteFiles(site: Site): string {
  const root = site.root;
  const parts: unknown[] = [];
  let count = 0;
  const add = (rel: string) => {
    if (count++ > 5000) return;
    const p = path.join(root, rel);
    try {
      const st = fs.statSync(p);
      if (!st.isFile()) return;
      parts.push([rel, st.size <= 1024 * 1024 ? contentHash(fs.readFileSync(p)) : `${st.size}:${st.mtimeMs}`]);
    } catch { /* absent */ }
  };
  const addTree = (rel: string, depth = 0) => {
    let names: fs.Dirent[];
    try { names = fs.readdirSync(path.join(root, rel), { withFileTypes: true }); } catch { return; }
    for (const d of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) { if (depth < 6) addTree(r, depth + 1); } else add(r);
    }
  };
  for (const f of ['_config.yml', 'Gemfile', 'Gemfile.lock', 'CNAME', '.vscode/settings.json']) add(f);
  const raw = site.config.raw ?? {};
  // (the category pages and the footer settings count through the knowledge)
  const dirs = new Set(['.github/workflows', '_layouts', site.config.includesDir ?? '_includes', site.config.pluginsDir, typeof raw.data_dir === 'string' ? raw.data_dir : '_data']);
  for (const d of dirs) addTree(d.replace(/^\/+|\/+$/g, ''));
  return stableHash(parts);
}

/** The options that change what the builder does with a post (FileCheckOptions.outcome; `now` only by its fate: see storeOutcomes). */
function outcomeOptionsKey(o: FileCheckOptions): unknown {
  return { builder: o.builder ?? 'auto', builderFrom: o.builderFrom ?? null, defaultTimezone: o.defaultTimezone ?? null, language: currentCatalog() ?? null };
}

/** The options that change findings (not the knowledge, not the hash request). */
function optionsKey(o: FileCheckOptions): unknown {
  return {
    disabled: [...(o.disabled ?? [])].sort(), severity: o.severity ?? {}, maxBodyLength: o.maxBodyLength ?? null,
    builder: o.builder ?? 'auto', builderFrom: o.builderFrom ?? null, fixes: !!o.fixes, now: o.now ?? null, facts: !!o.facts,
    // the messages are in the display language
    language: currentCatalog() ?? null,
  };
}

/**
 * The summary of a reused post whose stored summary cannot be read (another run replaced it, or the index was
 * edited by hand): its counts and codes, nothing the site map could use (the post drops out of it until it is
 * checked again).
 */
function lostSummary(findings: FileFinding[]): PostCore {
  const n = (sev: string) => findings.filter(f => f.severity === sev).length;
  return { fate: 'built', frontMatter: 'read', errors: n('error'), warnings: n('warning'), infos: n('info'), codes: [...new Set(findings.map(f => f.code))] };
}

/**
 * The mtime to keep for a file read now: 0 (never equal: the next run compares the content hash) when it is so recent
 * that a change within the same clock tick could follow unseen (git's "racily clean" entries).
 */
const keptMtime = (mtimeMs: number) => (Date.now() - mtimeMs < 2000 ? 0 : mtimeMs);

/** The index key of a file: its path relative to the site root, `/`-separated. */
const relOf = pathUnder;

export class CheckCache {
  readonly stats: CacheStats = { reused: 0, factsRead: 0, checked: 0, sitesNotWalked: 0, indexFilesRead: 0, siteMapsReused: 0 };
  private readonly sites = new Map<string, SiteState>();

  /**
   * @param engine diskIndex.engineKey() of the checker
   * @param cacheDir `--cache-dir` (else each site's `.jekyll-cache/newspost/`)
   * @param write false: read the index, never write it (--fix-dry-run)
   * @param mode what the run reuses and keeps: each post's findings and summary (`newspost check`), or what the
   *   builder does with it (`newspost list`, with FileCheckOptions.outcome)
   */
  constructor(private readonly engine: string, private readonly cacheDir: string | undefined, private readonly write: boolean, private readonly mode: 'findings' | 'outcomes' = 'findings') {}

  /**
   * Prepares every site of the files: verifies the index against the files (reading only what changed, in the
   * pool) and returns each site's footer knowledge when `withKnowledge`.
   * @param walked sites whose every post is among the files; dirs: the folders the walk listed, with their mtimes
   */
  async prepare(pool: CheckPool, fallback: CheckPool, files: string[], roots: SiteRoots, walked: Set<string>, dirs: Map<string, number>,
    options: FileCheckOptions, withKnowledge: boolean, limit: number, inBatches: <T, R>(items: T[], size: number, limit: number, work: (b: T[]) => Promise<R>, done: (r: R) => void) => Promise<void>, batch: number, keep: number): Promise<Record<string, FooterKnowledge>> {
    const bySite = new Map<string, string[]>();
    for (const f of files) {
      const r = roots.rootOf(f);
      if (!r) continue;
      let list = bySite.get(r);
      if (!list) bySite.set(r, (list = []));
      list.push(f);
    }
    const knowledge: Record<string, FooterKnowledge> = {};
    for (const [root, mine] of bySite) {
      const index = new DiskIndex(root, this.engine, this.cacheDir);
      const meta = index.getMeta();
      const verified = new Map<string, number>();
      const whole = walked.has(root);
      // a partial run on a site whose folders did not change since the last full walk: no walk of the site
      const fast = !whole && !!meta.dirs && !!meta.vocabulary && !!meta.postSet && Object.entries(meta.dirs).every(([d, m]) => {
        try { return fs.statSync(path.join(root, d)).mtimeMs === m; } catch { return false; }
      });
      let posts: string[];
      let siteDirs: Record<string, number> | undefined;
      if (fast) {
        this.stats.sitesNotWalked++;
        posts = mine;
      } else if (whole) {
        posts = mine;
        siteDirs = {};
        for (const [d, m] of dirs) if (d === root || d.startsWith(root + path.sep)) siteDirs[relOf(root, d)] = m;
      } else {
        siteDirs = {};
        const seen = siteDirs;
        posts = [...walkFiles(root, f => roots.rootOf(f) === root && isJekyllPost(f, roots), d => {
          try { seen[relOf(root, d)] = fs.statSync(d).mtimeMs; } catch { /* gone */ }
        })];
      }
      const rels = posts.map(f => relOf(root, f));
      // stat: unchanged posts are not read
      const toRead: string[] = [];
      const old = new Map<string, IndexEntry | undefined>();
      for (let i = 0; i < posts.length; i++) {
        const e = index.get(rels[i]);
        let st: fs.Stats | undefined;
        try { st = fs.statSync(posts[i]); } catch { /* unreadable: read (and reported) below */ }
        if (e && st && e.size === st.size && e.mtimeMs === st.mtimeMs && (e.f || !withKnowledge)) verified.set(rels[i], st.mtimeMs);
        else {
          toRead.push(posts[i]);
          old.set(rels[i], e);
        }
      }
      // changed posts: read for their facts (in the pool, kept for their check), or their hash alone
      let changedFacts = false;
      // the facts the index held of posts whose facts were read again
      const oldFacts = new Map<string, PostFacts | undefined>();
      const took = (found: FileFacts[]) => {
        for (const f of found) {
          const rel = relOf(root, f.file);
          const e = old.get(rel);
          if (e && f.hash && e.hash === f.hash && f.mtimeMs && (e.f || !withKnowledge)) {
            // same content, new mtime (a checkout): the entry holds
            e.size = f.size;
            e.mtimeMs = keptMtime(f.mtimeMs);
            index.touch(rel);
            verified.set(rel, f.mtimeMs);
            continue;
          }
          // (new content with the same facts leaves the vocabulary as it is)
          const before = e?.f ? index.facts(rel) : undefined;
          oldFacts.set(rel, before);
          if (!(e?.f && JSON.stringify(before ?? null) === JSON.stringify(f.facts ?? null))) changedFacts = true;
          if (!f.mtimeMs) { index.delete(rel); continue; } // unreadable: nothing to keep
          const fresh: IndexEntry = { size: f.size, mtimeMs: keptMtime(f.mtimeMs), ...(f.hash ? { hash: f.hash } : {}), ...(withKnowledge ? { f: 1 as const } : {}) };
          if (e && f.hash && e.hash === f.hash) {
            // the same content, its facts read for the first time (`newspost list` does not read them): the rest holds
            index.set(rel, { ...e, ...fresh }, { facts: f.facts, post: KEEP, outcome: KEEP });
            verified.set(rel, f.mtimeMs);
          } else index.set(rel, fresh, { facts: f.facts });
        }
      };
      if (withKnowledge) {
        let k = 0;
        await inBatches(toRead, batch, limit, b => { const slot = k++; return pool.facts(b, keep, slot).catch(() => fallback.facts(b)); }, took);
        this.stats.factsRead += toRead.length;
      } else {
        // only the hashes (the check reads the changed posts anyway; an equal hash spares it)
        took(toRead.map(file => {
          try {
            const bytes = fs.readFileSync(file);
            const st = fs.statSync(file);
            return { file, siteRoot: root, size: st.size, mtimeMs: st.mtimeMs, hash: contentHash(bytes) };
          } catch {
            return { file, siteRoot: root, size: 0, mtimeMs: 0 };
          }
        }));
      }
      // the set of posts, and the entries of posts gone (a whole-site run knows them all)
      const postSet = fast ? meta.postSet! : stableHash([...rels].sort());
      if (!fast) {
        const here = new Set(rels);
        for (const p of index.paths()) if (!here.has(p)) { index.delete(p); changedFacts = true; }
      }
      // the vocabulary: stored, corrected or summed again
      let vocabulary: SiteVocabulary | undefined;
      let vocabularyHash = meta.vocabularyHash;
      let metaChanged = !fast && (postSet !== meta.postSet || rels.length !== meta.posts || stableHash(siteDirs) !== stableHash(meta.dirs ?? null));
      if (withKnowledge) {
        const stored = meta.vocabulary ? fromJsonable(meta.vocabulary) as SiteVocabulary : undefined;
        if (stored && vocabularyHash && postSet === meta.postSet && !changedFacts) vocabulary = stored;
        else if (stored && fast) {
          vocabulary = stored;
          for (const [rel, e] of old) {
            const before = oldFacts.has(rel) ? oldFacts.get(rel) : e?.f ? index.facts(rel) : undefined;
            if (before) removePostFromVocabulary(vocabulary, before);
            else if (e?.f) vocabulary.posts = Math.max(0, vocabulary.posts - 1);
            const now = index.get(rel);
            const facts = now?.f ? index.facts(rel) : undefined;
            if (facts) addPostToVocabulary(vocabulary, facts);
            else if (now?.f) vocabulary.posts++;
          }
        } else {
          vocabulary = emptyVocabulary();
          for (const rel of rels) {
            const facts = index.get(rel)?.f ? index.facts(rel) : undefined;
            if (facts) addPostToVocabulary(vocabulary, facts);
          }
        }
        if (vocabulary !== stored) {
          vocabularyHash = stableHash(vocabulary);
          metaChanged = true;
        }
        knowledge[root] = { vocabulary, categoryPages: readCategoryPages(root), settings: readFooterSettings(root) };
      } else if (meta.vocabulary && (toRead.length || postSet !== meta.postSet)) {
        // posts changed and their facts were not read: the stored vocabulary no longer holds
        vocabularyHash = undefined;
        metaChanged = true;
      }
      if (metaChanged) {
        const next: IndexMeta = { ...meta, postSet, posts: fast ? meta.posts : rels.length };
        if (siteDirs) next.dirs = siteDirs;
        if (vocabulary) {
          next.vocabulary = toJsonable(vocabulary);
          next.vocabularyHash = vocabularyHash;
        } else if (!vocabularyHash) {
          delete next.vocabulary;
          delete next.vocabularyHash;
        }
        index.setMeta(next);
      }
      const site = roots.site(root);
      // (the knowledge by its parts: the vocabulary's hash is kept with it)
      const k = knowledge[root];
      const knowledgeKey = k ? stableHash({ ...k, vocabulary: vocabularyHash }) : '-';
      const key = this.mode === 'findings'
        ? stableHash([this.engine, optionsKey(options), site ? siteFiles(site) : '', knowledgeKey])
        : stableHash(['outcomes', this.engine, outcomeOptionsKey(options), site ? siteFiles(site) : '']);
      this.sites.set(root, { index, key, postSet, postsKey: stableHash([key, postSet]), verified });
    }
    return knowledge;
  }

  private stateOf(file: string, roots: SiteRoots): [SiteState, string] | undefined {
    const root = roots.rootOf(file);
    const s = root ? this.sites.get(root) : undefined;
    return s && root ? [s, relOf(root, file)] : undefined;
  }

  /**
   * The stored report of an unchanged post whose findings (or, for `newspost list`, whose outcome) were computed
   * under this run's key; else undefined.
   */
  lookup(file: string, roots: SiteRoots): FileReport | undefined {
    const at = this.stateOf(file, roots);
    if (!at) return undefined;
    const [s, rel] = at;
    const mtimeMs = s.verified.get(rel);
    if (mtimeMs === undefined) return undefined;
    const e = s.index.get(rel);
    if (this.mode === 'outcomes') {
      const jekyll = e?.o && (e.o === s.key || e.o === s.postsKey) ? s.index.outcome(rel) : undefined;
      if (!jekyll) return undefined;
      this.stats.reused++;
      const post: PostCore = { fate: jekyll.fate, frontMatter: jekyll.frontMatter, title: jekyll.title, date: jekyll.date, url: jekyll.url, errors: 0, warnings: 0, infos: 0, codes: [] };
      return { file, siteRoot: s.index.root, size: e!.size, mtimeMs, findings: [], post, jekyll };
    }
    if (!e?.findings || !e.p || (e.k !== s.key && e.k !== s.postsKey)) return undefined;
    this.stats.reused++;
    const report = { file, siteRoot: s.index.root, size: e.size, mtimeMs, findings: e.findings, summaryId: `${e.hash}:${e.k}` } as FileReport;
    // the summary is read from the index when first asked for (the site map's findings are often reused whole)
    const index = s.index;
    Object.defineProperty(report, 'post', { enumerable: true, configurable: true, get: () => index.post(rel) ?? lostSummary(e.findings!) });
    return report;
  }

  /**
   * The site map's findings of a site checked whole (`compute` makes them from the site's page files): the stored
   * ones when nothing they depend on changed, else computed and stored. They depend on the run's key (engine,
   * options, the site's files, its knowledge), the map's options, every post's summary (named by their summaryId, or
   * taken whole when they are not stored) and the page files (paths, sizes, mtimes).
   */
  siteMap(site: Site, reports: MapPost[], mapOptions: unknown, compute: (pages: PageFile[]) => SiteFinding[]): SiteFinding[] {
    const s = this.sites.get(site.root);
    const pages = listPageFiles(site);
    if (!s) return compute(pages);
    const root = site.root;
    const key = digest((function* () {
      yield s.key;
      yield stableHash(mapOptions ?? null);
      for (const r of reports) yield `${relOf(root, r.file)}\0${r.summaryId ?? JSON.stringify(r.post)}`;
      yield '';
      for (const p of pages) yield `${p.rel}\0${p.size}\0${p.mtimeMs}`;
    })());
    const stored = s.index.getSiteMap();
    if (stored?.key === key) {
      this.stats.siteMapsReused++;
      return stored.findings;
    }
    const found = compute(pages);
    // (not kept when a summary could not be read: see DiskIndex.lost)
    if (!s.index.lost) s.index.setSiteMap({ key, findings: found });
    return found;
  }

  /** Keeps fresh reports in the index (those whose findings, or outcomes, may be reused later). */
  store(reports: FileReport[], roots: SiteRoots): void {
    this.stats.checked += reports.length;
    if (this.mode === 'outcomes') return this.storeOutcomes(reports, roots);
    for (const r of reports) {
      const at = this.stateOf(r.file, roots);
      if (!at || r.missing || !r.hash || !r.mtimeMs) continue;
      const [s, rel] = at;
      let e = s.index.get(rel);
      const keep = r.deps !== 'files' && r.post.fate !== 'future';
      // (a post always checked again, unchanged: its entry stays as it is, its shard is not written again)
      if (!keep && e && e.hash === r.hash && e.size === r.size && e.mtimeMs === keptMtime(r.mtimeMs) && e.k === undefined) continue;
      const same = !!e && e.hash === r.hash && e.size === r.size;
      // (changed since its facts were read: they are not known any more)
      if (!e || !same) e = { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash };
      const next: IndexEntry = { ...e, mtimeMs: keptMtime(r.mtimeMs) };
      delete next.k; delete next.findings;
      if (keep) {
        next.k = r.deps === 'posts' ? s.postsKey : s.key;
        next.findings = r.findings;
        r.summaryId = `${r.hash}:${next.k}`;
      }
      s.index.set(rel, next, { facts: same ? KEEP : undefined, post: keep ? r.post : undefined, outcome: same ? KEEP : undefined });
    }
  }

  /**
   * `newspost list`'s reports: the outcome kept beside the post's findings (neither undoes the other), unless it
   * will not hold (a post dated in the future or by the build's time, one whose Liquid reads other files).
   */
  private storeOutcomes(reports: FileReport[], roots: SiteRoots): void {
    for (const r of reports) {
      const at = this.stateOf(r.file, roots);
      if (!at || r.missing || !r.hash || !r.mtimeMs || !r.jekyll) continue;
      const [s, rel] = at;
      let e = s.index.get(rel);
      const keep = r.deps !== 'files' && r.jekyll.fate !== 'future' && r.jekyll.date !== 'build-time';
      if (!keep && e && e.hash === r.hash && e.size === r.size && e.mtimeMs === keptMtime(r.mtimeMs) && e.o === undefined) continue;
      // (changed since it was indexed: nothing else stored of it holds)
      const same = !!e && e.hash === r.hash && e.size === r.size;
      if (!e || !same) e = { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash };
      const next: IndexEntry = { ...e, mtimeMs: keptMtime(r.mtimeMs) };
      if (keep) next.o = r.deps === 'posts' ? s.postsKey : s.key;
      else delete next.o;
      s.index.set(rel, next, { facts: same ? KEEP : undefined, post: same ? KEEP : undefined, outcome: keep ? r.jekyll : undefined });
    }
  }

  /** Writes the indexes (unless read-only); quietly does nothing where they cannot be written. */
  save(): void {
    this.stats.indexFilesRead = 0;
    for (const s of this.sites.values()) {
      if (this.write) s.index.save();
      this.stats.indexFilesRead += s.index.filesRead;
    }
  }
}
