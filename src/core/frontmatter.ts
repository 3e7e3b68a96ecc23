/**
 * Splitting a post into front matter and body exactly as Jekyll 4 does (Document::YAML_FRONT_MATTER_REGEXP,
 * Ruby semantics: `^`/`$` only at \n, `\s` ASCII only; the file read with "bom|utf-8", so a BOM is dropped),
 * and parsing the YAML with source ranges.
 */
import { parseDocument, isAlias, isMap, isScalar, isSeq, isPair, Scalar, YAMLMap, Node as YamlNode } from 'yaml';
import { t } from './l10n';
import { guessScalar, SafeYamlError, RubyDate, RubyTime } from './safeYaml';

export type SplitKind = 'ok' | 'none' | 'notAtStart' | 'unclosed';

export interface FrontMatterSplit {
  kind: SplitKind;
  /** Length of a leading U+FEFF (0 or 1); Jekyll drops it. */
  bom: number;
  /** Offset where the opening `---` line starts (after BOM; after the leading blank lines for notAtStart). */
  openStart: number;
  /** Offset just after the opening `---` line (start of the YAML text). */
  yamlStart: number;
  /** Offset just before the closing `---` line (end of the YAML text). */
  yamlEnd: number;
  /** The closing line. */
  closeStart: number;
  closeEnd: number;
  /** Where the body (Jekyll's `content`) starts. The whole text after the BOM when there is no front matter. */
  bodyStart: number;
}

const WS = '[ \\t\\r\\n\\f\\v]';
// \A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?) with Ruby's /m (dot matches \n), sticky at the start.
const FRONT_MATTER = new RegExp(`(---${WS}*\\n[\\s\\S]*?\\n?)(?<=\\n)((?:---|\\.\\.\\.)${WS}*?(?:(?=\\n)|(?![\\s\\S]))\\n?)`, 'y');
const OPENING = new RegExp(`---${WS}*\\n`, 'y');

function matchAt(text: string, at: number): RegExpExecArray | null {
  FRONT_MATTER.lastIndex = at;
  return FRONT_MATTER.exec(text);
}

export function splitFrontMatter(text: string): FrontMatterSplit {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const none: FrontMatterSplit = { kind: 'none', bom, openStart: bom, yamlStart: bom, yamlEnd: bom, closeStart: bom, closeEnd: bom, bodyStart: bom };
  const fromMatch = (kind: SplitKind, at: number, m: RegExpExecArray): FrontMatterSplit => {
    OPENING.lastIndex = at;
    const open = OPENING.exec(text)!;
    // the opening `---\s*\n` may swallow blank lines; the YAML text starts after the first line break
    const firstNl = text.indexOf('\n', at) + 1;
    const closeStart = at + m[1].length;
    void open;
    return { kind, bom, openStart: at, yamlStart: firstNl, yamlEnd: closeStart, closeStart, closeEnd: closeStart + m[2].length, bodyStart: closeStart + m[2].length };
  };
  const m = matchAt(text, bom);
  if (m) {
    // Ruby's `\s*$` after the closing marker is greedy over blank lines; emulate by extending over them.
    const split = fromMatch('ok', bom, m);
    const tail = /^(?:---|\.\.\.)[ \t\r\n\f\v]*/.exec(text.slice(split.closeStart))![0];
    let end = split.closeStart + tail.length;
    // `$\n?`: the greedy whitespace stops at the last line end; the body keeps what follows it
    if (end < text.length) {
      const lastNl = text.lastIndexOf('\n', end - 1);
      end = lastNl >= split.closeStart ? lastNl + 1 : split.closeEnd;
    }
    split.bodyStart = Math.max(split.closeEnd, end);
    const closeLineEnd = text.indexOf('\n', split.closeStart);
    split.closeEnd = closeLineEnd < 0 ? text.length : closeLineEnd + 1;
    return split;
  }
  // Not at byte 0: leading blank lines or spaces before an otherwise good front matter.
  const lead = /^[ \t\r\n\f\v\u00a0\u3000\ufeff]+/.exec(text.slice(bom));
  if (lead) {
    const at = bom + lead[0].length;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (lineStart === at) {
      const m2 = matchAt(text, at);
      if (m2) return fromMatch('notAtStart', at, m2);
    }
  }
  OPENING.lastIndex = bom;
  if (OPENING.test(text)) {
    const firstNl = text.indexOf('\n', bom) + 1;
    return { ...none, kind: 'unclosed', yamlStart: firstNl, yamlEnd: text.length, closeStart: text.length, closeEnd: text.length };
  }
  return none;
}

export type ValueStyle = 'plain' | 'quoted' | 'block' | 'null' | 'collection';

export interface FmEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value node's range in the document (for a missing value: just after the colon). */
  valueStart: number;
  valueEnd: number;
  style: ValueStyle;
  /** The scalar's source text (plain) or its value (quoted/block); a collection's source. */
  raw: string;
  /** The value as SafeYAML types it (safeYaml.ts): strings, numbers, booleans, null, RubyDate, RubyTime, arrays, objects. */
  value: unknown;
  /** For sequences: their scalar items with ranges. */
  items?: Array<{ value: unknown; start: number; end: number; style: ValueStyle }>;
  /** The value's tag (SafeYAML ignores tags but for !!binary: a tagged scalar is typed like a plain one). */
  tagged?: string;
  /** Set by a merge key `<<` (its ranges are the merge key's). */
  merged?: boolean;
}

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
  kind: 'syntax' | 'notMapping';
}

export interface ParsedFrontMatter {
  entries: FmEntry[];
  /** Last entry of each key (Psych keeps the last of duplicate keys). */
  byKey: Map<string, FmEntry>;
  duplicates: FmEntry[];
  errors: YamlProblem[];
  /** Tabs in the YAML text (offsets). */
  tabs: number[];
}

function styleOf(node: YamlNode | null | undefined): ValueStyle {
  if (!node) return 'null';
  if (isScalar(node)) {
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return 'quoted';
    if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') return 'block';
    return 'plain';
  }
  return 'collection';
}

/**
 * Where a quoted scalar or a flow collection (`[a,` newline `b]`) goes on over lines indented less than the `yaml`
 * library demands (libyaml, and so every Jekyll, reads `title: "a b` + newline + `c d"` with `c d"` at column 0
 * as "a b c d"): the text with spaces added at the start of those lines (a quoted scalar drops a line's leading
 * spaces and a flow collection ignores them, so no value changes), and where they went. Lines inside block
 * scalars and plain multi-line scalars are left alone.
 */
export function relaxQuotedIndent(yaml: string): { text: string; inserts: Array<[number, number]> } | undefined {
  const inserts: Array<[number, number]> = [];
  let quote: '"' | "'" | undefined;
  let flow = 0;
  let openIndent = 0; // column of the open quote or outermost flow collection
  let literalAbove = -1; // lines indented more than this are a block or plain scalar's content
  let pos = 0;
  while (pos < yaml.length) {
    let nl = yaml.indexOf('\n', pos);
    if (nl < 0) nl = yaml.length;
    const line = yaml.slice(pos, nl);
    const indent = /^ */.exec(line)![0].length;
    const blank = /^[ \t\r]*(?:#.*)?$/.test(line);
    if (quote || flow) {
      if (!/^[ \t\r]*$/.test(line) && indent <= openIndent && !/^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(line)) inserts.push([pos, openIndent + 1 - indent]);
    } else {
      if (blank || (literalAbove >= 0 && indent > literalAbove)) { pos = nl + 1; continue; }
      literalAbove = -1;
    }
    let tokenStart = !quote;
    let afterIndicator = false;
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (quote === '"') {
        if (c === '\\') { i++; continue; }
        if (c === '"') { quote = undefined; tokenStart = false; }
        continue;
      }
      if (quote === "'") {
        if (c === "'") { if (line[i + 1] === "'") i++; else { quote = undefined; tokenStart = false; } }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === '#' && (i === 0 || /[ \t]/.test(line[i - 1]))) break;
      if (tokenStart && (c === '"' || c === "'")) { if (!flow) openIndent = i; quote = c; continue; }
      if ((c === ':' || c === '-' || c === '?') && (i + 1 >= line.length || /[ \t\r,\]}]/.test(line[i + 1]))) { tokenStart = true; afterIndicator = true; continue; }
      if ((c === '[' || c === '{') && tokenStart) { if (!flow) openIndent = i; flow++; continue; }
      if (flow && (c === ']' || c === '}')) { flow--; tokenStart = false; continue; }
      if (flow && c === ',') { tokenStart = true; continue; }
      if ((c === '!' || c === '&') && tokenStart) { while (i + 1 < line.length && !/[ \t]/.test(line[i + 1])) i++; continue; }
      if (!flow && tokenStart && afterIndicator) {
        if (c === '|' || c === '>') { literalAbove = indent; break; }
        literalAbove = indent; // a plain scalar, which may go on over the lines indented more
      }
      tokenStart = false;
    }
    pos = nl + 1;
  }
  // a quote or flow left open: the parse of the relaxed text fails too, unless SafeYAML's first document ends before it
  if (!inserts.length) return undefined;
  let text = '';
  let at = 0;
  for (const [p, n] of inserts) { text += yaml.slice(at, p) + ' '.repeat(n); at = p; }
  text += yaml.slice(at);
  return { text, inserts };
}

/**
 * Where the first document ends for libyaml when the root mapping is indented (`␠title: x`): at the first line
 * indented less. SafeYAML returns when that document ends, so what follows, even what would not parse, is never
 * read. The text's length otherwise.
 */
function firstDocumentEnd(yaml: string): number {
  const first = /^(?:[ \t]*(?:#.*)?\r?\n)*( +)[^ \t\r\n#]/.exec(yaml);
  if (!first) return yaml.length;
  const n = first[1].length;
  const re = /\n(?! {0,}(?:#.*)?\r?(?:\n|$))( *)(?=[^ \t])/g;
  re.lastIndex = first.index + first[0].length;
  for (let m = re.exec(yaml); m; m = re.exec(yaml)) {
    if (m[1].length < n && !/^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(yaml.slice(m.index + 1, m.index + 5))) return m.index + 1;
  }
  return yaml.length;
}

/**
 * libyaml never starts a plain scalar with `:` inside [ ] or { } (it is a value indicator there), and rejects a
 * plain scalar there followed by `:` and then `,` `?` `[` `]` `{` `}` ("found unexpected ':'"): the range of one, if any.
 */
function colonInFlow(yaml: string, node: YamlNode | null | undefined, inFlow: boolean): [number, number] | undefined {
  if (!node) return undefined;
  if (isScalar(node)) {
    if (!inFlow || node.type !== 'PLAIN' || typeof node.source !== 'string' || !node.range) return undefined;
    const [a, b] = node.range;
    return node.source.startsWith(':') || (yaml[b] === ':' && /[,?[\]{}]/.test(yaml[b + 1] ?? '')) ? [a, b] : undefined;
  }
  if (isMap(node) || isSeq(node)) {
    const flow = inFlow || !!node.flow;
    for (const it of node.items as unknown[]) {
      const hit = isPair(it) ? colonInFlow(yaml, it.key as YamlNode, flow) ?? colonInFlow(yaml, it.value as YamlNode, flow) : colonInFlow(yaml, it as YamlNode, flow);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * libyaml rejects a tab among a block scalar's (`|`, `>`) indentation: before its first content line sets the
 * indentation, or before the column it set. The offset of the first such tab, if any.
 */
function tabInBlockIndent(yaml: string, node: YamlNode | null | undefined): number | undefined {
  if (!node) return undefined;
  if (isScalar(node)) {
    if ((node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !node.range) return undefined;
    const [start, end] = node.range;
    const src = yaml.slice(start, end);
    const headEnd = src.indexOf('\n');
    if (headEnd < 0) return undefined;
    const digit = /^[|>][-+]?([1-9])?/.exec(src)?.[1];
    let indent = digit ? -1 : 0; // explicit indicators count from the parent's indentation, which we do not track
    let pos = headEnd + 1;
    while (pos < src.length) {
      let nl = src.indexOf('\n', pos);
      if (nl < 0) nl = src.length;
      const line = src.slice(pos, nl);
      const sp = /^ */.exec(line)![0].length;
      if (line[sp] === '\t' && indent === 0) return start + pos + sp;
      if (indent === 0 && sp < line.length && !/^[\r]$/.test(line.slice(sp))) indent = sp;
      pos = nl + 1;
    }
    return undefined;
  }
  if (isMap(node) || isSeq(node)) {
    for (const it of node.items as unknown[]) {
      const hit = isPair(it) ? tabInBlockIndent(yaml, it.key as YamlNode) ?? tabInBlockIndent(yaml, it.value as YamlNode) : tabInBlockIndent(yaml, it as YamlNode);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** An offset in the relaxed text back to the original text. */
function unrelax(inserts: Array<[number, number]>, off: number): number {
  let shift = 0;
  for (const [p, n] of inserts) {
    if (off < p + shift) break;
    if (off < p + shift + n) return p;
    shift += n;
  }
  return off - shift;
}

const isHash = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RubyDate) && !(v instanceof RubyTime);

const rubyClass = (v: unknown) => v === null ? 'nil' : Array.isArray(v) ? 'Array' : typeof v === 'string' ? 'String' : typeof v === 'boolean' ? String(v) : typeof v === 'number' ? (Number.isInteger(v) ? 'Integer' : 'Float') : v instanceof RubyDate ? 'Date' : v instanceof RubyTime ? 'Time' : 'Hash';

/** A top-level assignment SafeYAML made: `data[key] = value`, or the keys a merge key `<<` added. */
interface Assignment { keyNode: YamlNode | null; key: string; valueNode: YamlNode | null; value: unknown; merged: boolean }

/**
 * SafeYAML.load, replayed on the `yaml` library's syntax tree: SafeYAML::PsychHandler's reaction to each parser
 * event (safe_yaml/psych_handler.rb), quirks included. One "current key" for the whole document: when it is nil
 * (none yet, or a nil key such as `~:`), the next value becomes the key, so pairs after a nil key shift by one, and
 * a mapping or sequence used as a key (`? a: b`) hands its contents to that one slot. A merge key `<<` is
 * Hash#merge! of the value as it stands when met (an alias of a hash adds its keys; a mapping written in place is
 * still empty then; anything else raises). Hashes keep string keys only (the checker reads no other).
 */
class SafeYamlReplay {
  readonly anchors = new Map<string, unknown>();
  readonly top: Assignment[] = [];
  /** !!binary values whose bytes are not UTF-8 (held with replacement characters): typing one again raises. */
  private notUtf8 = new Set<string>();
  private stack: unknown[] = [];
  private current: unknown;
  private key: { value: unknown; node: YamlNode | null } | undefined;
  private begun = false;
  result: unknown = false;

  visit(node: YamlNode | null | undefined): void {
    if (!node) return this.add(null, null);
    if (isAlias(node)) {
      // the handler adds an alias's value as an unquoted scalar: a string is typed again ("2022-05-31" a Date)
      const v = this.anchors.has(node.source) ? this.anchors.get(node.source) : null;
      if (typeof v === 'string' && this.notUtf8.has(v)) throw new SafeYamlError('ArgumentError: invalid byte sequence in UTF-8');
      return this.add(typeof v === 'string' ? guessScalar(v) : v, node);
    }
    if (isScalar(node)) {
      const src = typeof node.source === 'string' ? node.source : node.value === null || node.value === undefined ? '' : String(node.value);
      const tag = node.tag;
      let v: unknown;
      if (tag === 'tag:yaml.org,2002:binary' || tag === '!binary') {
        const bytes = Buffer.from(src.replace(/[^A-Za-z0-9+/=]/g, '').replace(/=[^]*$/, ''), 'base64'); // Ruby's unpack('m') stops at '='
        v = bytes.toString('utf8');
        try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { this.notUtf8.add(v as string); }
      }
      else if (tag || node.type === 'PLAIN' || !node.type) v = guessScalar(src);
      else v = src;
      return this.add(v, node, node.anchor);
    }
    if (isMap(node) || isSeq(node)) {
      const c: unknown = isMap(node) ? {} : [];
      this.add(c, node, node.anchor);
      this.current = c;
      this.stack.push(c);
      for (const it of node.items as unknown[]) {
        if (isPair(it)) { this.visit(it.key as YamlNode | null); this.visit(it.value as YamlNode | null); } else this.visit(it as YamlNode | null);
      }
      this.stack.pop();
      this.current = this.stack[this.stack.length - 1];
    }
  }

  private add(value: unknown, node: YamlNode | null, anchor?: string): void {
    if (anchor) this.anchors.set(anchor, value);
    if (!this.begun) {
      this.begun = true;
      this.result = value;
      this.current = value;
      return;
    }
    const cur = this.current;
    if (Array.isArray(cur)) { cur.push(value); return; }
    if (!isHash(cur)) throw new SafeYamlError(`RuntimeError: Don't know how to add to a ${rubyClass(cur)}!`);
    if (!this.key || this.key.value === null) { this.key = { value, node }; return; }
    const { value: k, node: kn } = this.key;
    this.key = undefined;
    if (k === '<<') {
      if (!isHash(value)) throw new SafeYamlError(`TypeError: no implicit conversion of ${rubyClass(value)} into Hash`);
      Object.assign(cur, value);
      if (cur === this.result) for (const [mk, mv] of Object.entries(value)) this.top.push({ keyNode: kn, key: mk, valueNode: node, value: mv, merged: true });
      return;
    }
    if (typeof k !== 'string') return;
    cur[k] = value;
    if (cur === this.result) this.top.push({ keyNode: kn, key: k, valueNode: node, value, merged: false });
  }
}

/** Parses the YAML text between yamlStart and yamlEnd; every range is an offset into the whole document. */
export function parseFrontMatter(text: string, split: FrontMatterSplit, fast = true): ParsedFrontMatter {
  const base = split.yamlStart;
  let yamlText = text.slice(split.yamlStart, split.yamlEnd);
  const original = yamlText;
  const result: ParsedFrontMatter = { entries: [], byKey: new Map(), duplicates: [], errors: [], tabs: [] };
  for (let i = yamlText.indexOf('\t'); i >= 0; i = yamlText.indexOf('\t', i + 1)) result.tabs.push(base + i);
  if (!yamlText.trim()) return result;
  if (fast && result.tabs.length === 0) {
    const quick = parseSimple(yamlText, base, result);
    if (quick) return quick;
  }
  const options = { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false } as const;
  let doc = parseDocument(yamlText, options);
  let at = (off: number) => off;
  if (doc.errors.length) {
    // what libyaml reads where the `yaml` library does not: quoted and flow values over less-indented lines, and
    // SafeYAML's early return at the end of the first document (an indented root mapping ends at a dedent)
    const relaxed = relaxQuotedIndent(yamlText) ?? { text: yamlText, inserts: [] };
    const end = firstDocumentEnd(relaxed.text);
    if (relaxed.inserts.length || end < relaxed.text.length) {
      const again = parseDocument(relaxed.text.slice(0, end), options);
      if (!again.errors.length) {
        doc = again;
        yamlText = relaxed.text;
        at = off => unrelax(relaxed.inserts, off);
      }
    }
  }
  if (!doc.errors.length) {
    const bad = colonInFlow(yamlText, doc.contents as YamlNode | null, false);
    if (bad) {
      result.errors.push({ message: t('a ":" inside [ ] or { } that YAML cannot read (quote the value)'), start: base + at(bad[0]), end: base + at(bad[1]), kind: 'syntax' });
      return result;
    }
    const tab = tabInBlockIndent(yamlText, doc.contents as YamlNode | null);
    if (tab !== undefined) {
      result.errors.push({ message: t('a tab where a block scalar expects its indentation'), start: base + at(tab), end: base + at(tab) + 1, kind: 'syntax' });
      return result;
    }
  }
  for (const e of doc.errors) {
    const [s, t] = e.pos;
    result.errors.push({ message: e.message.split('\n')[0], start: base + s, end: base + Math.max(t, s + 1), kind: 'syntax' });
  }
  if (result.errors.length) return result;
  const contents = doc.contents;
  const replay = new SafeYamlReplay();
  const range = (n: YamlNode | null | undefined): [number, number] | undefined => (n?.range ? [n.range[0], n.range[1]] : undefined);
  try {
    replay.visit(contents as YamlNode | null);
  } catch (e) {
    if (!(e instanceof SafeYamlError)) throw e;
    const r = range(contents as YamlNode) ?? [0, 1];
    result.errors.push({ message: e.message, start: base + at(r[0]), end: base + at(r[1]), kind: 'syntax' });
    return result;
  }
  const top = replay.result;
  if (!isHash(top)) {
    // Jekyll merges nothing for nil and false; anything else that is not a hash fails in merge_data!
    if (top === null || top === false) return result;
    const r = range(contents as YamlNode) ?? [0, yamlText.length];
    result.errors.push({ message: t('front matter is not a mapping of keys to values'), start: base + at(r[0]), end: base + at(r[1]), kind: 'notMapping' });
    return result;
  }
  for (const { keyNode: k, key, valueNode: v, value: vv, merged } of replay.top) {
    const kr: [number, number] = range(k) ?? [0, 0];
    const style = merged ? 'collection' : styleOf(v);
    let valueStart: number, valueEnd: number, raw: string;
    if (v && v.range && !(isScalar(v) && v.value === null && v.range[0] === v.range[1])) {
      valueStart = base + at(v.range[0]);
      valueEnd = base + at(v.range[1]);
      raw = style === 'plain' || style === 'collection' ? original.slice(at(v.range[0]), at(v.range[1])) : String((v as Scalar).source ?? (v as Scalar).value ?? '');
    } else {
      const colon = original.indexOf(':', at(kr[1]));
      valueStart = valueEnd = base + (colon >= 0 ? colon + 1 : at(kr[1]));
      raw = '';
    }
    const entry: FmEntry = {
      key, keyStart: base + at(kr[0]), keyEnd: base + at(kr[1]), valueStart, valueEnd,
      style: v && isScalar(v) && v.value === null && style === 'plain' && raw.trim() === '' ? 'null' : (raw === '' && style === 'plain' ? 'null' : style),
      raw, value: vv,
    };
    if (merged) entry.merged = true;
    if (v && (v as { tag?: string }).tag) entry.tagged = (v as { tag?: string }).tag;
    if (v && isSeq(v) && Array.isArray(vv) && !merged) {
      entry.items = [];
      (v.items as YamlNode[]).forEach((it, i) => {
        if (isScalar(it) && it.range) entry.items!.push({ value: vv[i], start: base + at(it.range[0]), end: base + at(it.range[1]), style: styleOf(it) });
      });
    }
    const prev = result.byKey.get(key);
    if (prev && !merged && !prev.merged) result.duplicates.push(prev);
    result.byKey.set(key, entry);
    result.entries.push(entry);
  }
  return result;
}

const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:( +)(.*?))? *$/;
const PLAIN_SAFE = /^[^\s\d\-?:,[\]{}#&*!|>'"%@`.+~=<]/;
const YAML11_WORDS = /^(?:y|yes|n|no|true|false|on|off|null|~)$/i;
const DATE_SHAPE = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| +)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?: *(?:Z|[-+]\d{1,2}(?::?\d\d)?))?)?$/;

/**
 * The front matter every scraped post has: one `key: value` per line, plain strings or simple quoted ones.
 * Read without the YAML library (it is most of a check's time); undefined for anything else, which the full
 * parser then reads. test/unit/frontmatter.test.ts holds both to the same result.
 */
function parseSimple(yamlText: string, base: number, into: ParsedFrontMatter): ParsedFrontMatter | undefined {
  // no object spread here: V8's spread of these small objects was most of this function's time (20 of 25 µs a post)
  const result: ParsedFrontMatter = { entries: [], byKey: new Map(), duplicates: [], errors: into.errors, tabs: into.tabs };
  let pos = 0;
  while (pos < yamlText.length) {
    let nl = yamlText.indexOf('\n', pos);
    if (nl < 0) nl = yamlText.length;
    let line = yamlText.slice(pos, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const lineStart = pos;
    pos = nl + 1;
    if (line === '') continue;
    const m = SIMPLE_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1];
    // a key SafeYAML types otherwise (null, yes, on…) is for the full reading (a nil key shifts the pairs)
    if (YAML11_WORDS.test(key)) return undefined;
    const v = m[3] ?? '';
    const valueStart = base + lineStart + key.length + 1 + (m[2]?.length ?? 0);
    let entry: FmEntry;
    const keyStart = base + lineStart;
    const keyEnd = keyStart + key.length;
    if (v === '') {
      entry = { key, keyStart, keyEnd, valueStart: keyEnd + 1, valueEnd: keyEnd + 1, style: 'null', raw: '', value: null };
    } else if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"') && !/["\\]/.test(v.slice(1, -1))) || (v[0] === "'" && v.endsWith("'") && !v.slice(1, -1).includes("'")))) {
      const inner = v.slice(1, -1);
      entry = { key, keyStart, keyEnd, valueStart, valueEnd: valueStart + v.length, style: 'quoted', raw: inner, value: inner };
    } else if (PLAIN_SAFE.test(v) && !YAML11_WORDS.test(v) && !v.includes(': ') && !v.includes(' #') && !v.endsWith(':')) {
      entry = { key, keyStart, keyEnd, valueStart, valueEnd: valueStart + v.length, style: 'plain', raw: v, value: v };
    } else if (key === 'date' && DATE_SHAPE.test(v)) {
      entry = { key, keyStart, keyEnd, valueStart, valueEnd: valueStart + v.length, style: 'plain', raw: v, value: guessScalar(v) };
    } else return undefined;
    const prev = result.byKey.get(key);
    if (prev) result.duplicates.push(prev);
    result.byKey.set(key, entry);
    result.entries.push(entry);
  }
  return result;
}
