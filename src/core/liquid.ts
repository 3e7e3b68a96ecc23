/**
 * Finds what Liquid 5.4 (Jekyll 4.3's renderer) will do with a post body: the tokens it renders, and the syntax
 * errors that make `jekyll build` abort. Tokenizes with Liquid's own TemplateParser and follows its block rules.
 */

export interface LiquidToken {
  start: number;
  end: number;
  kind: 'tag' | 'variable';
  name?: string;
}

export interface LiquidScan {
  tokens: LiquidToken[];
  /** The first syntax error (Liquid stops at it): Liquid's own wording and line (1-based, in the scanned text). */
  error?: { start: number; end: number; detail: string; line: number };
}

// (?:{%.*?%}|{{.*?}}?|{%|{{) with /m (dot matches newline)
const TEMPLATE_PARSER = /\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}?|\{%|\{\{/g;
const FULL_TOKEN = /^\{%-?(\s*)(#|\w+)(\s*)([\s\S]*?)-?%\}$/;
const CONTENT_OF_VARIABLE = /^\{\{-?([\s\S]*?)-?\}\}$/;

const BLOCKS = new Set(['if', 'unless', 'case', 'for', 'tablerow', 'capture', 'ifchanged', 'comment', 'raw', 'highlight']);
const INLINE = new Set(['assign', 'break', 'continue', 'cycle', 'decrement', 'increment', 'echo', 'include', 'render',
  '#', 'liquid', 'include_relative', 'link', 'post_url']);
const INTERMEDIATE: Record<string, string[]> = { if: ['else', 'elsif'], unless: ['else', 'elsif'], case: ['when', 'else'], for: ['else'] };

/** Tags that plugins named in `plugins:` of _config.yml add. */
export const PLUGIN_TAGS: Record<string, string[]> = {
  'jekyll-seo-tag': ['seo'], 'jekyll-feed': ['feed_meta'], 'jekyll-gist': ['gist'], 'jekyll-mentions': [],
};

export function hasLiquid(text: string, from = 0): boolean {
  const a = text.indexOf('{{', from);
  const b = text.indexOf('{%', from);
  return a >= 0 || b >= 0;
}

export function scanLiquid(text: string, from = 0, to = text.length, extraTags: Iterable<string> = []): LiquidScan {
  const tokens: LiquidToken[] = [];
  const known = new Set([...INLINE, ...extraTags]);
  const stack: Array<{ name: string; start: number; end: number }> = [];
  const src = text.slice(from, to);
  // Liquid's line number: 1 + the line breaks of every token read so far
  let counted = from;
  let lines = 1;
  const lineAt = (offset: number) => {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
    counted = Math.max(counted, offset);
    return lines;
  };
  TEMPLATE_PARSER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TEMPLATE_PARSER.exec(src))) {
    const token = m[0];
    const start = from + m.index;
    const end = start + token.length;
    const top = stack[stack.length - 1];
    if (token.startsWith('{%')) {
      const f = FULL_TOKEN.exec(token);
      if (top && (top.name === 'raw' || top.name === 'comment')) {
        // raw and comment bodies are not parsed; only their end tag counts (comment nests)
        if (f && f[2] === 'end' + top.name) { stack.pop(); tokens.push({ start, end, kind: 'tag', name: f[2] }); }
        else if (f && top.name === 'comment' && f[2] === 'comment') stack.push({ name: 'comment', start, end });
        continue;
      }
      if (!f) return { tokens, error: { start, end, line: lineAt(end), detail: `Tag '${token}' was not properly terminated with regexp: /\\%\\}/` } };
      const name = f[2];
      tokens.push({ start, end, kind: 'tag', name });
      if (BLOCKS.has(name)) { stack.push({ name, start, end }); continue; }
      if (known.has(name)) continue;
      if (name.startsWith('end')) {
        if (top && name === 'end' + top.name) { stack.pop(); continue; }
        if (top) return { tokens, error: { start, end, line: lineAt(end), detail: `'${name}' is not a valid delimiter for ${top.name} tags. use end${top.name}` } };
      }
      if (top && INTERMEDIATE[top.name]?.includes(name)) continue;
      return { tokens, error: { start, end, line: lineAt(end), detail: `Unknown tag '${name}'` } };
    }
    if (top && (top.name === 'raw' || top.name === 'comment')) continue;
    tokens.push({ start, end, kind: 'variable' });
    if (!CONTENT_OF_VARIABLE.test(token)) {
      return { tokens, error: { start, end, line: lineAt(end), detail: `Variable '${token}' was not properly terminated with regexp: /\\}\\}/` } };
    }
  }
  const open = stack[stack.length - 1];
  if (open) return { tokens, error: { start: open.start, end: open.end, line: lineAt(to), detail: `'${open.name}' tag was never closed` } };
  return { tokens };
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
