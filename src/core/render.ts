/**
 * Rendering a post's body for the preview: markdown-it (raw HTML on) for Markdown posts, the body as written
 * for `.html` posts (Jekyll converts neither with Liquid here), then one pass over the HTML: the fast parser's
 * events written straight out through the built-in strip rules and the sanitiser (streamRender.ts), or, for
 * user rules, the "show stripped items" mode and unusual input, a tree (htmlTree.ts), the strip plan and the
 * sanitising serialiser. Every top-level block gets a source anchor (line and
 * character) for scroll sync, the elements of raw HTML blocks included.
 */
import MarkdownIt from 'markdown-it';
import { parseHtml, HElement } from './htmlTree';
import { planStrip, RuleCount, StripRule, BUILTIN_RULES, summarize } from './stripRules';
import { serialize, SerializeOptions } from './sanitize';
import { streamRender } from './streamRender';
import { splitFrontMatter } from './frontmatter';
import { kramdown, KramdownOptions, JEKYLL_KRAMDOWN, Md } from './kramdown';

export type BodyKind = 'markdown' | 'html';

/** `.html` bodies are HTML as written; `.md`, `.markdown` (and anything else) are Markdown. */
export function bodyKindOf(fileName: string): BodyKind {
  return /\.html?$/i.test(fileName) ? 'html' : 'markdown';
}

const md = new MarkdownIt({ html: true });

/** markdown-it with the kramdown rules (kramdown.ts), one instance per set of kramdown options. */
const kramdownMds = new Map<string, Md>();
function markdownFor(k: KramdownOptions | null | undefined): Md {
  if (k === null) return md;
  const o = k ?? JEKYLL_KRAMDOWN;
  const key = JSON.stringify(o);
  let m = kramdownMds.get(key);
  if (!m) kramdownMds.set(key, m = new MarkdownIt({ html: true }).use(kramdown, o));
  return m;
}

/** markdown-it as configured for the preview, without anything of ours (the benchmark's baseline). */
export function plainMarkdown(body: string): string {
  return md.render(body);
}

/** A Markdown body as HTML the way the site's builder reads it (kramdown rules on by default), nothing stripped. */
export function markdownHtml(body: string, kramdown?: KramdownOptions | null): string {
  return markdownFor(kramdown).render(body);
}

export interface RenderOptions {
  kind?: BodyKind;
  /**
   * How the site's builder reads Markdown: kramdown with these options (default: Jekyll's, kramdownOptionsOf()
   * reads a site's), or null for plain CommonMark (a site whose `markdown:` is not kramdown).
   */
  kramdown?: KramdownOptions | null;
  /** Strip rules (default: the built-ins). */
  rules?: readonly StripRule[];
  /** 'strip' (default) leaves stripped items out; 'show' keeps them in place, outlined. */
  mode?: SerializeOptions['mode'];
  allowHttpImages?: boolean;
  resolveImage?: SerializeOptions['resolveImage'];
  /** Source anchors (data-line/data-ch) for scroll sync (default true). */
  anchors?: boolean;
  /** 'tree': always parse into a tree, plan and serialise (the reference the streaming path is tested against). */
  engine?: 'auto' | 'tree';
}

export interface RenderedBody {
  /** One HTML string per top-level block (what the webview patches one by one). */
  blocks: string[];
  /** Items stripped, per rule. */
  counts: RuleCount[];
  total: number;
  /** "Stripped 3 items: stock chart ×1, …". */
  summary: string;
}

interface Region {
  /** Offset in the rendered HTML where the block's output starts. */
  out: number;
  /** First source line of the block (0-based, in the whole document). */
  line: number;
  html: boolean;
}

/** Renders Markdown, noting where each top-level block's output starts. */
function renderMarkdown(body: string, firstLine: number, md: Md): { html: string; regions: Region[] } {
  const env = {};
  const tokens = md.parse(body, env);
  const rules = md.renderer.rules;
  const opts = md.options;
  const regions: Region[] = [];
  let html = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.level === 0 && t.nesting >= 0 && t.map && t.block) regions.push({ out: html.length, line: firstLine + t.map[0], html: t.type === 'html_block' });
    if (t.type === 'inline') html += md.renderer.renderInline(t.children ?? [], opts, env);
    else {
      const rule = rules[t.type];
      html += rule ? rule(tokens, i, opts, env, md.renderer) : md.renderer.renderToken(tokens, i, opts);
    }
  }
  return { html, regions };
}

/** Sets anchors while parsing: md blocks on their first element, raw HTML blocks on each top-level element. */
function anchorHook(html: string, regions: Region[]) {
  let r = -1;
  // newline bookkeeping inside the current html region: line and offset of the last line start seen
  let nlPos = 0;
  let nlLine = 0;
  // the next line break at or after nlPos (-1: none), so a long one-line body is not rescanned per element
  let nextNl = -2;
  return (el: HElement, depth: number) => {
    const at = el.start;
    let moved = false;
    while (r + 1 < regions.length && regions[r + 1].out <= at) { r++; moved = true; }
    if (r < 0) return;
    const reg = regions[r];
    if (moved) { nlPos = reg.out; nlLine = reg.line; nextNl = -2; }
    if (!reg.html) {
      if (at === reg.out) el.anchor = { line: reg.line, ch: 0 };
      return;
    }
    if (depth !== 0 && at !== reg.out) return;
    if (nextNl === -2) nextNl = html.indexOf('\n', nlPos);
    while (nextNl >= 0 && nextNl < at) {
      nlLine++;
      nlPos = nextNl + 1;
      nextNl = html.indexOf('\n', nlPos);
    }
    el.anchor = { line: nlLine, ch: at - nlPos };
  };
}

/**
 * Renders a body (the text after the front matter). `firstLine` is the document line the body starts on,
 * so anchors are document lines. CRLF bodies get the same lines (markdown-it reads \r\n as one break).
 */
export function renderBody(body: string, firstLine: number, options: RenderOptions = {}): RenderedBody {
  let html: string;
  let regions: Region[];
  if ((options.kind ?? 'markdown') === 'html') {
    html = body.replace(/\r\n?/g, '\n');
    regions = [{ out: 0, line: firstLine, html: true }];
  } else {
    ({ html, regions } = renderMarkdown(body, firstLine, markdownFor(options.kramdown)));
  }
  const rules = options.rules ?? BUILTIN_RULES;
  const serializeOptions: SerializeOptions = { mode: options.mode ?? 'strip', allowHttpImages: options.allowHttpImages, resolveImage: options.resolveImage };
  const hooks = () => (options.anchors === false ? {} : { onElement: anchorHook(html, regions) });
  if (options.engine !== 'tree') {
    // the built-in rules in strip mode (the usual case): written as the parser reads, no tree
    const s = streamRender(html, rules, serializeOptions, hooks());
    if (s) return { ...s, summary: summarize(s.counts) };
  }
  const root = parseHtml(html, hooks());
  const plan = planStrip(root, rules);
  const { blocks } = serialize(root, serializeOptions);
  return { blocks, counts: plan.counts, total: plan.total, summary: summarize(plan.counts) };
}

/** Where the body starts (Jekyll's `content`): after a front matter it reads, else the whole text after a BOM. */
export function bodyRange(text: string): { start: number; line: number } {
  const split = splitFrontMatter(text);
  const start = split.kind === 'ok' ? split.bodyStart : split.bom;
  let line = 0;
  for (let i = 0; i < start; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return { start, line };
}

/** Renders a whole post file's body. */
export function renderPost(text: string, options: RenderOptions = {}): RenderedBody {
  const { start, line } = bodyRange(text);
  return renderBody(text.slice(start), line, options);
}
