/**
 * Serialising a parsed post body for the preview: an allow-list of elements and attributes, URLs checked
 * by scheme, inline styles filtered, and the strip plan applied (removed, or shown in place and outlined).
 * The output is rebuilt from the tree (tags from the allow-list, every text and attribute escaped), so no
 * markup of the post reaches the page as written. The page's CSP is the second line of defence.
 */
import { HElement, HGroup, HNode, HRoot } from './htmlTree';
import { sanitizeStyle } from './css';
import { t } from './l10n';

/** Elements dropped with everything inside them (scripts, frames, forms, embedded documents, foreign content). */
export const DROP = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'noscript',
  'noembed', 'noframes', 'svg', 'math', 'head', 'title', 'meta', 'link', 'base', 'basefont', 'bgsound', 'xmp',
  'plaintext', 'canvas', 'audio', 'video', 'source', 'track', 'portal', 'input', 'button', 'select', 'option',
  'optgroup', 'textarea', 'datalist', 'output', 'keygen', 'dialog', 'slot', 'fencedframe', 'isindex', 'marquee',
]);

/** Elements kept (with allowed attributes); any other element is unwrapped (its content kept). */
export const ALLOW = new Set([
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center',
  'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav',
  'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strike', 'strong', 'sub',
  'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
]);

export const VOID = new Set(['br', 'col', 'hr', 'img', 'wbr']);

export const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'div', 'dl', 'figure', 'footer', 'form', 'h1',
  'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul', 'li',
  'dd', 'dt', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption', 'summary', 'figcaption',
]);

const GLOBAL_ATTRS = new Set(['class', 'id', 'title', 'lang', 'dir', 'style', 'align', 'hidden']);
const ELEMENT_ATTRS: Record<string, Set<string>> = {
  a: new Set(['href', 'name']),
  img: new Set(['src', 'alt', 'width', 'height', 'border']),
  td: new Set(['colspan', 'rowspan', 'valign', 'width', 'height']),
  th: new Set(['colspan', 'rowspan', 'valign', 'width', 'height', 'scope']),
  table: new Set(['border', 'cellpadding', 'cellspacing', 'width', 'summary']),
  col: new Set(['span', 'width']),
  colgroup: new Set(['span', 'width']),
  ol: new Set(['start', 'type', 'reversed']),
  ul: new Set(['type']),
  li: new Set(['value']),
  time: new Set(['datetime']),
  details: new Set(['open']),
  abbr: new Set(['title']),
};

export interface SerializeOptions {
  /** 'strip': stripped items are left out; 'show': they stay in place, outlined and labelled. */
  mode: 'strip' | 'show';
  /** Load `http:` images (default: replaced by a visible placeholder). */
  allowHttpImages?: boolean;
  /** Maps a relative image URL to one the preview can load (undefined: leave it as written). */
  resolveImage?: (url: string) => string | undefined;
}

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&"<>]/;
export const escText = (s: string) => (TEXT_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s);
const escAttr = (s: string) => (ATTR_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s);

export type UrlKind = 'relative' | 'fragment' | 'https' | 'http' | 'mailto' | 'tel' | 'data-image' | 'other';

/** Spaces, control characters, tabs, line breaks: a URL or class list without any (nearly all) needs no cleaning. */
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\x00-\x20]/;

/** A URL as a browser would read it (tabs and newlines removed, C0 and spaces trimmed), and its kind. */
export function classifyUrl(raw: string): { url: string; kind: UrlKind } {
  // eslint-disable-next-line no-control-regex
  let url = NEEDS_CLEANING.test(raw) ? raw.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '') : raw;
  // the usual absolute URLs, decided without the general parse below
  if (url.startsWith('https://')) return { url, kind: 'https' };
  if (url.startsWith('http://')) return { url, kind: 'http' };
  if (url.startsWith('//')) url = 'https:' + url;
  if (url.startsWith('#')) return { url, kind: 'fragment' };
  const colon = url.indexOf(':');
  const firstDelim = url.search(/[/?#]/);
  if (colon < 0 || (firstDelim >= 0 && firstDelim < colon)) return { url, kind: 'relative' };
  const scheme = url.slice(0, colon).toLowerCase();
  if (scheme === 'https') return { url, kind: 'https' };
  if (scheme === 'http') return { url, kind: 'http' };
  if (scheme === 'mailto') return { url, kind: 'mailto' };
  if (scheme === 'tel') return { url, kind: 'tel' };
  if (scheme === 'data' && /^data:image\/[a-z0-9.+-]+[;,]/i.test(url)) return { url, kind: 'data-image' };
  return { url, kind: 'other' };
}

/** Whether a node holds block-level content (decides between a div and a span wrapper). */
function isBlockish(n: HNode): boolean {
  if (n.type === 'element') return BLOCK.has(n.name) || n.children.some(isBlockish);
  if (n.type === 'group') return n.children.some(isBlockish);
  return false;
}

export interface Serialized {
  /** The serialised top-level nodes, one string per block (whitespace between blocks folded in). */
  blocks: string[];
}

type Anchor = HElement['anchor'];

/** The source anchor of a block's element, as attributes (scroll sync). */
export const anchorAttrs = (a: Anchor) => (a ? ` data-line="${a.line}" data-ch="${a.ch}"` : '');
/** Where an element that leaves no tag of its own stood (its anchor kept for scroll sync). */
export const anchorMarker = (a: Anchor) => (a ? `<span class="np-anchor"${anchorAttrs(a)}></span>` : '');

/** The visible placeholder of a blocked http: image. */
export function blockedImage(src: string, a: Anchor): string {
  return `<span class="np-img-blocked"${anchorAttrs(a)} title="${escAttr(t('Blocked http: image (setting newsPost.preview.allowHttpImages): {0}', src))}"></span>`;
}

/**
 * The allowed attributes of an allowed element, filtered and escaped (` name="value"`…), or null for an
 * http: image that is blocked. `reveal`: the element is shown as a stripped item (its hiding undone).
 */
export function sanitizeAttrs(name: string, attrs: Record<string, string>, reveal: boolean, options: SerializeOptions): string | null {
  const allowed = ELEMENT_ATTRS[name];
  let s = '';
  for (const a in attrs) {
    if (!(GLOBAL_ATTRS.has(a) || allowed?.has(a))) continue;
    let v = attrs[a];
    if (a === 'href') {
      const u = classifyUrl(v);
      if (u.kind === 'other') continue;
      v = u.url;
    } else if (a === 'src') {
      const u = classifyUrl(v);
      if (u.kind === 'http' && !options.allowHttpImages) return null;
      if (u.kind === 'relative') {
        const r = options.resolveImage?.(u.url);
        v = r ?? u.url;
      } else if (u.kind === 'https' || u.kind === 'http' || u.kind === 'data-image') v = u.url;
      else continue;
    } else if (a === 'style') {
      v = sanitizeStyle(v, reveal);
      if (!v) continue;
    } else if (a === 'class') {
      if (v.includes('np-')) v = v.split(/[ \t\n\f\r]+/).filter(c => c && !c.startsWith('np-')).join(' ');
      else if (NEEDS_CLEANING.test(v)) v = v.split(/[ \t\n\f\r]+/).filter(Boolean).join(' ');
      if (!v) continue;
    } else if (a === 'id') {
      if (v.startsWith('np-')) continue;
    } else if (a === 'hidden') {
      if (reveal) continue;
    }
    s += ` ${a}="${escAttr(v)}"`;
  }
  return s;
}

/** Serialises a tree; what planStrip decided is read from the nodes (node.strip). */
export function serialize(root: HRoot, options: SerializeOptions): Serialized {
  const blocks: string[] = [];
  let out = '';
  const show = options.mode === 'show';

  const element = (el: HElement, reveal: boolean) => {
    const name = el.name;
    if (DROP.has(name)) {
      out += anchorMarker(el.anchor);
      return;
    }
    if (!ALLOW.has(name)) {
      out += anchorMarker(el.anchor);
      children(el);
      return;
    }
    const attrs = sanitizeAttrs(name, el.attrs, reveal, options);
    if (attrs === null) {
      // an http: image, blocked: a visible placeholder in its place
      out += blockedImage(el.attrs.src ?? '', el.anchor);
      return;
    }
    out += `<${name}${attrs}${anchorAttrs(el.anchor)}>`;
    if (VOID.has(name)) return;
    children(el);
    out += `</${name}>`;
  };

  const children = (p: HElement | HGroup) => {
    for (const c of p.children) node(c);
  };

  const shown = (n: HElement | HGroup, label: string, action: string, ruleId: string) => {
    const tag = isBlockish(n) ? 'div' : 'span';
    const el = n.type === 'element' ? n : undefined;
    let what = '';
    if (el && (DROP.has(el.name) || (el.name === 'img' && ruleId === 'tracking-pixel'))) {
      // something the preview never renders: a labelled placeholder (its code or URL in the tooltip)
      const detail = el.name === 'img' ? (el.attrs.src ?? '') : (el.children.map(c => (c.type === 'text' ? c.data : '')).join('').slice(0, 300));
      what = ` data-np-what="&lt;${escAttr(el.name)}&gt;" title="${escAttr(detail)}"`;
      out += `<${tag} class="np-stripped np-stripped-${action} np-placeholder" data-np-rule="${escAttr(label)}"${what}${el ? anchorAttrs(el.anchor) : ''}></${tag}>`;
      return;
    }
    out += `<${tag} class="np-stripped np-stripped-${action}" data-np-rule="${escAttr(label)}">`;
    if (el) element(el, true);
    else children(n);
    out += `</${tag}>`;
  };

  const node = (n: HNode) => {
    if (n.type === 'text') {
      out += escText(n.data);
      return;
    }
    if (n.type === 'comment') return;
    const item = n.strip;
    if (item) {
      if (item.action === 'remove') {
        if (show && item.counted) shown(n, item.rule.label, 'remove', item.rule.id);
        else if (n.type === 'element') out += anchorMarker(n.anchor);
        return;
      }
      // unwrap
      if (show && item.counted && n.type === 'element') {
        shown(n, item.rule.label, 'unwrap', item.rule.id);
        return;
      }
      if (!show && n.type === 'element') {
        out += anchorMarker(n.anchor);
        children(n);
        return;
      }
    }
    if (n.type === 'group') children(n);
    else element(n, false);
  };

  for (const c of root.children) {
    out = '';
    node(c);
    const piece = out;
    if (c.type === 'text' && c.data.trim() === '') {
      // whitespace between blocks joins the block before it (at the very start it shows nothing: dropped)
      if (blocks.length) blocks[blocks.length - 1] += piece;
    } else if (piece !== '') blocks.push(piece);
  }
  return { blocks };
}
