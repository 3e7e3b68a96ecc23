/**
 * A small HTML tree with source offsets, built with htmlparser2's event parser (not regular expressions).
 * Every node knows where it sits in the parsed string, so rules can act on the tree and their effect can
 * be written back as offset ranges of the original text (nothing outside them is re-serialised).
 */
import { Parser } from 'htmlparser2';
import { parseFast } from './htmlFast';

export interface HElement {
  type: 'element';
  /** Lower-case tag name. */
  name: string;
  /** Attributes (names lower-cased, values decoded; the first of duplicates, as browsers do). */
  attrs: Record<string, string>;
  children: HNode[];
  parent: HParent;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the open tag's `>`. */
  openEnd: number;
  /** Offset of the explicit close tag `</…`, or -1 when the element was closed implicitly (or is void). */
  closeStart: number;
  /** Offset just after the element (after its close tag when it has one). */
  end: number;
  /** Source position of the element (set by the renderer for scroll sync). */
  anchor?: { line: number; ch: number };
  /** The strip rule's decision on this element (set by planStrip). */
  strip?: StripDecision;
}

/** What planStrip decided for a node (see stripRules.ts). */
export interface StripDecision {
  action: 'remove' | 'unwrap';
  counted: boolean;
  rule: { id: string; label: string };
}

export interface HText {
  type: 'text';
  /** Decoded text. */
  data: string;
  parent: HParent;
  start: number;
  end: number;
}

export interface HComment {
  type: 'comment';
  data: string;
  parent: HParent;
  start: number;
  end: number;
}

/** A run of siblings stripped together (a comment-marker pair and what lies between). */
export interface HGroup {
  type: 'group';
  children: HNode[];
  parent: HParent;
  start: number;
  end: number;
  strip?: StripDecision;
}

export interface HRoot {
  type: 'root';
  children: HNode[];
  parent: null;
  start: number;
  end: number;
}

export type HNode = HElement | HText | HComment | HGroup;
export type HParent = HElement | HGroup | HRoot;

export const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

export interface ParseHooks {
  /** Called for each element when its open tag has been read (with its depth: 0 = child of the root). */
  onElement?(el: HElement, depth: number): void;
}

/**
 * Elements nested deeper than this are attached to the element at this depth (their own children become
 * their siblings), as Chromium's parser does at 512: a pathological post cannot overflow a recursive walk.
 */
export const MAX_DEPTH = 512;

const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: HNode[] = Object.freeze([]) as unknown as HNode[];

/**
 * Every node is made with the same fields in the same order (one hidden class in V8), so the walks over the
 * tree (strip rules, serialiser) stay monomorphic: about a third faster on a 2 MB post.
 */
function makeNode(type: 'element' | 'text' | 'comment' | 'group' | 'root', name: string, attrs: Record<string, string>, children: HNode[],
  parent: HParent | null, start: number, openEnd: number, end: number, data: string): HNode & HRoot {
  return { type, name, attrs, children, parent, start, openEnd, closeStart: -1, end, data, anchor: undefined, strip: undefined } as unknown as HNode & HRoot;
}

export function textNode(data: string, parent: HParent, start: number, end: number): HText {
  return makeNode('text', '', NO_ATTRS, NO_CHILDREN, parent, start, start, end, data) as unknown as HText;
}

export function groupNode(children: HNode[], parent: HParent, start: number, end: number): HGroup {
  return makeNode('group', '', NO_ATTRS, children, parent, start, start, end, '') as unknown as HGroup;
}

/**
 * What a parser calls as it reads (the fast parser's events, in document order): the tree builder below, or
 * the preview's streaming serialiser (streamRender.ts), which writes the output without building a tree.
 */
export interface HtmlSink {
  /** An element whose open tag was read (a void one is closed at once with closeElement). */
  openElement(name: string, attrs: Record<string, string>, start: number, openEnd: number): void;
  /** Closes the innermost open element: it ends at `end`; `closeStart` is its close tag's `<` (-1: none). */
  closeElement(end: number, closeStart: number): void;
  text(data: string, start: number, end: number): void;
  comment(data: string, start: number, end: number): void;
  /** A token that makes no node (the texts around it stay apart). */
  gap(): void;
  /** Where the innermost open element's open tag ends. */
  currentOpenEnd(): number;
}

/**
 * Builds the tree from a parser's events (the fast parser's and htmlparser2's alike): elements nested past
 * MAX_DEPTH are flattened, adjacent text pieces (split at entities) are merged into one node.
 */
export class TreeBuilder implements HtmlSink {
  readonly root: HRoot;
  private readonly open: HElement[] = [];
  private readonly flat: boolean[] = [];
  private top: HParent;
  private depth = 0;
  private lastText: HText | null = null;

  constructor(length: number, private readonly onElement?: ParseHooks['onElement']) {
    this.root = makeNode('root', '', NO_ATTRS, [], null, 0, 0, length, '') as unknown as HRoot;
    this.top = this.root;
  }

  openElement(name: string, attrs: Record<string, string>, start: number, openEnd: number): HElement {
    this.lastText = null;
    const top = this.top;
    const el = makeNode('element', name, attrs, [], top, start, openEnd, openEnd, '') as unknown as HElement;
    top.children.push(el);
    if (this.onElement) this.onElement(el, this.depth);
    this.open.push(el);
    if (this.depth >= MAX_DEPTH) {
      this.flat.push(true);
    } else {
      this.flat.push(false);
      this.top = el;
      this.depth++;
    }
    return el;
  }

  /** The innermost open element. */
  current(): HElement | undefined {
    return this.open[this.open.length - 1];
  }

  currentOpenEnd(): number {
    return this.open[this.open.length - 1].openEnd;
  }

  closeElement(end: number, closeStart: number): void {
    this.lastText = null;
    const el = this.open.pop();
    if (!el) return;
    el.closeStart = closeStart;
    el.end = end;
    if (!this.flat.pop()) {
      this.top = el.parent;
      this.depth--;
    }
  }

  text(data: string, start: number, end: number): void {
    const last = this.lastText;
    if (last && last.end === start) {
      last.data += data;
      last.end = end;
    } else {
      this.lastText = textNode(data, this.top, start, end);
      this.top.children.push(this.lastText);
    }
  }

  comment(data: string, start: number, end: number): void {
    this.lastText = null;
    this.top.children.push(makeNode('comment', '', NO_ATTRS, NO_CHILDREN, this.top, start, start, end, data) as unknown as HComment);
  }

  gap(): void {
    this.lastText = null;
  }
}

/**
 * Parses an HTML fragment into a tree whose offsets are indices into `html`: with the fast parser
 * (htmlFast.ts) when it reads the whole input, else with htmlparser2. Both build the same tree; a test
 * compares them on every corpus post, the XSS corpus and generated markup.
 */
export function parseHtml(html: string, hooks: ParseHooks = {}): HRoot {
  return parseFast(html, hooks) ?? parseWithHtmlparser2(html, hooks);
}

/** The same tree, always built with htmlparser2 (the reference the fast parser is tested against). */
export function parseWithHtmlparser2(html: string, hooks: ParseHooks = {}): HRoot {
  const b = new TreeBuilder(html.length, hooks.onElement);
  const parser: Parser = new Parser({
    onopentag(name, attribs, isImplied) {
      // an implied open tag (`</p>` alone makes an empty <p>) has no text of its own
      b.openElement(name, attribs, parser.startIndex, isImplied ? parser.startIndex : parser.endIndex + 1);
    },
    onclosetag(name, isImplied) {
      const el = b.current();
      if (!el) return;
      if (VOID_ELEMENTS.has(name)) {
        b.closeElement(el.openEnd, -1);
      } else if (isImplied) {
        // closed by the next tag (or the end of the input): it ends where that token starts
        b.closeElement(Math.max(el.openEnd, Math.min(parser.startIndex, html.length)), -1);
      } else {
        // htmlparser2's endIndex is where the close tag's name ends (`</p >`): the element ends after its `>`
        const gt = html.indexOf('>', parser.endIndex);
        b.closeElement(gt < 0 ? parser.endIndex + 1 : gt + 1, parser.startIndex);
      }
    },
    ontext(data) {
      b.text(data, parser.startIndex, parser.endIndex + 1);
    },
    oncomment(data) {
      b.comment(data, parser.startIndex, parser.endIndex + 1);
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false });
  // htmlparser2 starts the next event where a close tag's name ends (`</p >`: at the space): after its `>`
  const onCloseTag = parser.onclosetag;
  parser.onclosetag = function (start: number, endIndex: number) {
    onCloseTag.call(this, start, endIndex);
    const gt = html.indexOf('>', endIndex);
    if (gt >= 0) this.startIndex = gt + 1;
  };
  parser.end(html);
  return b.root;
}

/** The decoded text of a node (what `textContent` would give). */
export function textOf(node: HNode | HRoot): string {
  if (node.type === 'text') return node.data;
  if (node.type === 'comment') return '';
  let s = '';
  for (const c of node.children) s += textOf(c);
  return s;
}

export function isElement(n: HNode | HRoot | null | undefined): n is HElement {
  return !!n && n.type === 'element';
}

/** The class list of an element. */
export function classesOf(el: Pick<HElement, 'attrs'>): string[] {
  const c = el.attrs.class;
  return c ? c.split(/[ \t\n\f\r]+/).filter(Boolean) : [];
}
