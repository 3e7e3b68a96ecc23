/**
 * One post file in, its findings and a small summary out: what `newspost check` and the editor's workspace scan
 * do per file, on the main thread or in a worker (src/checkWorker.ts). Never throws: a file that cannot be read,
 * or one the checker fails on, is a finding of its own, so one bad file never stops a run over a whole site.
 */
import * as fs from 'fs';
// (crypto is required when first used: not at the editor's activation, docs/packaging.md)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const createHash = (algorithm: string) => (require('crypto') as typeof import('crypto')).createHash(algorithm);
import { checkPost, CheckOptions, DEFAULT_MAX_BODY } from './check';
import { postLinksOf } from './siteMap';
import { Site } from './site';
import { decodePost } from './files';
import { JekyllOutcome, Severity } from './types';
import { postFactsOf, PostFacts } from './vocabulary';
import { FooterKnowledge } from './footerKnowledge';
import { relativeToSite } from './check';
import { PostCore, summarizeCheck } from './postIndex';
import { t } from './l10n';

/** A problem at 1-based line/column positions (columns in UTF-16 code units, as VS Code counts). */
export interface FileFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** The finding's quick fixes (only when asked for with FileCheckOptions.fixes; then always, [] for none). */
  fixes?: FindingFix[];
}

/** A text edit at 1-based positions (end exclusive, columns in UTF-16 code units), as ESLint's JSON gives them. */
export interface FindingEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/** A quick fix of a finding: text edits and/or a new base name for the file. */
export interface FindingFix {
  title: string;
  edits: FindingEdit[];
  renameTo?: string;
  /** The fix the editor offers first (and the one `newspost check --fix` applies). */
  preferred: boolean;
}

export interface FileReport {
  file: string;
  /** The site's root folder ('' when the post is outside any site); set by the caller that knows it. */
  siteRoot?: string;
  /** Size and modification time when read (0 when the file could not be read). */
  size: number;
  mtimeMs: number;
  findings: FileFinding[];
  post: PostCore;
  /** What the post adds to its site's vocabulary (when asked for). */
  facts?: PostFacts;
  /** The file does not exist (any more). */
  missing?: true;
  /** What the builder does with the post (when asked for: `outcome`). */
  jekyll?: JekyllOutcome;
  /** The content hash of the bytes read (when asked for with FileCheckOptions.hash; not for a file read only in part). */
  hash?: string;
  /**
   * What else than the post, its site's files and knowledge its findings depend on (with FileCheckOptions.hash):
   * `posts`, its Liquid may name other posts (post_url, site.posts); `files`, any file of the site
   * (include_relative, link). The persistent index keys or skips its findings accordingly.
   */
  deps?: 'posts' | 'files';
  /**
   * The name of the post's summary in the persistent index, on a report read from it or stored in it: its content
   * hash and findings key (checkCache.ts). Equal names, equal summaries.
   */
  summaryId?: string;
}

/** The content hash the persistent index keys posts by (SHA-1, base64url). */
export function contentHash(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('base64url');
}

/** What a post's findings depend on beyond itself and its site's settings and knowledge (see FileReport.deps). */
export function depsOf(text: string): FileReport['deps'] {
  if (!text.includes('{%') && !text.includes('{{')) return undefined;
  return /\{%-?\s*(?:include_relative|link)\b/.test(text) ? 'files' : 'posts';
}

/** Options that cross to a worker (plain data). */
export interface FileCheckOptions {
  disabled?: string[];
  severity?: CheckOptions['severity'];
  /** Texts longer than this get only their front matter checked. */
  maxBodyLength?: number;
  /** "Now" for future dates (ms); tests pin it. */
  now?: number;
  /** Also compute the post's vocabulary facts (the editor's index wants them; the CLI does not). */
  facts?: boolean;
  /** Give each finding its quick fixes (`newspost check --format json`, `--fix`). */
  fixes?: boolean;
  /** Judge every site as this builder (`newsPost.builder`, `--builder`); `auto` or absent: each site's own. */
  builder?: CheckOptions['builder'];
  builderFrom?: CheckOptions['builderFrom'];
  /** Footer knowledge (vocabulary, category pages, settings) by site root; each post's own facts are left out of it. */
  footer?: Record<string, FooterKnowledge>;
  /** Also give the whole JekyllOutcome of each post (`newspost list`). */
  outcome?: boolean;
  /** The zone of a site whose _config.yml sets none (Jekyll then uses the machine's; `newspost list`). */
  defaultTimezone?: string;
  /** Give each report the content hash of the file and what its findings depend on (for the persistent index). */
  hash?: boolean;
}

/** Files larger than this are read only in part: their first HEAD_BYTES (the front matter is all that is checked). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
export const HEAD_BYTES = 1024 * 1024;

const EMPTY = Buffer.alloc(0);

/**
 * What the vocabulary needs of a post file, read once: its whole text when it is small (nearly always), else its
 * head and tail (the front matter and the footer); `whole` says which, with the file's size and mtime. Undefined
 * text for what is not UTF-8 text (binary, invalid, unreadable): it adds nothing to a vocabulary.
 */
export function readForFacts(file: string, wholeBelow = 256 * 1024, head = 64 * 1024, tail = 16 * 1024): { text?: string; whole: boolean; size: number; mtimeMs: number; hash?: string } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { whole: false, size: st.size, mtimeMs: st.mtimeMs };
    const read = (pos: number, len: number) => {
      const buf = Buffer.allocUnsafe(len);
      let n = 0;
      while (n < len) {
        const got = fs.readSync(fd!, buf, n, len - n, pos + n);
        if (got === 0) break;
        n += got;
      }
      return buf.subarray(0, n);
    };
    const whole = st.size <= wholeBelow;
    let bytes: Buffer;
    if (whole) bytes = read(0, st.size);
    else {
      // whole lines only, so no character is split
      const h = read(0, head);
      const t = read(st.size - tail, tail);
      bytes = Buffer.concat([h.subarray(0, h.lastIndexOf(10) + 1), t.subarray(t.indexOf(10) + 1)]);
    }
    const hash = whole ? contentHash(bytes) : undefined;
    if (bytes.includes(0)) return { whole, size: st.size, mtimeMs: st.mtimeMs, hash };
    const { text, invalidUtf8 } = decodePost(bytes);
    return { text: invalidUtf8 ? undefined : text, whole, size: st.size, mtimeMs: st.mtimeMs, hash };
  } catch {
    return { whole: false, size: 0, mtimeMs: 0 };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

interface Read {
  bytes: Buffer;
  size: number;
  mtimeMs: number;
  truncated: boolean;
}

/** One open, one fstat, one read: only the head of a huge file; a FIFO or a folder is refused without blocking. */
function readBytes(file: string): Read {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    const truncated = st.size > MAX_READ_BYTES;
    const want = truncated ? HEAD_BYTES : st.size;
    const buf = Buffer.allocUnsafe(want);
    let n = 0;
    while (n < want) {
      const got = fs.readSync(fd, buf, n, want - n, n);
      if (got === 0) break;
      n += got;
    }
    let bytes = buf.subarray(0, n);
    // cut a head at its last line break so no character is split
    if (truncated) bytes = bytes.subarray(0, bytes.lastIndexOf(10) + 1 || n);
    return { bytes, size: st.size, mtimeMs: st.mtimeMs, truncated };
  } finally {
    fs.closeSync(fd);
  }
}

/** 1-based line/column of sorted offsets, scanning the text once and only as far as the last one. */
function positions(text: string, offsets: number[]): Map<number, { line: number; column: number }> {
  const out = new Map<number, { line: number; column: number }>();
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  let line = 0;
  let lineStart = 0;
  let i = 0;
  for (const o of sorted) {
    const target = Math.max(0, Math.min(o, text.length));
    for (; i < target; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = i + 1;
      }
    }
    out.set(o, { line: line + 1, column: target - lineStart + 1 });
  }
  return out;
}

/** positions() for a text without CR: line breaks found with indexOf. */
function fastPositions(text: string, offsets: number[]): Map<number, { line: number; column: number }> {
  const out = new Map<number, { line: number; column: number }>();
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  for (const o of [...new Set(offsets)].sort((a, b) => a - b)) {
    while (next >= 0 && next < o) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    out.set(o, { line, column: o - lineStart + 1 });
  }
  return out;
}

const whole = (severity: Severity, code: string, message: string): FileFinding =>
  ({ line: 1, column: 1, endLine: 1, endColumn: 1, severity, code, message });

/**
 * A file that could not be read (Jekyll fails on it too) or that the checker failed on (its fate unknown: not
 * held). The finding obeys the disabled rules and severity settings like any other.
 */
function failed(file: string, size: number, mtimeMs: number, finding: FileFinding, options: FileCheckOptions): FileReport {
  const unread = finding.code === 'file-unreadable';
  const sev = options.severity?.[finding.code];
  const off = sev === 'off' || (options.disabled ?? []).includes(finding.code);
  const findings = off ? [] : [sev ? { ...finding, severity: sev } : finding];
  return {
    file, size, mtimeMs, findings,
    post: summarizeCheck(findings, unread ? { fate: 'skipped', frontMatter: 'none' } : { fate: 'built', frontMatter: 'read' }),
  };
}

/** A post's whole text, valid UTF-8, as read moments ago (by the vocabulary pass), with the file's size and mtime. */
export interface PreRead {
  text: string;
  size: number;
  mtimeMs: number;
  /** Its content hash, when known. */
  hash?: string;
}

/**
 * @param knownFacts the post's facts when the caller has them already (the vocabulary pass read them)
 * @param pre the post's text when the caller read it already (then the file is not read again)
 */
export function checkOneFile(file: string, site: Site | undefined, options: FileCheckOptions = {}, knownFacts?: PostFacts, pre?: PreRead): FileReport {
  let read: Read;
  try {
    read = pre ? { bytes: EMPTY, size: pre.size, mtimeMs: pre.mtimeMs, truncated: false } : readBytes(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const r = failed(file, 0, 0, whole('error', 'file-unreadable', t('Cannot read this file ({0}): {1}. Jekyll fails on a post it cannot read.', err.code ?? 'error', err.message.replace(/^[A-Z]+: /, ''))), options);
    if (err.code === 'ENOENT') r.missing = true;
    return r;
  }
  try {
    const { text, invalidUtf8 } = pre ? { text: pre.text, invalidUtf8: false } : decodePost(read.bytes);
    const knowledge = site ? options.footer?.[site.root] : undefined;
    // the post's own facts: what the index counts, and what its site's knowledge must leave out when judging it
    const facts = (knowledge || options.facts) && !invalidUtf8 ? knownFacts ?? postFactsOf(text, site ? relativeToSite(file, site) : undefined) : undefined;
    if (site && options.defaultTimezone && !site.config.timezone) site = { ...site, config: { ...site.config, timezone: options.defaultTimezone } };
    const result = checkPost({ text, path: file, site, invalidUtf8, mtimeMs: read.mtimeMs }, {
      disabled: options.disabled, severity: options.severity, now: options.now, builder: options.builder, builderFrom: options.builderFrom,
      maxBodyLength: read.truncated ? 0 : options.maxBodyLength,
      footer: knowledge ? { ...knowledge, self: facts } : undefined,
    });
    const diags = result.diagnostics;
    if (read.truncated) {
      for (const d of diags) {
        if (d.code === 'file-too-large') d.message = t('This post is {0} MB: only its first {1} MB were read and only its front matter was checked.', (read.size / 1048576).toFixed(1), HEAD_BYTES / 1048576);
      }
    }
    const withFixes = !!options.fixes && !read.truncated;
    // the links inside the site and the share link's story id, for the site map (not of a post read only in part)
    const links = site && !read.truncated && text.length <= (options.maxBodyLength ?? DEFAULT_MAX_BODY) ? postLinksOf(text, site) : undefined;
    const pos = positions(text, diags.flatMap(d => [d.start, d.end, ...(withFixes ? (d.fixes ?? []).flatMap(f => f.edits.flatMap(x => [x.start, x.end])) : [])]));
    // the links' positions by a line-break search (most posts have links near their end: no scan char by char)
    const linkPos = links?.links.length ? (text.includes('\r') ? positions(text, links.links.flatMap(l => [l.start, l.end])) : fastPositions(text, links.links.flatMap(l => [l.start, l.end]))) : undefined;
    const findings = diags.map(d => {
      const s = pos.get(d.start)!;
      const e = pos.get(d.end)!;
      const finding: FileFinding = { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity: d.severity, code: d.code, message: d.message };
      if (options.fixes) {
        // (a post read only in part gets none: its edits would be against a text that is not the file's)
        finding.fixes = withFixes ? (d.fixes ?? []).map(f => ({
          title: f.title,
          edits: f.edits.map(x => {
            const a = pos.get(x.start)!;
            const b = pos.get(x.end)!;
            return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, newText: x.newText };
          }),
          ...(f.renameTo ? { renameTo: f.renameTo } : {}),
          preferred: !!f.preferred,
        })) : [];
      }
      return finding;
    });
    const report: FileReport = { file, size: read.size, mtimeMs: read.mtimeMs, findings, post: summarizeCheck(diags, result.jekyll) };
    if (links?.sourceId) report.post.sourceId = links.sourceId;
    if (links?.links.length) {
      report.post.links = links.links.map(l => {
        const a = linkPos!.get(l.start)!;
        const b = linkPos!.get(l.end)!;
        return { kind: l.kind, target: l.target, ...(l.written !== undefined ? { written: l.written } : {}), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
      });
    }
    if (options.facts && facts) report.facts = facts;
    if (options.outcome) report.jekyll = result.jekyll;
    if (options.hash && !read.truncated) {
      const hash = pre ? pre.hash : contentHash(read.bytes);
      if (hash) report.hash = hash;
      const deps = depsOf(text);
      if (deps) report.deps = deps;
    }
    return report;
  } catch (e) {
    return failed(file, read.size, read.mtimeMs, whole('warning', 'internal-error', t('The checker failed on this file: {0}. Please report it.', (e as Error).message)), options);
  }
}
