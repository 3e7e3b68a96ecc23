/**
 * A small HTML tree with source offsets, built with htmlparser2's event parser (not regular expressions).
 * Every node knows where it sits in the parsed string, so rules can act on the tree and their effect can
 * be written back as offset ranges of the original text (nothing outside them is re-serialised).
 */
import { Parser } from 'htmlparser2';

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

/** Parses an HTML fragment into a tree whose offsets are indices into `html`. */
export function parseHtml(html: string, hooks: ParseHooks = {}): HRoot {
  const root = makeNode('root', '', NO_ATTRS, [], null, 0, 0, html.length, '') as unknown as HRoot;
  // htmlparser2 closes exactly what it opened, in order: `open` mirrors its stack; `top` is the deepest kept parent
  const open: HElement[] = [];
  const flat: boolean[] = [];
  let top: HParent = root;
  let depth = 0;
  let lastText: HText | null = null;
  const onElement = hooks.onElement;
  const parser: Parser = new Parser({
    onopentag(name, attribs, isImplied) {
      lastText = null;
      // an implied open tag (`</p>` alone makes an empty <p>) has no text of its own
      const openEnd = isImplied ? parser.startIndex : parser.endIndex + 1;
      const el = makeNode('element', name, attribs, [], top, parser.startIndex, openEnd, openEnd, '') as unknown as HElement;
      top.children.push(el);
      if (onElement) onElement(el, depth);
      open.push(el);
      if (depth >= MAX_DEPTH) {
        flat.push(true);
      } else {
        flat.push(false);
        top = el;
        depth++;
      }
    },
    onclosetag(name, isImplied) {
      lastText = null;
      const el = open.pop();
      if (!el) return;
      if (VOID_ELEMENTS.has(name)) {
        el.end = el.openEnd;
      } else if (isImplied) {
        // closed by the next tag (or the end of the input): it ends where that token starts
        el.end = Math.max(el.openEnd, Math.min(parser.startIndex, html.length));
      } else {
        el.closeStart = parser.startIndex;
        el.end = parser.endIndex + 1;
      }
      if (!flat.pop()) {
        top = el.parent;
        depth--;
      }
    },
    ontext(data) {
      const s = parser.startIndex;
      const e = parser.endIndex + 1;
      if (lastText && lastText.end === s) {
        lastText.data += data;
        lastText.end = e;
      } else {
        lastText = textNode(data, top, s, e);
        top.children.push(lastText);
      }
    },
    oncomment(data) {
      lastText = null;
      top.children.push(makeNode('comment', '', NO_ATTRS, NO_CHILDREN, top, parser.startIndex, parser.startIndex, parser.endIndex + 1, data) as unknown as HComment);
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false });
  parser.end(html);
  return root;
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
export function classesOf(el: HElement): string[] {
  const c = el.attrs.class;
  return c ? c.split(/[ \t\n\f\r]+/).filter(Boolean) : [];
}
