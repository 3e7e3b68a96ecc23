/**
 * markdown-it made to show a Markdown body as Jekyll's kramdown (2.4, GFM input: GitHub Pages and Jekyll 4 alike)
 * shows it, where the two differ in what a reader sees:
 * - smart quotes by kramdown's own rules (`他说"你好"` gets two closing quotes, as on the site);
 * - typographic symbols: `---` `--` `...` `<<` `>>` (`<< ` and ` >>` with a no-break space);
 * - heading ids: GFM's (`auto_ids`, non-ASCII letters kept, `-1`, `-2` for repeats) or kramdown's own
 *   (input: kramdown: ASCII only, `section` when empty), `{#id}` at the end of a heading, `auto_id_prefix`;
 * - attribute lists: a block IAL (`{: .lead #intro}`) on the line after a block, or alone before the next one, and a
 *   span IAL right after an inline element (`*x*{: .hot}`) set attributes instead of showing as text;
 * - an HTML block runs to its element's close tag, blank lines and indented lines included (markdown-it would
 *   end it at the first blank line and show indented lines as code); with `markdown="1"` its content is Markdown.
 * The rules are held to real kramdown by test/unit/kramdown-diff.test.ts; what still differs is listed in
 * docs/preview.md.
 */
import type MarkdownIt from 'markdown-it';

type StateCore = MarkdownIt.StateCore;
type StateBlock = MarkdownIt.StateBlock;
type Token = MarkdownIt.Token;
/** A markdown-it instance. */
export type Md = InstanceType<typeof MarkdownIt>;

/** The kramdown options of a site that change what a reader sees (Jekyll's defaults when the site sets none). */
export interface KramdownOptions {
  /** `kramdown.input`: 'GFM' (Jekyll's default) or 'kramdown'. */
  input: 'GFM' | 'kramdown';
  /** `kramdown.auto_ids` (default true). */
  autoIds: boolean;
  /** `kramdown.auto_id_prefix` (default ''). */
  autoIdPrefix: string;
  /** Smart quotes (kramdown's `smart_quotes`; GFM's `gfm_quirks: no_auto_typographic` does not touch them). */
  smartQuotes: [string, string, string, string];
  /** Typographic symbols (off with GFM's `gfm_quirks: no_auto_typographic`). */
  typographic: boolean;
}

export const JEKYLL_KRAMDOWN: KramdownOptions = Object.freeze({
  input: 'GFM', autoIds: true, autoIdPrefix: '', smartQuotes: ['‘', '’', '“', '”'], typographic: true,
}) as KramdownOptions;

const QUOTE_NAMES: Record<string, string> = { lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', apos: "'", quot: '"', laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', sbquo: '‚', bdquo: '„' };

/**
 * The kramdown options a site's `_config.yml` gives (its `markdown:` and `kramdown:` keys), or undefined when the
 * site's Markdown is not kramdown (GitHub Pages' `CommonMarkGhPages`/`GFM`: CommonMark, as markdown-it).
 */
export function kramdownOptionsOf(raw: Record<string, unknown> | undefined): KramdownOptions | undefined {
  const markdown = typeof raw?.markdown === 'string' ? raw.markdown.toLowerCase() : 'kramdown';
  if (markdown !== 'kramdown') return undefined;
  const k = raw?.kramdown;
  if (!k || typeof k !== 'object') return JEKYLL_KRAMDOWN;
  const o = k as Record<string, unknown>;
  const input = typeof o.input === 'string' && o.input.toLowerCase() === 'kramdown' ? 'kramdown' : 'GFM';
  const quirks = Array.isArray(o.gfm_quirks) ? o.gfm_quirks.map(String) : typeof o.gfm_quirks === 'string' ? o.gfm_quirks.split(/\s*,\s*/) : [];
  let smartQuotes = JEKYLL_KRAMDOWN.smartQuotes;
  if (typeof o.smart_quotes === 'string') {
    const q = o.smart_quotes.split(/\s*,\s*/).map(s => (/^\d+$/.test(s) ? String.fromCodePoint(Number(s)) : QUOTE_NAMES[s] ?? s));
    if (q.length === 4) smartQuotes = q as KramdownOptions['smartQuotes'];
  }
  return {
    input,
    autoIds: o.auto_ids !== false,
    autoIdPrefix: typeof o.auto_id_prefix === 'string' ? o.auto_id_prefix : '',
    smartQuotes,
    typographic: !(input === 'GFM' && quirks.includes('no_auto_typographic')),
  };
}

// ---- smart quotes and typographic symbols (kramdown's span parsers smart_quotes and typographic_syms) ----

/** Ruby's `\b`/`\B` and `\p{Word}` read letters of every script as word characters (its `\w` is ASCII only). */
const U_WORD = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]';
const PUNCT = "[!\"#$%'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]";
const SQ_CLOSE = '[^ \\\\\\t\\r\\n\\[{(-]';
const S = '[ \\t\\r\\n\\f\\v]';
const NS = '[^ \\t\\r\\n\\f\\v]';

type Subst = number | 'lquote1' | 'rquote1' | 'lquote2' | 'rquote2' | 'ldquo' | 'lsquo' | 'rsquo';

/** kramdown's SQ_RULES, in order, anchored where the span parser stopped (one character before the quote, if any). */
const SQ_RULES: Array<[RegExp, Subst[]]> = [
  [new RegExp(`("|')(?=[_*]{1,2}${NS})`, 'uy'), ['lquote1']],
  // `\B` after the punctuation: `_` is a word character, the others are not
  [new RegExp(`("|')(?=(?!\\.\\.)(?:_(?=${U_WORD})|(?!_)${PUNCT}(?!${U_WORD})))`, 'uy'), ['rquote1']],
  [new RegExp(`(${S}?)"'(?=[A-Za-z0-9_])`, 'y'), [1, 'ldquo', 'lsquo']],
  [new RegExp(`(${S}?)'"(?=[A-Za-z0-9_])`, 'y'), [1, 'lsquo', 'ldquo']],
  [new RegExp(`(${S}?)'(?=[0-9][0-9]s)`, 'y'), [1, 'rsquo']],
  [new RegExp(`(${S})('|")(?=[A-Za-z0-9_])`, 'y'), [1, 'lquote2']],
  [new RegExp(`(${SQ_CLOSE})('|")`, 'uy'), [1, 'rquote2']],
  [new RegExp(`("|')(?=${S}|s(?!${U_WORD})|\\n|$)`, 'uy'), ['rquote1']],
  [/([^]?)'/uy, [1, 'lsquo']],
  [/([^]?)"/uy, [1, 'ldquo']],
];

const TYPO = /---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>/y;
const TRIGGER = /["'.<>-]/g;

/**
 * One run of plain text as kramdown's span parser reads it (a run ends at every element: emphasis, code, links,
 * HTML, escapes, entities): the text with smart quotes and typographic symbols put in.
 */
export function kramdownText(s: string, o: KramdownOptions = JEKYLL_KRAMDOWN): string {
  if (!/["'.<>-]/.test(s)) return s;
  const q = o.smartQuotes;
  const quote = (kind: Subst, ch: string): string => {
    const double = ch === '"';
    switch (kind) {
      case 'lquote1': case 'lquote2': return double ? q[2] : q[0];
      case 'rquote1': case 'rquote2': return double ? q[3] : q[1];
      case 'ldquo': return q[2];
      case 'lsquo': return q[0];
      default: return q[1];
    }
  };
  let out = '';
  let i = 0;
  while (i < s.length) {
    // jump to where kramdown's span parser would stop next: the character before a quote, or a symbol's start
    TRIGGER.lastIndex = i;
    const tm = TRIGGER.exec(s);
    if (!tm) { out += s.slice(i); break; }
    let p = tm.index;
    if (p > i && (((s[p] === '"' || s[p] === "'") && s[p - 1] !== '\\') || (s[p] === '>' && s[p - 1] === ' '))) p--;
    if (p > i) { out += s.slice(i, p); i = p; }
    const c = s[i];
    const next = s[i + 1];
    // the smart-quote parser comes before the typographic one in kramdown's list
    if ((c === '"' || c === "'") || (c !== '\\' && (next === '"' || next === "'") && i + 1 < s.length)) {
      let done = false;
      for (const [re, substs] of SQ_RULES) {
        re.lastIndex = i;
        const m = re.exec(s);
        if (!m) continue;
        for (const sub of substs) {
          if (typeof sub === 'number') out += m[sub];
          else out += quote(sub, sub.endsWith('1') || sub.endsWith('2') ? m[Number(sub.slice(-1))] : '');
        }
        i += m[0].length;
        done = true;
        break;
      }
      if (done) continue;
    }
    if (o.typographic && (c === '-' || c === '.' || c === '<' || c === '>' || c === '\\' || c === ' ')) {
      TYPO.lastIndex = i;
      const m = TYPO.exec(s);
      if (m) {
        const t = m[0];
        out += t === '---' ? '—' : t === '--' ? '–' : t === '...' ? '…' : t === '\\<<' ? '<<' : t === '\\>>' ? '>>'
          : t === '<< ' ? '«\u00a0' : t === ' >>' ? '\u00a0»' : t === '<<' ? '«' : '»';
        i += t.length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** Applies kramdownText to each run of text (text tokens joined across soft breaks) of an inline token's children. */
function typography(children: Token[], o: KramdownOptions): void {
  let i = 0;
  while (i < children.length) {
    if (children[i].type !== 'text') { i++; continue; }
    let j = i;
    const parts: Token[] = [];
    while (j < children.length && (children[j].type === 'text' || children[j].type === 'softbreak')) parts.push(children[j++]);
    const joined = parts.map(t => (t.type === 'softbreak' ? '\n' : t.content)).join('');
    const done = kramdownText(joined, o);
    if (done !== joined) {
      // the replacements never cross a line break: one text token per line takes that line back
      const lines = done.split('\n');
      const texts = parts.filter(t => t.type === 'text');
      if (lines.length === parts.length - texts.length + 1 && texts.length === lines.length && parts.every((t, k) => (t.type === 'text') === (k % 2 === 0))) {
        texts.forEach((t, k) => { t.content = lines[k]; });
      } else {
        for (const t of texts) t.content = kramdownText(t.content, o);
      }
    }
    i = j;
  }
}

// ---- heading ids ----

/** GFM's header id (kramdown-parser-gfm's generate_gfm_header_id): the raw text lower-cased, non-word characters dropped. */
export function gfmHeaderId(raw: string, seen: Map<string, number>, prefix = ''): string {
  let id = raw.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- \t]/gu, '').replace(/[ \t]/g, '-');
  const n = (seen.get(id) ?? -1) + 1;
  seen.set(id, n);
  if (n > 0) id += `-${n}`;
  return prefix + id;
}

/** kramdown's own header id (input: kramdown): ASCII letters, digits and dashes, from the first letter on. */
export function kramdownHeaderId(text: string, seen: Map<string, number>, prefix = ''): string {
  let id = text.replace(/^[^a-zA-Z]+/, '').replace(/[^a-zA-Z0-9 -]/g, '').replace(/ /g, '-').toLowerCase();
  if (!id) id = 'section';
  const n = seen.get(id);
  if (n !== undefined) {
    seen.set(id, n + 1);
    id += `-${n + 1}`;
  } else seen.set(id, 0);
  return prefix + id;
}

/** GFM's raw text of a header (update_raw_text): its text, code and entities as shown, smart quotes and symbols included. */
function rawText(children: Token[]): string {
  let s = '';
  for (const c of children) {
    if (c.type === 'text' || c.type === 'code_inline' || c.type === 'text_special') s += c.content;
    else if (c.type === 'softbreak') s += '\n';
  }
  return s;
}

// ---- inline attribute lists ----

const IAL_BODY = '((?:[^}"\']|"[^"]*"|\'[^\']*\')*)';
const BLOCK_IAL_LINE = new RegExp(`^ {0,3}\\{:(?!\\w[\\w-]*:)${IAL_BODY}\\}[ \\t]*$`);
const ALD_LINE = new RegExp(`^ {0,3}\\{:(\\w[\\w-]*):${IAL_BODY}\\}[ \\t]*$`);
const SPAN_IAL = new RegExp(`^\\{:?${IAL_BODY}\\}`);
const HEADER_ID = /[\t ]\{#([A-Za-z][\w:-]*)\}[\t ]*$/;

/** Applies an IAL's `.class`, `#id` and `key="value"` to a token's attributes (ALD references are dropped). */
function applyIal(t: Token, body: string): void {
  const re = /\.([^\s.#{}="']+)|#([^\s.#{}="']+)|([^\s.#{}="']+)=(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[1]) {
      const cur = t.attrGet('class');
      t.attrSet('class', cur ? `${cur} ${m[1]}` : m[1]);
    } else if (m[2]) t.attrSet('id', m[2]);
    else if (m[3]) t.attrSet(m[3], m[4] ?? m[5] ?? '');
  }
}

function openOf(tokens: Token[], closeIndex: number): Token | undefined {
  let depth = 0;
  for (let i = closeIndex; i >= 0; i--) {
    depth += tokens[i].nesting;
    if (depth === 0) return tokens[i];
  }
  return undefined;
}

/** Block IALs: a last line `{: …}` of a paragraph goes to it; a paragraph of attribute lists only goes to a neighbour. */
function blockIals(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || !t.content.includes('{:')) continue;
    let lines = t.content.split('\n');
    const ial = (l: string) => BLOCK_IAL_LINE.test(l) || ALD_LINE.test(l);
    // attribute lists on the lines before the paragraph's text: the paragraph's
    let lead = 0;
    while (lead < lines.length - 1 && ial(lines[lead])) lead++;
    if (lead) {
      for (const l of lines.slice(0, lead)) { const b = BLOCK_IAL_LINE.exec(l)?.[1]; if (b !== undefined) applyIal(tokens[i - 1], b); }
      lines = lines.slice(lead);
      t.content = lines.join('\n');
      const children = t.children ?? [];
      let breaks = 0;
      for (let k = 0; k < children.length; k++) {
        if (children[k].type === 'softbreak' && ++breaks === lead) { t.children = children.slice(k + 1); break; }
      }
    }
    let n = 0;
    while (n < lines.length && ial(lines[lines.length - 1 - n])) n++;
    if (!n) continue;
    const bodies = lines.slice(lines.length - n).map(l => BLOCK_IAL_LINE.exec(l)?.[1]).filter((b): b is string => b !== undefined);
    const open = tokens[i - 1];
    if (n < lines.length) {
      for (const b of bodies) applyIal(open, b);
      t.content = lines.slice(0, lines.length - n).join('\n');
      const children = t.children ?? [];
      let breaks = 0;
      for (let k = 0; k < children.length; k++) {
        if (children[k].type === 'softbreak' && ++breaks === lines.length - n) { t.children = children.slice(0, k); break; }
      }
      continue;
    }
    // only attribute lists: the block just before (no blank line between) or else the next one takes them
    let target: Token | undefined;
    const prevClose = tokens[i - 2];
    if (prevClose && prevClose.nesting === -1 && prevClose.level === open.level && open.map) {
      const prevOpen = openOf(tokens, i - 2);
      if (prevOpen?.map && prevOpen.map[1] === open.map[0]) target = prevOpen;
    } else if (prevClose && prevClose.type === 'code_block' || prevClose?.type === 'fence' || prevClose?.type === 'hr') {
      if (prevClose.map && open.map && prevClose.map[1] === open.map[0]) target = prevClose;
    }
    if (!target) {
      for (let k = i + 2; k < tokens.length; k++) {
        if (tokens[k].level < open.level) break;
        if (tokens[k].level === open.level && tokens[k].nesting !== -1 && tokens[k].block) { target = tokens[k]; break; }
      }
    }
    if (target) for (const b of bodies) applyIal(target, b);
    tokens.splice(i - 1, 3);
    i -= 2;
  }
}

/** Span IALs right after an inline element (`*x*{: .hot}`, `` `c`{:.lang} ``): set on it, not shown. */
function spanIals(children: Token[]): void {
  for (let i = 1; i < children.length; i++) {
    const t = children[i];
    if (t.type !== 'text') continue;
    const prev = children[i - 1];
    const m = SPAN_IAL.exec(t.content);
    if (!m || !m[0].startsWith('{:')) continue;
    let target: Token | undefined;
    if (prev.nesting === -1) target = openOf(children, i - 1);
    else if (prev.type === 'code_inline' || prev.type === 'image') target = prev;
    if (!target) continue;
    applyIal(target, m[1]);
    t.content = t.content.slice(m[0].length);
  }
}

// ---- HTML blocks: to the element's close tag; markdown="1" ----

const BLOCK_TAGS = new Set(('address article aside blockquote body center details dialog dd div dl dt fieldset figcaption figure footer form '
  + 'header hgroup main menu nav ol section summary table tbody td tfoot th thead tr ul li iframe video audio object map noscript').split(' '));
const OPEN_TAG = /^ {0,3}<([A-Za-z][A-Za-z0-9-]*)(\s[^>]*)?>/;

let closeCacheSrc = '';
const closeCache = new Map<string, number>();

/** Where the last `</name` of the source is (-1: none). */
function lastCloseTag(src: string, name: string): number {
  if (src !== closeCacheSrc) { closeCacheSrc = src; closeCache.clear(); }
  let at = closeCache.get(name);
  if (at === undefined) {
    at = -1;
    const re = new RegExp(`</${name}`, 'gi');
    for (let m = re.exec(src); m; m = re.exec(src)) at = m.index;
    closeCache.set(name, at);
  }
  return at;
}

function htmlBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const pos = state.bMarks[startLine] + state.tShift[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4 || state.src.charCodeAt(pos) !== 0x3c) return false;
  const first = state.src.slice(state.bMarks[startLine], state.eMarks[startLine]);
  const m = OPEN_TAG.exec(first);
  if (!m) return false;
  const name = m[1].toLowerCase();
  if (!BLOCK_TAGS.has(name)) return false;
  // no close tag of that name after this one: nothing to look for (computed once per source and name)
  if (lastCloseTag(state.src, name) < pos) return false;
  // find the matching close tag, counting nested elements of the same name
  const open = new RegExp(`<${name}(?=[\\s>/])|</${name}\\s*>`, 'gi');
  let depth = 0;
  let line = startLine;
  let closeLine = -1;
  for (; line < endLine; line++) {
    const text = state.src.slice(state.bMarks[line] + (line === startLine ? state.tShift[line] : 0), state.eMarks[line]);
    open.lastIndex = 0;
    let t: RegExpExecArray | null;
    while ((t = open.exec(text))) {
      depth += t[0][1] === '/' ? -1 : 1;
      if (depth === 0) break;
    }
    if (depth === 0) { closeLine = line; break; }
  }
  // closed on its first line, or never: markdown-it's own html_block reads it as CommonMark does
  if (closeLine <= startLine) return false;
  if (silent) return true;
  const markdownAttr = /\smarkdown\s*=\s*(["']?)(1|block|span)\1/i.exec(m[2] ?? '');
  const closeText = state.src.slice(state.bMarks[closeLine] + state.tShift[closeLine], state.eMarks[closeLine]);
  if (markdownAttr && first.trim() === m[0].trim() && new RegExp(`^</${name}\\s*>$`, 'i').test(closeText.trim())) {
    const o = state.push('html_block', '', 0);
    o.map = [startLine, startLine + 1];
    o.content = m[0].trim().replace(markdownAttr[0], '') + '\n';
    const oldParent = state.parentType;
    const oldLineMax = state.lineMax;
    state.lineMax = closeLine;
    state.md.block.tokenize(state, startLine + 1, closeLine);
    state.lineMax = oldLineMax;
    state.parentType = oldParent;
    const c = state.push('html_block', '', 0);
    c.map = [closeLine, closeLine + 1];
    c.content = closeText.trim() + '\n';
  } else {
    const t = state.push('html_block', '', 0);
    t.map = [startLine, closeLine + 1];
    t.content = state.getLines(startLine, closeLine + 1, state.blkIndent, true).replace(markdownAttr?.[0] ?? '\0', '');
  }
  state.line = closeLine + 1;
  return true;
}

/**
 * kramdown's setext header is one line over its underline: a longer paragraph over `---` or `===` stays a
 * paragraph, the underline one more line of its text.
 */
function setextOneLine(state: StateCore): void {
  const tokens = state.tokens;
  let lines: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'heading_open' || (t.markup !== '-' && t.markup !== '=') || !t.map || t.map[1] - t.map[0] <= 2) continue;
    lines ??= state.src.split('\n');
    const close = tokens[i + 2];
    const under = lines[t.map[1] - 1] ?? '';
    t.type = 'paragraph_open'; t.tag = 'p'; t.markup = '';
    close.type = 'paragraph_close'; close.tag = 'p'; close.markup = '';
    // the underline is one more line of the paragraph (`---` shows as an em dash)
    const inline = tokens[i + 1];
    const br = new state.Token('softbreak', 'br', 0);
    const text = new state.Token('text', '', 0);
    text.content = under.trim();
    inline.children?.push(br, text);
    inline.content += '\n' + under.trim();
  }
}

// ---- definition lists ----

const DD_START = /^ {0,3}:[ \t]/;

/**
 * kramdown's definition lists: term lines (each a `<dt>`), then `: definition` lines (each a `<dd>`, with its
 * continuation lines; a `<p>` in it when a blank line came before), groups after blank lines in the same list.
 */
function deflist(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (l: number) => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  const raw = (l: number) => state.src.slice(state.bMarks[l], state.eMarks[l]);
  const blank = (l: number) => l >= endLine || state.isEmpty(l);
  if (state.sCount[startLine] - state.blkIndent >= 4 || blank(startLine) || DD_START.test(raw(startLine))) return false;
  // one group: terms, at most one blank line, a definition
  const group = (from: number): { terms: number[]; dd: number } | null => {
    const terms: number[] = [];
    let l = from;
    while (!blank(l) && !DD_START.test(raw(l)) && terms.length < 20) terms.push(l++);
    if (!terms.length) return null;
    if (blank(l)) l++;
    return l < endLine && DD_START.test(raw(l)) && state.sCount[l] - state.blkIndent < 4 ? { terms, dd: l } : null;
  };
  const first = group(startLine);
  if (!first) return false;
  if (silent) return true;
  const open = state.push('dl_open', 'dl', 1);
  open.map = [startLine, startLine];
  let g: { terms: number[]; dd: number } | null = first;
  let line = startLine;
  while (g) {
    for (const l of g.terms) {
      state.push('dt_open', 'dt', 1).map = [l, l + 1];
      const inl = state.push('inline', '', 0);
      inl.content = lineText(l).trim();
      inl.map = [l, l + 1];
      inl.children = [];
      state.push('dt_close', 'dt', -1);
    }
    const afterBlank = g.dd > g.terms[g.terms.length - 1] + 1;
    line = g.dd;
    // definitions: a `: ` line and the lines that continue it (not blank, not another definition)
    while (line < endLine && DD_START.test(raw(line))) {
      const lines = [raw(line).replace(DD_START, '').trim()];
      const from = line++;
      while (!blank(line) && !DD_START.test(raw(line))) lines.push(lineText(line++).trim());
      state.push('dd_open', 'dd', 1).map = [from, line];
      if (afterBlank) state.push('paragraph_open', 'p', 1).map = [from, line];
      const inl = state.push('inline', '', 0);
      inl.content = lines.join('\n');
      inl.map = [from, line];
      inl.children = [];
      if (afterBlank) state.push('paragraph_close', 'p', -1);
      state.push('dd_close', 'dd', -1);
    }
    // another group of the same list after a blank line
    let next = line;
    while (next < endLine && state.isEmpty(next)) next++;
    g = next > line || next === line ? (next < endLine ? group(next) : null) : null;
    if (g) line = next;
  }
  state.push('dl_close', 'dl', -1);
  open.map[1] = line;
  state.line = line;
  return true;
}

// ---- footnotes ----

interface Footnotes {
  /** Definitions by name: their Markdown. */
  defs: Map<string, string>;
  /** Referenced names in the order of their first reference, with how many times each is referenced. */
  used: Map<string, number>;
}

function footnotesOf(env: Record<string, unknown>): Footnotes {
  return (env.kramdownFootnotes ??= { defs: new Map(), used: new Map() }) as Footnotes;
}

const FN_DEF = /^ {0,3}\[\^([\w][\w-]*)\]:[ \t]?(.*)$/;

/** `[^name]: text` and its lazy lines, and the blocks indented under it after blank lines: kept, not shown here. */
function footnoteDef(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const raw = (l: number) => state.src.slice(state.bMarks[l], state.eMarks[l]);
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const m = FN_DEF.exec(raw(startLine));
  if (!m) return false;
  if (silent) return true;
  const lines = [m[2]];
  let line = startLine + 1;
  for (;;) {
    while (line < endLine && !state.isEmpty(line)) lines.push(raw(line++).replace(/^(?: {4}|\t)/, ''));
    let next = line;
    while (next < endLine && state.isEmpty(next)) next++;
    if (next >= endLine || state.sCount[next] - state.blkIndent < 4) break;
    for (; line < next; line++) lines.push('');
  }
  const fn = footnotesOf(state.env);
  fn.defs.set(m[1], lines.join('\n')); // the last definition of a name wins, as in kramdown
  state.line = line;
  return true;
}

/** `[^name]` with a definition: the footnote's number, linked. */
function footnoteRef(state: { src: string; pos: number; posMax: number; env: Record<string, unknown>; push(type: string, tag: string, nesting: number): Token }, silent: boolean): boolean {
  const s = state.src;
  if (s.charCodeAt(state.pos) !== 0x5b || s.charCodeAt(state.pos + 1) !== 0x5e) return false;
  const m = /^\[\^([\w][\w-]*)\]/.exec(s.slice(state.pos, Math.min(state.posMax, state.pos + 120)));
  if (!m) return false;
  const fn = footnotesOf(state.env);
  if (!fn.defs.has(m[1])) return false;
  if (!silent) {
    const n = fn.used.get(m[1]);
    fn.used.set(m[1], (n ?? 0) + 1);
    const t = state.push('kramdown_fn_ref', 'sup', 0);
    t.meta = { name: m[1], number: [...fn.used.keys()].indexOf(m[1]) + 1, repeat: n ?? 0 };
  }
  state.pos += m[0].length;
  return true;
}

const escAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The footnotes at the end of the document, as kramdown writes them. */
function footnoteBlock(state: StateCore, o: KramdownOptions): void {
  const fn = state.env.kramdownFootnotes as Footnotes | undefined;
  if (!fn || !fn.used.size) return;
  const html = (content: string) => { const t = new state.Token('html_block', '', 0); t.content = content; return t; };
  const out: Token[] = [html('<div class="footnotes" role="doc-endnotes">\n<ol>\n')];
  for (const [name, count] of fn.used) {
    const id = escAttr(name);
    out.push(html(`<li id="fn:${id}" role="doc-endnote">\n`));
    const inner: Token[] = [];
    state.md.block.parse(fn.defs.get(name) ?? '', state.md, state.env, inner);
    for (const t of inner) {
      if (t.type !== 'inline') continue;
      t.children = [];
      state.md.inline.parse(t.content, state.md, state.env, t.children);
      typography(t.children, o);
    }
    const back = Array.from({ length: count }, (_, k) => ` <a href="#fnref:${id}${k ? ':' + k : ''}" class="reversefootnote" role="doc-backlink">&#8617;${k ? `<sup>${k + 1}</sup>` : ''}</a>`).join('');
    const lastInline = inner.length >= 2 && inner[inner.length - 1].type === 'paragraph_close' ? inner[inner.length - 2] : undefined;
    if (lastInline) {
      const t = new state.Token('html_inline', '', 0);
      t.content = back;
      lastInline.children?.push(t);
      out.push(...inner);
    } else out.push(...inner, html(back + '\n'));
    out.push(html('</li>\n'));
  }
  out.push(html('</ol>\n</div>\n'));
  state.tokens.push(...out);
}

// ---- abbreviations ----

const ABBR_DEF = /^ {0,3}\*\[(.+?)\]:(.*)$/;

/** `*[HTML]: Hyper Text Markup Language`: kept for the text, not shown. */
function abbrDef(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const m = ABBR_DEF.exec(state.src.slice(state.bMarks[startLine], state.eMarks[startLine]));
  if (!m) return false;
  if (silent) return true;
  const env = state.env as { kramdownAbbrs?: Map<string, string> };
  (env.kramdownAbbrs ??= new Map()).set(m[1], m[2].trim());
  state.line = startLine + 1;
  return true;
}

/** Each defined abbreviation in the text, on ASCII word boundaries as kramdown finds them: an `<abbr>`. */
function abbreviations(state: StateCore): void {
  const abbrs = (state.env as { kramdownAbbrs?: Map<string, string> }).kramdownAbbrs;
  if (!abbrs?.size) return;
  const alts = [...abbrs.keys()].sort((a, b) => b.length - a.length).map(k => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![A-Za-z0-9_])(?:${alts.join('|')})(?![A-Za-z0-9_])`, 'g');
  for (const t of state.tokens) {
    if (t.type !== 'inline' || !t.children) continue;
    const out: Token[] = [];
    for (const c of t.children) {
      if (c.type !== 'text' || !(re.lastIndex = 0, re.test(c.content))) { out.push(c); continue; }
      let at = 0;
      re.lastIndex = 0;
      for (let m = re.exec(c.content); m; m = re.exec(c.content)) {
        const text = new state.Token('text', '', 0);
        text.content = c.content.slice(at, m.index);
        const title = abbrs.get(m[0]) ?? '';
        const open = new state.Token('html_inline', '', 0);
        open.content = title ? `<abbr title="${escAttr(title)}">` : '<abbr>';
        const word = new state.Token('text', '', 0);
        word.content = m[0];
        const close = new state.Token('html_inline', '', 0);
        close.content = '</abbr>';
        out.push(text, open, word, close);
        at = m.index + m[0].length;
      }
      const rest = new state.Token('text', '', 0);
      rest.content = c.content.slice(at);
      out.push(rest);
    }
    t.children = out;
  }
}

/** The plugin: `md.use(kramdown, options)`. */
export function kramdown(md: Md, o: KramdownOptions = JEKYLL_KRAMDOWN): void {
  md.block.ruler.before('html_block', 'kramdown_html_block', htmlBlock, { alt: ['paragraph', 'reference', 'blockquote'] });
  md.block.ruler.before('paragraph', 'kramdown_deflist', deflist);
  md.block.ruler.before('reference', 'kramdown_footnote', footnoteDef);
  md.block.ruler.before('reference', 'kramdown_abbr', abbrDef);
  md.inline.ruler.before('link', 'kramdown_footnote_ref', footnoteRef as Parameters<typeof md.inline.ruler.before>[2]);
  md.renderer.rules.kramdown_fn_ref = (tokens, idx) => {
    const { name, number, repeat } = tokens[idx].meta as { name: string; number: number; repeat: number };
    const id = escAttr(name);
    return `<sup id="fnref:${id}${repeat ? ':' + repeat : ''}" role="doc-noteref"><a href="#fn:${id}" class="footnote" rel="footnote">${number}</a></sup>`;
  };
  // kramdown's ordered lists take `1.` only: `1)` opening a line is text
  const list = (md.block.ruler as unknown as { __rules__: Array<{ name: string; fn: typeof htmlBlock }> }).__rules__.find(r => r.name === 'list')?.fn;
  if (list) {
    md.block.ruler.at('list', (state, startLine, endLine, silent) => {
      const pos = state.bMarks[startLine] + state.tShift[startLine];
      return /^\d{1,9}\)/.test(state.src.slice(pos, pos + 11)) ? false : list(state, startLine, endLine, silent);
    }, { alt: ['paragraph', 'reference', 'blockquote'] });
  }
  md.core.ruler.push('kramdown_abbreviations', abbreviations);
  md.core.ruler.push('kramdown_footnotes', state => footnoteBlock(state, o));
  md.core.ruler.after('inline', 'kramdown', (state: StateCore) => {
    setextOneLine(state);
    blockIals(state);
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type !== 'inline' || !t.children) continue;
      const open = tokens[i - 1];
      if (open?.type === 'heading_open') {
        // `## Title {#id}`: the id given, the suffix not shown
        const hm = HEADER_ID.exec(t.content);
        if (hm) {
          t.content = t.content.slice(0, hm.index);
          const last = t.children[t.children.length - 1];
          if (last?.type === 'text') last.content = last.content.replace(HEADER_ID, '');
          if (!open.attrGet('id')) open.attrSet('id', hm[1]);
        }
      }
      spanIals(t.children);
      typography(t.children, o);
      if (open?.type === 'heading_open' && o.autoIds && !open.attrGet('id')) {
        const id = o.input === 'GFM' ? gfmHeaderId(rawText(t.children), seen, o.autoIdPrefix) : kramdownHeaderId(t.content, seen, o.autoIdPrefix);
        // kramdown writes no empty id
        if (id) open.attrSet('id', id);
      }
    }
  });
}
