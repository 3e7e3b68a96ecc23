// `newspost check --fix` / `--fix-dry-run`: the safe quick fixes of findings applied to the files, or shown as a
// unified diff. Safe: the fix the editor offers first (preferred) when it is text edits only (renames are left to
// the user). Fixes of different findings that overlap are not applied together: the non-overlapping ones are,
// the post is checked again and the rest tried on the new text, for a bounded number of passes. Each file is
// written at once (a temporary file in its folder, then renamed over it); only the edited spans change, so line
// ends (CRLF) and a byte-order mark stay as they were.
import * as fs from 'fs';
import * as path from 'path';
import { FileFinding, FindingFix } from '../core/checkFile';

/** The fix `--fix` applies for a finding: its preferred fix, when that is text edits only. */
export function safeFix(f: FileFinding): FindingFix | undefined {
  const p = f.fixes?.find(x => x.preferred);
  return p && !p.renameTo && p.edits.length > 0 ? p : undefined;
}

/** Offsets of the line starts, the line breaks being \n, \r\n and a lone \r (as the findings count lines). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The UTF-16 offset of a 1-based line and column; undefined when the position is not in the text. */
export function offsetAt(starts: number[], textLength: number, line: number, column: number): number | undefined {
  if (line < 1 || line > starts.length || column < 1) return undefined;
  const o = starts[line - 1] + column - 1;
  const lineEnd = line < starts.length ? starts[line] : textLength;
  return o <= lineEnd ? o : undefined;
}

export interface Applied {
  text: string;
  /** The findings whose fixes went in (the others overlapped one of them or did not fit the text). */
  applied: FileFinding[];
  deferred: FileFinding[];
}

/**
 * Applies the safe fixes of the findings that do not overlap one another (a fix is all its edits or nothing; the
 * first finding wins; touching spans count as overlapping, since the order of two edits at one point is not
 * defined). The rest are deferred to the next pass, on the new text.
 */
export function applySafeFixes(text: string, findings: FileFinding[]): Applied {
  const starts = lineStarts(text);
  const taken: Array<[number, number]> = [];
  const edits: Array<{ start: number; end: number; newText: string }> = [];
  const applied: FileFinding[] = [];
  const deferred: FileFinding[] = [];
  for (const f of findings) {
    const fix = safeFix(f);
    if (!fix) continue;
    const spans: Array<{ start: number; end: number; newText: string }> = [];
    let fits = true;
    for (const e of fix.edits) {
      const start = offsetAt(starts, text.length, e.line, e.column);
      const end = offsetAt(starts, text.length, e.endLine, e.endColumn);
      if (start === undefined || end === undefined || end < start) { fits = false; break; }
      spans.push({ start, end, newText: e.newText });
    }
    const clash = (a: { start: number; end: number }, b: [number, number]) => a.start <= b[1] && b[0] <= a.end;
    const selfClash = spans.some((a, i) => spans.some((b, j) => j > i && clash(a, [b.start, b.end])));
    if (!fits || selfClash || spans.some(s => taken.some(t => clash(s, t)))) {
      deferred.push(f);
      continue;
    }
    for (const s of spans) taken.push([s.start, s.end]);
    edits.push(...spans);
    applied.push(f);
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied, deferred };
}

/** Passes of fix, check again, fix the rest: at most this many. */
export const MAX_PASSES = 8;

/**
 * Fixes one post's text: applies its safe fixes, asks `recheck` for the findings of the new text, and again,
 * until nothing safe is left to fix or MAX_PASSES. Returns the final text, the fixes applied (by finding) and the
 * findings of the final text.
 */
export function fixText(text: string, findings: FileFinding[], recheck: (text: string) => FileFinding[]): { text: string; fixed: FileFinding[]; findings: FileFinding[] } {
  const fixed: FileFinding[] = [];
  let current = text;
  let left = findings;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const r = applySafeFixes(current, left);
    if (!r.applied.length || r.text === current) break;
    fixed.push(...r.applied);
    current = r.text;
    left = recheck(current);
  }
  return { text: current, fixed, findings: left };
}

/** Temporary files being written (removed if the run is interrupted). */
export const pendingTemps = new Set<string>();

/**
 * Replaces a file's content at once: a temporary file in the same folder (same permissions), renamed over it. A
 * symbolic link is followed (its target is replaced, the link kept). Throws when it cannot.
 */
export function writeAtomic(file: string, data: Buffer): void {
  const target = fs.realpathSync(file);
  const st = fs.statSync(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.newspost-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  pendingTemps.add(tmp);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: st.mode & 0o7777 });
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    pendingTemps.delete(tmp);
  }
}

/** Lines with their line break kept. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  const re = /\r\n|\n|\r/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(last, m.index + m[0].length));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The edit script of two line lists (Myers' O(ND) algorithm): for each line of a and b, whether it is kept. */
function diffLines(a: string[], b: string[]): Array<{ op: ' ' | '-' | '+'; line: string }> {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Array<Map<number, number>> = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1)) ? v.get(k + 1) ?? 0 : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v.set(k, x);
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  // walk back through the saved frontiers
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1)) ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: ' ', line: a[--x] }), y--;
    if (d > 0) {
      if (x === prevX) ops.push({ op: '+', line: b[--y] });
      else ops.push({ op: '-', line: a[--x] });
    }
  }
  return ops.reverse();
}

/**
 * A unified diff (git's form: `--- a/…`, `+++ b/…`, 3 lines of context) from one text to another; '' when they
 * are equal. Lines are written with their own line breaks (a CRLF file's lines end in CRLF, as `diff -u` and
 * `git apply` expect); a last line without one is marked `\ No newline at end of file`.
 */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const out: string[] = [`--- a/${name}\n`, `+++ b/${name}\n`];
  const changed = ops.map((o, i) => (o.op !== ' ' ? i : -1)).filter(i => i >= 0);
  let i = 0;
  while (i < changed.length) {
    // a hunk: changes closer than 2 × context lines share one
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * context) j++;
    const from = Math.max(0, changed[i] - context);
    const to = Math.min(ops.length, changed[j] + context + 1);
    let aStart = 0;
    let bStart = 0;
    for (let k = 0; k < from; k++) {
      if (ops[k].op !== '+') aStart++;
      if (ops[k].op !== '-') bStart++;
    }
    const body = ops.slice(from, to);
    const aLen = body.filter(o => o.op !== '+').length;
    const bLen = body.filter(o => o.op !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@\n`);
    for (const o of body) {
      out.push(o.op + o.line);
      if (!/[\r\n]$/.test(o.line)) out.push('\n\\ No newline at end of file\n');
    }
    i = j + 1;
  }
  return out.join('');
}
