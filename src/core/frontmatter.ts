/**
 * Splitting a post into front matter and body exactly as Jekyll 4 does (Document::YAML_FRONT_MATTER_REGEXP,
 * Ruby semantics: `^`/`$` only at \n, `\s` ASCII only; the file read with "bom|utf-8", so a BOM is dropped),
 * and parsing the YAML with source ranges.
 */
import { parseDocument, isMap, isScalar, isSeq, isPair, Scalar, YAMLMap, Node as YamlNode } from 'yaml';
import { t } from './l10n';

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
  /** The JS value as YAML 1.1 reads it (scalars), or an array of item values (sequences). */
  value: unknown;
  /** For sequences: their scalar items with ranges. */
  items?: Array<{ value: unknown; start: number; end: number; style: ValueStyle }>;
  /** The value is an alias, a tag or something else Jekyll may read differently. */
  tagged?: string;
}

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
  kind: 'syntax' | 'notMapping' | 'tag';
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

/** Parses the YAML text between yamlStart and yamlEnd; every range is an offset into the whole document. */
export function parseFrontMatter(text: string, split: FrontMatterSplit, fast = true): ParsedFrontMatter {
  const base = split.yamlStart;
  const yamlText = text.slice(split.yamlStart, split.yamlEnd);
  const result: ParsedFrontMatter = { entries: [], byKey: new Map(), duplicates: [], errors: [], tabs: [] };
  for (let i = yamlText.indexOf('\t'); i >= 0; i = yamlText.indexOf('\t', i + 1)) result.tabs.push(base + i);
  if (!yamlText.trim()) return result;
  if (fast && result.tabs.length === 0) {
    const quick = parseSimple(yamlText, base, result);
    if (quick) return quick;
  }
  const doc = parseDocument(yamlText, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false });
  for (const e of doc.errors) {
    const [s, t] = e.pos;
    result.errors.push({ message: e.message.split('\n')[0], start: base + s, end: base + Math.max(t, s + 1), kind: 'syntax' });
  }
  if (result.errors.length) return result;
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return result;
  if (!isMap(contents)) {
    const r = contents.range ?? [0, yamlText.length];
    result.errors.push({ message: t('front matter is not a mapping of keys to values'), start: base + r[0], end: base + r[1], kind: 'notMapping' });
    return result;
  }
  for (const pair of (contents as YAMLMap).items) {
    if (!isPair(pair)) continue;
    const k = pair.key as YamlNode | null;
    if (!k || !isScalar(k)) continue;
    const key = String((k as Scalar).value);
    const kr = k.range!;
    const v = pair.value as YamlNode | null;
    const style = styleOf(v);
    let valueStart: number, valueEnd: number, raw: string;
    if (v && v.range && !(isScalar(v) && v.value === null && v.range[0] === v.range[1])) {
      valueStart = base + v.range[0];
      valueEnd = base + v.range[1];
      raw = style === 'plain' || style === 'collection' ? yamlText.slice(v.range[0], v.range[1]) : String((v as Scalar).value ?? '');
    } else {
      const colon = yamlText.indexOf(':', kr[1]);
      valueStart = valueEnd = base + (colon >= 0 ? colon + 1 : kr[1]);
      raw = '';
    }
    const entry: FmEntry = {
      key, keyStart: base + kr[0], keyEnd: base + kr[1], valueStart, valueEnd,
      style: v && isScalar(v) && v.value === null && style === 'plain' && raw.trim() === '' ? 'null' : (raw === '' && style === 'plain' ? 'null' : style),
      raw, value: v ? (isScalar(v) ? v.value : v.toJSON()) : null,
    };
    if (v && (v as { tag?: string }).tag && !String((v as { tag?: string }).tag).startsWith('tag:yaml.org,2002:')) entry.tagged = (v as { tag?: string }).tag;
    if (v && isSeq(v)) {
      entry.items = [];
      for (const it of v.items) {
        if (isScalar(it) && it.range) entry.items.push({ value: it.value, start: base + it.range[0], end: base + it.range[1], style: styleOf(it) });
      }
    }
    const prev = result.byKey.get(key);
    if (prev) result.duplicates.push(prev);
    result.byKey.set(key, entry);
    result.entries.push(entry);
  }
  for (const e of result.entries) if (e.tagged) result.errors.push({ message: t("the tag {0} is not allowed by Jekyll's safe YAML loader", e.tagged), start: e.valueStart, end: e.valueEnd, kind: 'tag' });
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
      // only its source text is used (see jekyllDate.ts); the YAML library would make it a Date
      entry = { key, keyStart, keyEnd, valueStart, valueEnd: valueStart + v.length, style: 'plain', raw: v, value: v };
    } else return undefined;
    const prev = result.byKey.get(key);
    if (prev) result.duplicates.push(prev);
    result.byKey.set(key, entry);
    result.entries.push(entry);
  }
  return result;
}
