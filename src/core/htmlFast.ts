/**
 * A fast HTML parser for the preview: the same tokenizer states and tree rules as htmlparser2 (the tags a
 * new tag closes, void elements, `</p>` and `</br>` alone, a nested `<form>` ignored, raw-text elements,
 * entities decoded in text and attribute values), written to skip text with indexOf instead of reading it
 * a character at a time: about a third of htmlparser2's time on a 2 MB post, where most of the input is
 * text between tags.
 *
 * It reads what posts are made of. On anything else (SVG or MathML, `<!DOCTYPE`, CDATA, `</>`, plaintext,
 * an input that ends inside a tag or comment) it gives up and returns undefined, and the caller parses with
 * htmlparser2 itself. The unit tests compare the two trees on the corpus, the XSS corpus and generated
 * markup; the fast parser differs only where htmlparser2's offsets are off (`</p >` ends after its `>`).
 */
import { decodeHTML, decodeHTMLAttribute, DecodingMode } from 'entities';
import { HRoot, HtmlSink, ParseHooks, TreeBuilder } from './htmlTree';

// htmlparser2's Parser tables (htmlparser2/src/Parser.ts): which open tags close which open elements
const P = ['p'];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const TABLE_SECTION = ['thead', 'tbody'];
const DDT = ['dd', 'dt'];
const RTP = ['rt', 'rp'];
const IMPLIES_CLOSE: Map<string, Set<string>> = new Map(Object.entries({
  tr: ['tr', 'th', 'td'], th: ['th'], td: ['thead', 'th', 'td'], body: ['head', 'link', 'script'], a: ['a'], li: ['li'],
  p: P, h1: HEADINGS, h2: HEADINGS, h3: HEADINGS, h4: HEADINGS, h5: HEADINGS, h6: HEADINGS,
  select: FORM, input: FORM, output: FORM, button: FORM, datalist: FORM, textarea: FORM,
  option: ['option'], optgroup: ['optgroup', 'option'], dd: DDT, dt: DDT,
  address: P, article: P, aside: P, blockquote: P, details: P, div: P, dl: P, fieldset: P, figcaption: P, figure: P,
  footer: P, form: P, header: P, hr: P, main: P, nav: P, ol: P, pre: P, section: P, table: P, ul: P,
  rt: RTP, rp: RTP, tbody: TABLE_SECTION, tfoot: TABLE_SECTION,
}).map(([k, v]) => [k, new Set(v)]));

const P_CLOSES = IMPLIES_CLOSE.get('p');

/** htmlparser2's void elements (never pushed on its stack). */
const VOID = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link',
  'meta', 'param', 'source', 'track', 'wbr',
]);

/** Elements whose content is text up to their own close tag (in title and textarea, with entities). */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'title', 'textarea']);
const RCDATA = new Set(['title', 'textarea']);

/** What the parser needs to know of an element name, in one lookup per tag. */
interface TagInfo {
  closes: Set<string> | undefined;
  isVoid: boolean;
  /** 0: ordinary, 1: raw text, 2: raw text with entities (title, textarea). */
  raw: 0 | 1 | 2;
  /** SVG, MathML, plaintext: for htmlparser2. */
  foreign: boolean;
}
const ORDINARY: TagInfo = { closes: undefined, isVoid: false, raw: 0, foreign: false };
const TAGS = new Map<string, TagInfo>();
for (const name of new Set([...IMPLIES_CLOSE.keys(), ...VOID, ...RAW_TEXT, 'svg', 'math', 'plaintext'])) {
  TAGS.set(name, {
    closes: IMPLIES_CLOSE.get(name), isVoid: VOID.has(name), raw: RCDATA.has(name) ? 2 : RAW_TEXT.has(name) ? 1 : 0,
    foreign: name === 'svg' || name === 'math' || name === 'plaintext',
  });
}

const enum C { Tab = 9, Nl = 10, Ff = 12, Cr = 13, Space = 32, Bang = 33, Dq = 34, Amp = 38, Sq = 39, Dash = 45, Slash = 47, Lt = 60, Eq = 61, Gt = 62, Question = 63 }

const isWs = (c: number) => c === C.Space || c === C.Nl || c === C.Tab || c === C.Ff || c === C.Cr;
const isEndOfTagSection = (c: number) => c === C.Slash || c === C.Gt || isWs(c);
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const hasOwn = Object.prototype.hasOwnProperty;
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Thrown (and caught in parseFast) where htmlparser2 must take over. */
export const GIVE_UP = new Error('htmlFast: not for the fast parser');

/**
 * Tag and attribute names already read, by a number made of their letters (up to 10 of a-z, 0-9, `-`, any
 * case): a post's few dozen names are not sliced and lower-cased again for each of its thousands of tags.
 */
const NAMES = new Map<number, string>();

/** The name in html[s, e), in lower case. */
function nameAt(html: string, s: number, e: number): string {
  if (e - s <= 10) {
    let key = 0;
    let k = s;
    for (; k < e; k++) {
      const c = html.charCodeAt(k);
      let d: number;
      if (c >= 97 && c <= 122) d = c - 96;
      else if (c >= 65 && c <= 90) d = c - 64;
      else if (c >= 48 && c <= 57) d = c - 21;
      else if (c === 45) d = 37;
      else break;
      key = key * 38 + d;
    }
    if (k === e) {
      let name = NAMES.get(key);
      if (name === undefined) {
        name = html.slice(s, e).toLowerCase();
        if (NAMES.size < 4096) NAMES.set(key, name);
      }
      return name;
    }
  }
  return html.slice(s, e).toLowerCase();
}

/** The tag name in html[s, e) as htmlparser2 reads it (lower case; `image` is `img`). */
function tagName(html: string, s: number, e: number): string {
  const name = nameAt(html, s, e);
  return name === 'image' ? 'img' : name;
}

/** End of a comment's data and of the comment, from just after `<!--` (htmlparser2's InCommentLike state). */
function commentEnd(html: string, s: number): [dataEnd: number, end: number] {
  const n = html.length;
  let seq = 0; // how much of `--!>` has been seen
  for (let k = s; k < n; k++) {
    const c = html.charCodeAt(k);
    if (seq <= 1 && k === s + seq && c === C.Gt) return [k - seq, k + 1]; // `<!-->`, `<!--->`
    if (seq === 2 && c === C.Gt) return [k - 2, k + 1];
    if (seq === 3 && c !== C.Gt) seq = c === C.Dash ? 1 : 0;
    else if (c === (seq === 2 ? C.Bang : seq === 3 ? C.Gt : C.Dash)) {
      if (++seq === 4) return [k - 3, k + 1];
    } else if (seq === 0) {
      const d = html.indexOf('-', k + 1);
      if (d < 0) break;
      k = d;
      seq = 1;
    } else if (c !== C.Dash) seq = 0;
  }
  throw GIVE_UP; // unterminated
}

/**
 * Where a raw-text element's text ends: the `<` of the first `</name` followed by a space, `/` or `>`
 * (htmlparser2's InSpecialTag state, its quirks included), and where that close tag's name ends.
 */
function rawTextEnd(html: string, from: number, name: string, rcdata: boolean): [textEnd: number, nameEnd: number] {
  const n = html.length;
  const len = name.length + 2;
  const seqAt = (i: number) => (i === 0 ? C.Lt : i === 1 ? C.Slash : name.charCodeAt(i - 2));
  let seq = 0;
  for (let k = from; k < n; k++) {
    const c = html.charCodeAt(k);
    if (seq === len) {
      if (isEndOfTagSection(c)) return [k - len, k];
      seq = 0;
    }
    if ((c | 0x20) === seqAt(seq)) seq++;
    else if (seq === 0) {
      if (!rcdata) {
        const lt = html.indexOf('<', k + 1);
        if (lt < 0) break;
        k = lt;
        seq = 1;
      }
    } else seq = c === C.Lt ? 1 : 0;
  }
  throw GIVE_UP; // unterminated: htmlparser2 reads the rest as text
}

/** Parses `html` into a tree like htmlparser2 does, or returns undefined for input it leaves to htmlparser2. */
export function parseFast(html: string, hooks: ParseHooks = {}): HRoot | undefined {
  const b = new TreeBuilder(html.length, hooks.onElement);
  return parseInto(html, b) ? b.root : undefined;
}

/**
 * Reads `html` into a sink, event by event; false when the input is left to htmlparser2 (the sink has then
 * seen part of it and is to be dropped). A sink may throw GIVE_UP too.
 */
export function parseInto(html: string, b: HtmlSink): boolean {
  try {
    parse(html, b);
    return true;
  } catch (e) {
    if (e === GIVE_UP) return false;
    throw e;
  }
}

function parse(html: string, b: HtmlSink): void {
  const n = html.length;
  /** Names of the open (non-void) elements, innermost last: htmlparser2's stack. */
  const stack: string[] = [];
  let formOpen = 0;

  const text = (s: number, e: number) => {
    if (e <= s) return;
    const raw = html.slice(s, e);
    b.text(raw.indexOf('&') < 0 ? raw : decodeHTML(raw, DecodingMode.Legacy), s, e);
  };
  const pop = (end: number, closeStart: number) => {
    if (stack.pop() === 'form') formOpen--;
    b.closeElement(end, closeStart);
  };
  /** The open elements a new tag closes (`closes`: htmlparser2's list for its name), closed where it starts. */
  const impliedCloses = (closes: Set<string> | undefined, at: number) => {
    if (!closes) return;
    while (stack.length && closes.has(stack[stack.length - 1])) pop(Math.max(b.currentOpenEnd(), at), -1);
  };
  /** A close tag `</name` (its `<` at lt) whose `>` is at gt. */
  const closeTag = (name: string, lt: number, gt: number) => {
    if (VOID.has(name)) {
      if (name === 'br') {
        // `</br>` is a <br>
        b.openElement('br', NO_ATTRS, lt, lt);
        b.closeElement(lt, -1);
      }
      return;
    }
    const at = stack.lastIndexOf(name);
    if (at >= 0) {
      while (stack.length - 1 > at) pop(Math.max(b.currentOpenEnd(), lt), -1);
      pop(gt + 1, lt);
    } else if (name === 'p') {
      // `</p>` alone is an empty <p>
      impliedCloses(P_CLOSES, lt);
      b.openElement('p', NO_ATTRS, lt, lt);
      b.closeElement(gt + 1, lt);
    } else b.gap();
  };

  let textStart = 0;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const c1 = html.charCodeAt(lt + 1);
    if (isAlpha(c1)) {
      // ---- start tag
      let p = lt + 2;
      while (p < n && !isEndOfTagSection(html.charCodeAt(p))) p++;
      const lower = nameAt(html, lt + 1, p);
      let attrs: Record<string, string> = NO_ATTRS;
      let gt = -1;
      while (p < n) {
        const c = html.charCodeAt(p);
        if (c === C.Gt) { gt = p; break; }
        if (c === C.Slash || isWs(c)) { p++; continue; } // `/` not before `>` is read like a space
        // attribute name: its first character is taken whatever it is (`=` too)
        const ns = p++;
        while (p < n) {
          const d = html.charCodeAt(p);
          if (d === C.Eq || isEndOfTagSection(d)) break;
          p++;
        }
        const aname = nameAt(html, ns, p);
        while (p < n && isWs(html.charCodeAt(p))) p++;
        let value = '';
        if (p < n && html.charCodeAt(p) === C.Eq) {
          p++;
          while (p < n && isWs(html.charCodeAt(p))) p++;
          if (p >= n) break;
          const q = html.charCodeAt(p);
          let raw: string;
          if (q === C.Dq || q === C.Sq) {
            const close = html.indexOf(q === C.Dq ? '"' : "'", p + 1);
            if (close < 0) break;
            raw = html.slice(p + 1, close);
            p = close + 1;
          } else {
            const vs = p;
            while (p < n) {
              const d = html.charCodeAt(p);
              if (d === C.Gt || isWs(d)) break;
              p++;
            }
            raw = html.slice(vs, p);
          }
          value = raw.indexOf('&') < 0 ? raw : decodeHTMLAttribute(raw);
        }
        if (attrs === NO_ATTRS) attrs = {};
        if (!hasOwn.call(attrs, aname)) attrs[aname] = value;
      }
      if (gt < 0) throw GIVE_UP; // the input ends inside the tag
      text(textStart, lt);
      const name = lower === 'image' ? 'img' : lower;
      const info = TAGS.get(name) ?? ORDINARY;
      if (info.foreign) throw GIVE_UP;
      i = textStart = gt + 1;
      if (name === 'form' && formOpen > 0) {
        b.gap(); // a form inside a form is ignored
        continue;
      }
      impliedCloses(info.closes, lt);
      b.openElement(name, attrs, lt, gt + 1);
      if (info.isVoid) {
        b.closeElement(gt + 1, -1);
        continue;
      }
      stack.push(name);
      if (name === 'form') formOpen++;
      if (info.raw) {
        const rc = info.raw === 2;
        const [textEnd, nameEnd] = rawTextEnd(html, gt + 1, lower, rc);
        if (textEnd > gt + 1) {
          const raw = html.slice(gt + 1, textEnd);
          // entities in a title or textarea: htmlparser2 decodes some and not others (not right after a `<`)
          if (rc && raw.indexOf('&') >= 0) throw GIVE_UP;
          b.text(raw, gt + 1, textEnd);
        }
        const cgt = html.indexOf('>', nameEnd);
        if (cgt < 0) throw GIVE_UP;
        closeTag(tagName(html, textEnd + 2, nameEnd), textEnd, cgt);
        i = textStart = cgt + 1;
      }
    } else if (c1 === C.Slash) {
      // ---- close tag
      if (!isAlpha(html.charCodeAt(lt + 2))) throw GIVE_UP; // `</>`, `</ x>`: bogus comments and the like
      let p = lt + 3;
      while (p < n && !isEndOfTagSection(html.charCodeAt(p))) p++;
      const gt = html.indexOf('>', p);
      if (gt < 0) throw GIVE_UP;
      text(textStart, lt);
      closeTag(tagName(html, lt + 2, p), lt, gt);
      i = textStart = gt + 1;
    } else if (c1 === C.Bang) {
      // ---- comment (or a bogus one)
      if (html.charCodeAt(lt + 2) === C.Dash && html.charCodeAt(lt + 3) === C.Dash) {
        const [dataEnd, end] = commentEnd(html, lt + 4);
        text(textStart, lt);
        b.comment(html.slice(lt + 4, dataEnd), lt, end);
        i = textStart = end;
      } else {
        const c2 = html.charCodeAt(lt + 2);
        if (c2 === 91 /* [ */ || (c2 | 0x20) === 100 /* d: DOCTYPE */ || c2 === C.Dash) throw GIVE_UP;
        const gt = html.indexOf('>', lt + 2);
        if (gt < 0) throw GIVE_UP;
        text(textStart, lt);
        b.comment(html.slice(lt + 2, gt), lt, gt + 1);
        i = textStart = gt + 1;
      }
    } else if (c1 === C.Question) {
      // ---- `<?…>`: a bogus comment
      const gt = html.indexOf('>', lt + 1);
      if (gt < 0) throw GIVE_UP;
      text(textStart, lt);
      b.comment(html.slice(lt + 1, gt), lt, gt + 1);
      i = textStart = gt + 1;
    } else {
      // a `<` that starts nothing is text
      i = lt + 1;
    }
  }
  text(textStart, n);
  while (stack.length) pop(Math.max(b.currentOpenEnd(), n), -1);
}
