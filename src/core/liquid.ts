/**
 * What Liquid 4.0.4 (the Liquid of GitHub Pages' Jekyll 3.10 and of upstream Jekyll 4.4) will do with a post body
 * when it parses it: the tokens it reads, and the syntax errors that make `jekyll build` abort. It tokenizes with
 * Liquid's own TemplateParser, follows BlockBody#parse and each block's unknown_tag, and checks the tags' markup as
 * Jekyll's default error mode (`warn`: strict parse, then lax) does: only what the lax parser refuses aborts.
 * test/unit/liquid-diff.test.ts holds it to Liquid 4.0.4 itself.
 */

export interface LiquidToken {
  start: number;
  end: number;
  kind: 'tag' | 'variable';
  name?: string;
  /** The tag's markup (after its name) or the variable's content, as Liquid reads them. */
  markup?: string;
  /** Inside a `{% comment %}` (parsed by Liquid but never rendered). */
  inComment?: boolean;
}

export interface LiquidScan {
  tokens: LiquidToken[];
  /** The first syntax error (Liquid stops at it): Liquid's own wording and line (1-based, in the scanned text). */
  error?: { start: number; end: number; detail: string; line: number; kind?: 'syntax' | 'argument' };
}

// Liquid 4.0.4's constants (lib/liquid.rb), in JavaScript (Ruby's \w, \s and \d are ASCII, as JavaScript's).
const QS = `"[^"]*"|'[^']*'`;
const QF = `(?:${QS}|(?:[^\\s,|'"]|${QS})+)`;
const VARIABLE_SIGNATURE = `\\(?[\\w\\-.\\[\\]]\\)?`;
// (?:{%.*?%}|{{.*?}}?|{%|{{) with /m (dot matches newline)
const TEMPLATE_PARSER = /\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}?|\{%|\{\{/g;
const FULL_TOKEN = /^\{%-?\s*(\w+)\s*([\s\S]*?)-?%\}$/;
const CONTENT_OF_VARIABLE = /^\{\{-?([\s\S]*?)-?\}\}$/;
// Raw#parse: an end tag is found even after text, but only without `-` before its name.
const FULL_TOKEN_POSSIBLY_INVALID = /^[\s\S]*\{%\s*(\w+)\s*(?:[\s\S]*)?%\}$/;

const ASSIGN_SYNTAX = new RegExp(`(?:${VARIABLE_SIGNATURE})+\\s*=\\s*[\\s\\S]*`);
const CAPTURE_SYNTAX = new RegExp(`(?:${VARIABLE_SIGNATURE})+`);
const CASE_SYNTAX = new RegExp(QF);
const WHEN_SYNTAX = new RegExp(`(${QF})(?:(?:\\s+or\\s+|\\s*,\\s*)(${QF}[\\s\\S]*))?`);
const CYCLE_SIMPLE = new RegExp(`^(?:${QF})+`);
const CYCLE_NAMED = new RegExp(`^(${QF})\\s*:\\s*[\\s\\S]*`);
const FOR_SYNTAX = new RegExp(`^[\\w-]+\\s+in\\s+(?:${QF})+`);
const TABLEROW_SYNTAX = new RegExp(`\\w+\\s+in\\s+(?:${QF})+`);
const IF_SYNTAX = new RegExp(`${QF}`);
const EXPRESSIONS_AND_OPERATORS = new RegExp(`(?:\\b(?:\\s?and\\s?|\\s?or\\s?)\\b|(?:\\s*(?!\\b(?:\\s?and\\s?|\\s?or\\s?)\\b)(?:${QF}|\\S+)\\s*)+)`, 'g');
// Jekyll's tags
const HIGHLIGHT_SYNTAX = /^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$/;
const POST_NAME = /^(.+\/)*(\d+-\d+-\d+)-(.*)$/;
const INCLUDE_VALID = `([\\w-]+)\\s*=\\s*(?:"([^"\\\\]*(?:\\\\.[^"\\\\]*)*)"|'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|([\\w.-]+))`;
const INCLUDE_FULL_VALID = new RegExp(`^\\s*(?:${INCLUDE_VALID}(?=\\s|$)\\s*)*$`);
const INCLUDE_VARIABLE = /^([^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)([\s\S]*)$/;

/** Liquid 4.0.4's blocks, and Jekyll's (highlight). */
const BLOCKS = new Set(['if', 'unless', 'case', 'for', 'tablerow', 'capture', 'ifchanged', 'comment', 'raw', 'highlight']);
/** Liquid 4.0.4's and Jekyll's inline tags (no echo, render, liquid or `#`: those are Liquid 5). */
const INLINE = new Set(['assign', 'break', 'continue', 'cycle', 'decrement', 'increment', 'include', 'include_relative', 'link', 'post_url']);

/** Tags that plugins add, by gem name (GitHub Pages loads those it whitelists when `plugins:` names them; seo/feed via the theme too). */
export const PLUGIN_TAGS: Record<string, string[]> = {
  'jekyll-seo-tag': ['seo'], 'jekyll-feed': ['feed_meta'], 'jekyll-gist': ['gist'], 'jekyll-github-metadata': ['github_edit_link'],
  'jekyll-avatar': ['avatar'], 'jekyll-mentions': [], 'jemoji': [],
};

type Check = (markup: string) => string | undefined;

/** Tags whose markup errors are not Liquid's (Jekyll's own exceptions): Jekyll prints them without "Liquid syntax error (line N)". */
const RAW_MESSAGE = new Set(['include', 'include_relative', 'highlight', 'post_url']);

/** The lax parse of each tag's markup: the message of the SyntaxError it raises, or undefined. */
const MARKUP: Record<string, Check> = {
  assign: m => ASSIGN_SYNTAX.test(m) ? undefined : "Syntax Error in 'assign' - Valid syntax: assign [var] = [source]",
  capture: m => CAPTURE_SYNTAX.test(m) ? undefined : "Syntax Error in 'capture' - Valid syntax: capture [var]",
  case: m => CASE_SYNTAX.test(m) ? undefined : "Syntax Error in 'case' - Valid syntax: case [condition]",
  cycle: m => CYCLE_NAMED.test(m) || CYCLE_SIMPLE.test(m) ? undefined : "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]",
  for: m => FOR_SYNTAX.test(m) ? undefined : "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]",
  tablerow: m => TABLEROW_SYNTAX.test(m) ? undefined : "Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3",
  if: ifMarkup,
  unless: ifMarkup,
  elsif: ifMarkup,
  raw: m => /^\s*$/.test(m) ? undefined : "Syntax Error in 'raw' - Valid syntax: raw",
  // Jekyll raises Ruby's own SyntaxError here: no "Liquid syntax error" prefix (see RAW_MESSAGE)
  highlight: m => HIGHLIGHT_SYNTAX.test(m.trim()) ? undefined
    : `Syntax Error in tag 'highlight' while parsing the following markup:\n\n${m}\n\nValid syntax: highlight <lang> [linenos] [mark_lines="3 4 5"]\n\nSee https://jekyllrb.com/docs/liquid/tags/#code-snippet-highlighting for more details.\n`,
  post_url: m => {
    const name = m.trim();
    return POST_NAME.test(name.replace(/^\//, '')) ? undefined
      : `Could not parse name of post "${name}" in tag 'post_url'.\n Make sure the post exists and the name is correct.\n Jekyll::Errors::InvalidPostNameError: '${name}' does not contain valid date and/or title.\n`;
  },
  include: includeMarkup,
  include_relative: includeMarkup,
};

function ifMarkup(markup: string): string | undefined {
  const bad = "Syntax Error in tag 'if' - Valid syntax: if [expression]";
  const parts = markup.match(EXPRESSIONS_AND_OPERATORS) ?? [];
  const first = parts.pop();
  if (first === undefined || !IF_SYNTAX.test(first)) return bad;
  while (parts.length) {
    const op = parts.pop()!.trim();
    const expr = parts.pop();
    if (expr === undefined || !IF_SYNTAX.test(expr)) return bad;
    if (op !== 'and' && op !== 'or') return bad;
  }
  return undefined;
}

/** Jekyll's IncludeTag#initialize: the parameters after the file name must be `key=value` pairs. */
function includeMarkup(markup: string): string | undefined {
  const m = markup.trim();
  const v = INCLUDE_VARIABLE.exec(m);
  const params = v ? v[4].trim() : m.split(/\s+/).slice(1).join(' ') || undefined;
  if (params === undefined || params === '' || INCLUDE_FULL_VALID.test(params)) return undefined;
  // ArgumentError: Jekyll prints it without Liquid's "Liquid syntax error" prefix
  return `Invalid syntax for include tag:\n\n${params}\n\nValid syntax:\n\n{% include file.ext param='value' param2='value' %}\n\n`;
}

/** Includes' params after the split Jekyll does when there is no `{{` in the name: `a b` is "a" with params "b". */
export function includeTarget(markup: string): string | undefined {
  const m = markup.trim();
  if (INCLUDE_VARIABLE.test(m)) return undefined;
  const file = m.split(/\s+/)[0];
  return file || undefined;
}

interface Frame { name: string; start: number; end: number; line: number }

/**
 * Scans a body as Liquid 4.0.4 parses it. `extraTags` and `extraBlocks` are what the site's plugins register.
 */
export function scanLiquid(text: string, from = 0, to = text.length, extraTags: Iterable<string> = [], extraBlocks: Iterable<string> = []): LiquidScan {
  const tokens: LiquidToken[] = [];
  const inline = new Set([...INLINE, ...extraTags]);
  const blocks = new Set([...BLOCKS, ...extraBlocks]);
  const stack: Frame[] = [];
  const src = text.slice(from, to);
  // Liquid's line number: 1 + the line breaks of every token read so far
  let counted = from;
  let lines = 1;
  const lineAt = (offset: number) => {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
    counted = Math.max(counted, offset);
    return lines;
  };
  // Liquid 4 reports the line where the failing token starts (the line breaks of the tokens before it)
  const fail = (start: number, end: number, detail: string, kind: 'syntax' | 'argument' = 'syntax'): LiquidScan =>
    ({ tokens, error: { start, end, line: lineAt(start), detail, kind } });
  const inComment = () => stack.some(f => f.name === 'comment');
  TEMPLATE_PARSER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TEMPLATE_PARSER.exec(src))) {
    const token = m[0];
    const start = from + m.index;
    const end = start + token.length;
    const top = stack[stack.length - 1];
    if (top?.name === 'raw') {
      // Raw#parse reads tokens until one ends in `{% endraw %}` (text before it allowed, no `-` before the name)
      const r = token.startsWith('{%') ? FULL_TOKEN_POSSIBLY_INVALID.exec(token) : null;
      if (r && r[1] === 'endraw') { stack.pop(); tokens.push({ start, end, kind: 'tag', name: 'endraw' }); }
      continue;
    }
    if (token.startsWith('{%')) {
      const f = FULL_TOKEN.exec(token);
      if (!f) return fail(start, end, `Tag '${token}' was not properly terminated with regexp: /\\%\\}/`);
      const [, name, markup] = f;
      const known = blocks.has(name) || inline.has(name);
      if (known) {
        const problem = MARKUP[name]?.(markup);
        if (problem) return fail(start, end, problem, RAW_MESSAGE.has(name) ? 'argument' : 'syntax');
        tokens.push({ start, end, kind: 'tag', name, markup, inComment: inComment() || undefined });
        if (blocks.has(name)) stack.push({ name, start, end, line: lineAt(start) });
        continue;
      }
      // not a registered tag: the innermost block decides (Block#unknown_tag and its overrides), else the document
      if (!top) {
        return fail(start, end, name === 'else' || name === 'end' ? `Unexpected outer '${name}' tag` : `Unknown tag '${name}'`);
      }
      if (name === 'end' + top.name) {
        stack.pop();
        tokens.push({ start, end, kind: 'tag', name, inComment: inComment() || undefined });
        continue;
      }
      if (top.name === 'comment') continue; // Comment#unknown_tag ignores every other tag
      if ((top.name === 'if' || top.name === 'unless') && (name === 'elsif' || name === 'else')) {
        const problem = name === 'elsif' ? MARKUP.elsif(markup) : undefined;
        if (problem) return fail(start, end, problem);
        tokens.push({ start, end, kind: 'tag', name, markup, inComment: inComment() || undefined });
        continue;
      }
      if (top.name === 'case' && (name === 'when' || name === 'else')) {
        const problem = name === 'when' ? whenMarkup(markup) : /^\s*$/.test(markup) ? undefined
          : "Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters) ";
        if (problem) return fail(start, end, problem);
        tokens.push({ start, end, kind: 'tag', name, markup, inComment: inComment() || undefined });
        continue;
      }
      if (top.name === 'for' && name === 'else') { tokens.push({ start, end, kind: 'tag', name, markup }); continue; }
      if (name === 'else') return fail(start, end, `${top.name} tag does not expect 'else' tag`);
      if (name.startsWith('end')) return fail(start, end, `'${name}' is not a valid delimiter for ${top.name} tags. use end${top.name}`);
      return fail(start, end, `Unknown tag '${name}'`);
    }
    const v = CONTENT_OF_VARIABLE.exec(token);
    if (!v) return fail(start, end, `Variable '${token}' was not properly terminated with regexp: /\\}\\}/`);
    tokens.push({ start, end, kind: 'variable', markup: v[1], inComment: inComment() || undefined });
  }
  const open = stack[stack.length - 1];
  // raw reads on by itself and fails at its own line; the other blocks fail after the last token
  if (open) return { tokens, error: { start: open.start, end: open.end, line: open.name === 'raw' ? open.line : lineAt(to), detail: `'${open.name}' tag was never closed`, kind: 'syntax' } };
  return { tokens };
}

function whenMarkup(markup: string): string | undefined {
  let rest: string | undefined = markup;
  while (rest !== undefined) {
    const w = WHEN_SYNTAX.exec(rest);
    if (!w) return "Syntax Error in tag 'case' - Valid when condition: {% when [condition] [or condition2...] %}";
    rest = w[2];
  }
  return undefined;
}

/**
 * Jekyll's excerpt (Excerpt#extract_excerpt): the body up to the first excerpt separator, with `{% endNAME %}`
 * appended for every block tag it opens and does not close (sanctify_liquid_tags). Liquid renders it on its own.
 * Returns undefined when there is no separator in the body (the excerpt is the whole body).
 */
export function excerptOf(body: string, separator = '\n\n'): { head: string; appended: string } | undefined {
  if (!separator) return undefined;
  const at = body.indexOf(separator);
  if (at < 0 || at + separator.length >= body.length) return undefined;
  const head = body.slice(0, at);
  if (!head.includes('{%')) return { head, appended: '' };
  const names = [...head.matchAll(/\{%-?\s*(\w+)\s*[\s\S]*?-?%\}/g)].map(m => m[1]);
  let appended = '';
  for (const name of names.reverse()) {
    if (!BLOCKS.has(name)) continue;
    if (new RegExp(`\\{%-?\\s*end${name}.*?\\s*-?%\\}`).test(head + appended)) continue;
    appended += `\n{% end${name} %}`;
  }
  return { head, appended };
}

// Liquid 4.0.4's Lexer and the strict Parser of a variable (Variable#strict_parse) and of a condition (If#strict_parse):
// in Jekyll's `warn` mode, markup the strict parser refuses is read again by the lax parser, which reads it otherwise.
type Lexeme = [kind: string, text: string, offset: number];
const LEX = /\s*(?:(==|!=|<>|<=?|>=?|contains(?=\s))|('[^']*'|"[^"]*")|(-?\d+(?:\.\d+)?)|([a-zA-Z_][\w-]*\??)|(\.\.)|([|.:,[\]()?-]))/y;
const SPECIAL: Record<string, string> = { '|': 'pipe', '.': 'dot', ':': 'colon', ',': 'comma', '[': 'open_square', ']': 'close_square', '(': 'open_round', ')': 'close_round', '?': 'question', '-': 'dash' };

function lex(input: string): Lexeme[] | undefined {
  const out: Lexeme[] = [];
  LEX.lastIndex = 0;
  for (;;) {
    const at = LEX.lastIndex;
    if (/^\s*$/.test(input.slice(at))) break;
    const m = LEX.exec(input);
    if (!m) return undefined; // "Unexpected character"
    const off = at + m[0].length - m[0].trimStart().length;
    if (m[1]) out.push(['comparison', m[1], off]);
    else if (m[2]) out.push(['string', m[2], off]);
    else if (m[3]) out.push(['number', m[3], off]);
    else if (m[4]) out.push(['id', m[4], off]);
    else if (m[5]) out.push(['dotdot', m[5], off]);
    else out.push([SPECIAL[m[6]], m[6], off]);
  }
  out.push(['end_of_string', '', input.length]);
  return out;
}

class StrictParser {
  p = 0;
  constructor(readonly t: Lexeme[]) {}
  look(kind: string, ahead = 0): boolean { return this.t[this.p + ahead]?.[0] === kind; }
  consume(kind?: string): Lexeme { const tok = this.t[this.p]; if (!tok || (kind && tok[0] !== kind)) throw new Error('syntax'); this.p++; return tok; }
  consumeIf(kind: string): Lexeme | undefined { return this.look(kind) ? this.t[this.p++] : undefined; }
  expression(): void {
    const tok = this.t[this.p];
    if (tok[0] === 'id') this.signature();
    else if (tok[0] === 'string' || tok[0] === 'number') this.consume();
    else if (tok[0] === 'open_round') { this.consume(); this.expression(); this.consume('dotdot'); this.expression(); this.consume('close_round'); }
    else throw new Error('syntax');
  }
  signature(): void {
    this.consume('id');
    while (this.look('open_square')) { this.consume(); this.expression(); this.consume('close_square'); }
    if (this.look('dot')) { this.consume(); this.signature(); }
  }
  /** An argument; true when it is a keyword argument (`key: value`). */
  argument(): boolean {
    let kw = false;
    if (this.look('id') && this.look('colon', 1)) { this.consume(); this.consume(); kw = true; }
    this.expression();
    return kw;
  }
}

export interface FilterCall {
  name: string;
  /** Offset of the name in the markup. */
  offset: number;
  /** Positional arguments, plus one for keyword arguments (Liquid passes them as one hash). */
  args: number;
}

export interface ParsedVariable {
  /** The strict parser read it (else the lax parser did, and `laxName` is what it reads as the value). */
  strict: boolean;
  laxName?: string;
  filters: FilterCall[];
}

const LAX_VARIABLE = new RegExp(`^\\s*(${QF})([\\s\\S]*)$`);
const FILTER_PARSER = new RegExp(`(?:\\s+|${QF}|,)+`, 'g');
const FILTER_ARGS = new RegExp(`(?::|,)\\s*((?:\\w+\\s*:\\s*)?${QF})`, 'g');
const TAG_ATTRIBUTE = new RegExp(`^(\\w+)\\s*:\\s*(${QF})$`);

/** How Liquid 4.0.4 in `warn` mode reads the markup of `{{ … }}` (or an assign's right-hand side). */
export function parseVariable(markup: string): ParsedVariable {
  const tokens = lex(markup);
  if (tokens) {
    try {
      const p = new StrictParser(tokens);
      const filters: FilterCall[] = [];
      p.expression();
      while (p.consumeIf('pipe')) {
        const id = p.consume('id');
        let args = 0, kw = false;
        if (p.consumeIf('colon')) {
          do { if (p.argument()) kw = true; else args++; } while (p.consumeIf('comma'));
        }
        filters.push({ name: id[1], offset: id[2], args: args + (kw ? 1 : 0) });
      }
      p.consume('end_of_string');
      return { strict: true, filters };
    } catch { /* lax below */ }
  }
  const m = LAX_VARIABLE.exec(markup);
  if (!m) return { strict: false, filters: [] };
  const filters: FilterCall[] = [];
  const rest = m[2];
  const pipe = /\|\s*([\s\S]*)$/.exec(rest);
  if (pipe) {
    const base = markup.length - pipe[1].length;
    FILTER_PARSER.lastIndex = 0;
    let f: RegExpExecArray | null;
    while ((f = FILTER_PARSER.exec(pipe[1]))) {
      if (!f[0]) { FILTER_PARSER.lastIndex++; continue; }
      const w = /\w+/.exec(f[0]);
      if (!w) continue;
      let args = 0, kw = false;
      for (const a of f[0].matchAll(FILTER_ARGS)) { if (TAG_ATTRIBUTE.test(a[1])) kw = true; else args++; }
      filters.push({ name: w[0], offset: base + f.index + w.index, args: args + (kw ? 1 : 0) });
    }
  }
  return { strict: false, laxName: m[1], filters };
}

const OPERATORS = new Set(['==', '!=', '<>', '<', '>', '>=', '<=', 'contains']);
const LAX_CONDITION = new RegExp(`(${QF})\\s*([=!<>a-z_]+)?\\s*(${QF})?`);

/** Whether the strict parser reads an if/elsif/unless condition (else Liquid reads it with the lax parser, its own way). */
export function strictCondition(markup: string): boolean {
  const tokens = lex(markup);
  if (!tokens) return false;
  try {
    const p = new StrictParser(tokens);
    const comparison = () => { p.expression(); if (p.consumeIf('comparison')) p.expression(); };
    comparison();
    while (p.look('id') && (p.t[p.p][1] === 'and' || p.t[p.p][1] === 'or')) { p.consume(); comparison(); }
    p.consume('end_of_string');
    return true;
  } catch {
    return false;
  }
}

/** The comparison operators of an if/elsif/unless that Liquid does not know (it raises "Unknown operator" when rendering). */
export function unknownOperators(markup: string): string[] {
  if (strictCondition(markup)) return [];
  const bad: string[] = [];
  for (const expr of markup.match(EXPRESSIONS_AND_OPERATORS) ?? []) {
    if (/^\s*(and|or)\s*$/.test(expr)) continue;
    const m = LAX_CONDITION.exec(expr);
    if (m?.[2] && !OPERATORS.has(m[2])) bad.push(m[2]);
  }
  return bad;
}
