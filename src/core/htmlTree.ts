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

/** Parses an HTML fragment into a tree whose offsets are indices into `html`. */
export function parseHtml(html: string, hooks: ParseHooks = {}): HRoot {
  const root: HRoot = { type: 'root', children: [], parent: null, start: 0, end: html.length };
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
      const el: HElement = {
        type: 'element', name, attrs: attribs, children: [], parent: top,
        start: parser.startIndex, openEnd, closeStart: -1, end: openEnd,
      };
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
        lastText = { type: 'text', data, parent: top, start: s, end: e };
        top.children.push(lastText);
      }
    },
    oncomment(data) {
      lastText = null;
      top.children.push({ type: 'comment', data, parent: top, start: parser.startIndex, end: parser.endIndex + 1 });
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
