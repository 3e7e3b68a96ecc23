/**
 * "Strip Ad Markup in This Post": the strip rules applied to the post's source as offset-range edits.
 * The body is parsed as it is written (parseHtml: offsets are source offsets); Markdown that is not HTML
 * (code blocks and spans, autolinks like `<http://…>`, escaped `\<`) is masked with spaces first so the
 * parser never reads it as markup. Only the stripped ranges change: a removed element or marker block goes
 * whole, an unwrapped one loses its open and close tags; a line left blank by a removal goes with its line
 * break. The front matter and everything else stay byte-identical.
 */
import MarkdownIt from 'markdown-it';
import { parseHtml, HElement, HGroup } from './htmlTree';
import { planStrip, RuleCount, StripRule, BUILTIN_RULES, summarize } from './stripRules';
import { bodyRange, BodyKind } from './render';
import { TextEdit } from './types';

const md = new MarkdownIt({ html: true });

export interface SourceStrip {
  /** Non-overlapping deletions, in document order. */
  edits: TextEdit[];
  counts: RuleCount[];
  total: number;
  summary: string;
}

/** Start offsets of each line of a text (\n, \r\n and a lone \r end lines, as markdown-it counts them). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

const AUTOLINK = /<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>|<>/g;

// markdown-it's own inline HTML grammar (lib/common/html_re): a `<` that does not start one of these is text
const OPEN_TAG = '<[A-Za-z][A-Za-z0-9\\-]*(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*(?:[^"\'=<>`\\x00-\\x20]+|\'[^\']*\'|"[^"]*"))?)*\\s*\\/?>';
const CLOSE_TAG = '<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>';
const INLINE_HTML = new RegExp(`${OPEN_TAG}|${CLOSE_TAG}|<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->|<[?][\\s\\S]*?[?]>|<![A-Za-z][^>]*>|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>`, 'y');

/**
 * Blanks out (same length, line breaks kept) the parts of a Markdown body that markdown-it does not read as
 * HTML: fenced and indented code, code spans, autolinks, escaped `\<`, and any `<` in a paragraph that does
 * not start an inline HTML tag, comment or declaration by markdown-it's grammar.
 */
export function maskMarkdown(body: string): string {
  const starts = lineStarts(body);
  const lineAt = (l: number) => (l < starts.length ? starts[l] : body.length);
  const masks: Array<[number, number]> = [];
  const tokens = md.parse(body, {});
  for (const t of tokens) {
    if (!t.map) continue;
    const s = lineAt(t.map[0]);
    const e = lineAt(t.map[1]);
    if (t.type === 'fence' || t.type === 'code_block') masks.push([s, e]);
    else if (t.type === 'inline') {
      const seg = body.slice(s, e);
      if (!/[<`\\]/.test(seg)) continue;
      // code spans (a run of n backticks up to the next run of exactly n), autolinks and escaped `<`
      const spans: Array<[number, number]> = [];
      const special = /[\\`]/g;
      for (let m = special.exec(seg); m; m = special.exec(seg)) {
        const i = m.index;
        if (seg[i] === '\\') {
          if (seg[i + 1] === '<') spans.push([i, i + 2]);
          special.lastIndex = i + 2;
          continue;
        }
        let n = 0;
        while (seg[i + n] === '`') n++;
        let j = i + n;
        let close = -1;
        while (j < seg.length) {
          const k = seg.indexOf('`', j);
          if (k < 0) break;
          let q = 0;
          while (seg[k + q] === '`') q++;
          if (q === n) { close = k; break; }
          j = k + q;
        }
        if (close < 0) { special.lastIndex = i + n; continue; }
        spans.push([i, close + n]);
        special.lastIndex = close + n;
      }
      let m: RegExpExecArray | null;
      AUTOLINK.lastIndex = 0;
      while ((m = AUTOLINK.exec(seg))) spans.push([m.index, m.index + m[0].length]);
      spans.sort((x, y) => x[0] - y[0]);
      for (const [x, y] of spans) masks.push([s + x, s + y]);
      // stray `<` outside those spans
      let k = 0;
      for (let i = seg.indexOf('<'); i >= 0; i = seg.indexOf('<', i + 1)) {
        while (k < spans.length && spans[k][1] <= i) k++;
        if (k < spans.length && spans[k][0] <= i) continue;
        INLINE_HTML.lastIndex = i;
        const h = INLINE_HTML.exec(seg);
        if (h) i += h[0].length - 1;
        else masks.push([s + i, s + i + 1]);
      }
    }
  }
  if (!masks.length) return body;
  masks.sort((x, y) => x[0] - y[0]);
  let out = '';
  let pos = 0;
  for (const [x, y] of masks) {
    const from = Math.max(x, pos);
    if (y <= from) continue;
    out += body.slice(pos, from) + body.slice(from, y).replace(/[^\r\n]/g, ' ');
    pos = y;
  }
  return out + body.slice(pos);
}

/** Merges deletions, and widens those that leave a line blank to take the whole line and its break. */
function tidy(text: string, ranges: Array<[number, number]>, lo: number): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else if (r[1] > r[0]) merged.push([r[0], r[1]]);
  }
  const hasCR = text.includes('\r');
  const lineStartOf = (i: number) => {
    let k = text.lastIndexOf('\n', i - 1);
    if (hasCR) k = Math.max(k, text.lastIndexOf('\r', i - 1));
    return Math.max(lo, k + 1);
  };
  const lineEndOf = (i: number) => {
    let k = text.indexOf('\n', i);
    if (k < 0) k = text.length;
    if (hasCR) {
      const r = text.indexOf('\r', i);
      if (r >= 0 && r < k) k = r;
    }
    return k;
  };
  const out: Array<[number, number]> = [];
  for (let i = 0; i < merged.length;) {
    // a cluster: deletions that share lines
    let j = i;
    const ls = lineStartOf(merged[i][0]);
    let le = lineEndOf(merged[i][1] > merged[i][0] ? merged[i][1] - 1 : merged[i][0]);
    while (j + 1 < merged.length && merged[j + 1][0] <= le) {
      j++;
      le = Math.max(le, lineEndOf(merged[j][1] - 1));
    }
    const cluster = merged.slice(i, j + 1);
    let rest = '';
    let pos = ls;
    for (const [a, b] of cluster) { rest += text.slice(pos, a); pos = b; }
    rest += text.slice(pos, le);
    if (rest.trim() === '' && text.slice(ls, le).trim() !== '') {
      let e = le;
      if (text[e] === '\r' && text[e + 1] === '\n') e += 2;
      else if (text[e] === '\n' || text[e] === '\r') e += 1;
      let s = ls;
      if (e === le && s > lo) {
        // the last line of the file: take the line break before it instead
        if (text[s - 1] === '\n' && text[s - 2] === '\r' && s - 2 >= lo) s -= 2;
        else s -= 1;
      }
      out.push([s, e]);
    } else out.push(...cluster);
    i = j + 1;
  }
  return out;
}

/** The edits that strip a post's source with the given rules (built-ins by default). */
export function stripSource(text: string, options: { rules?: readonly StripRule[]; kind?: BodyKind } = {}): SourceStrip {
  const { start } = bodyRange(text);
  const body = text.slice(start);
  const parsed = (options.kind ?? 'markdown') === 'html' ? body : maskMarkdown(body);
  const root = parseHtml(parsed);
  const plan = planStrip(root, options.rules ?? BUILTIN_RULES);
  const ranges: Array<[number, number]> = [];
  for (const item of plan.items) {
    const n = item.node as HElement | HGroup;
    if (item.action === 'remove' || n.type === 'group') ranges.push([start + n.start, start + n.end]);
    else {
      const el = n as HElement;
      ranges.push([start + el.start, start + el.openEnd]);
      if (el.closeStart >= 0) ranges.push([start + el.closeStart, start + el.end]);
    }
  }
  // an item inside a removed one is never planned, so ranges only overlap by touching
  const edits = tidy(text, ranges, start).map(([s, e]) => ({ start: s, end: e, newText: '' }));
  return { edits, counts: plan.counts, total: plan.total, summary: summarize(plan.counts) };
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}
