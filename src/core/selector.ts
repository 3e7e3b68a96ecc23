/**
 * CSS selectors for strip rules, matched against the tree of htmlTree.ts. The subset users need to name
 * ad markup: type and `*`, `#id`, `.class`, attribute selectors (`[a]`, `=`, `~=`, `|=`, `^=`, `$=`, `*=`,
 * with an optional ` i`), `:not(…)`, `:empty`, `:first-child`, `:last-child`, `:only-child`, `:has(…)`
 * (relative selectors: `:has(> a.keytip)`), the combinators ` `, `>`, `+`, `~`, and lists with `,`.
 */
import { HElement, HNode, HParent, classesOf } from './htmlTree';
import { t } from './l10n';

type AttrOp = '' | '=' | '~=' | '|=' | '^=' | '$=' | '*=';

interface Simple {
  tag?: string;
  ids: string[];
  classes: string[];
  attrs: Array<{ name: string; op: AttrOp; value: string; ci: boolean }>;
  pseudos: Array<{ name: 'not'; arg: Selector } | { name: 'has'; arg: Relative[] } | { name: 'empty' | 'first-child' | 'last-child' | 'only-child' }>;
}

type Combinator = ' ' | '>' | '+' | '~';

/** A complex selector: compounds joined by combinators, left to right. */
interface Complex {
  parts: Simple[];
  /** combinators[i] joins parts[i] and parts[i + 1]. */
  combinators: Combinator[];
}

/** A relative selector inside :has(): the leading combinator (descendant by default). */
interface Relative {
  lead: Combinator;
  complex: Complex;
}

export type Selector = Complex[];

export class SelectorError extends Error {}

const IDENT = /^-?(?:[A-Za-z_\u00a0-\uffff]|\\.)(?:[\w\u00a0-\uffff-]|\\.)*/;

class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  peek(): string { return this.s[this.pos] ?? ''; }
  eof(): boolean { return this.pos >= this.s.length; }
  ws(): boolean {
    const start = this.pos;
    while (/[ \t\n\r\f]/.test(this.peek())) this.pos++;
    return this.pos > start;
  }
  ident(): string {
    const m = IDENT.exec(this.s.slice(this.pos));
    if (!m) throw new SelectorError(t("expected a name at {0} in '{1}'", this.pos + 1, this.s));
    this.pos += m[0].length;
    return m[0].replace(/\\(.)/g, '$1');
  }
  expect(c: string): void {
    if (this.s[this.pos] !== c) throw new SelectorError(t("expected '{0}' at {1} in '{2}'", c, this.pos + 1, this.s));
    this.pos++;
  }
  string(): string {
    const q = this.peek();
    if (q !== '"' && q !== "'") return this.ident();
    this.pos++;
    let out = '';
    while (!this.eof() && this.peek() !== q) {
      if (this.peek() === '\\') this.pos++;
      out += this.s[this.pos++];
    }
    this.expect(q);
    return out;
  }
}

function parseCompound(r: Reader): Simple {
  const simple: Simple = { ids: [], classes: [], attrs: [], pseudos: [] };
  let any = false;
  if (r.peek() === '*') { r.pos++; any = true; }
  else if (IDENT.test(r.s.slice(r.pos))) { simple.tag = r.ident().toLowerCase(); any = true; }
  for (;;) {
    const c = r.peek();
    if (c === '#') { r.pos++; simple.ids.push(r.ident()); }
    else if (c === '.') { r.pos++; simple.classes.push(r.ident()); }
    else if (c === '[') {
      r.pos++; r.ws();
      const name = r.ident().toLowerCase(); r.ws();
      let op: AttrOp = '';
      let value = '';
      let ci = false;
      const m = /^(=|~=|\|=|\^=|\$=|\*=)/.exec(r.s.slice(r.pos));
      if (m) {
        op = m[1] as AttrOp; r.pos += m[1].length; r.ws();
        value = r.string(); r.ws();
        if (/^[iI](?![\w-])/.test(r.s.slice(r.pos))) { ci = true; r.pos++; r.ws(); }
        else if (/^[sS](?![\w-])/.test(r.s.slice(r.pos))) { r.pos++; r.ws(); }
      }
      r.expect(']');
      simple.attrs.push({ name, op, value, ci });
    } else if (c === ':') {
      r.pos++;
      const name = r.ident().toLowerCase();
      if (name === 'not' || name === 'has') {
        r.expect('('); r.ws();
        if (name === 'not') simple.pseudos.push({ name, arg: parseList(r, ')') });
        else simple.pseudos.push({ name, arg: parseRelativeList(r) });
        r.expect(')');
      } else if (name === 'empty' || name === 'first-child' || name === 'last-child' || name === 'only-child') {
        simple.pseudos.push({ name });
      } else {
        throw new SelectorError(t("unsupported pseudo-class ':{0}' in '{1}'", name, r.s));
      }
    } else break;
    any = true;
  }
  if (!any) throw new SelectorError(t("expected a selector at {0} in '{1}'", r.pos + 1, r.s));
  return simple;
}

function parseComplex(r: Reader, stop: string): Complex {
  const parts = [parseCompound(r)];
  const combinators: Combinator[] = [];
  for (;;) {
    const hadWs = r.ws();
    const c = r.peek();
    if (c === '' || c === ',' || c === stop) break;
    let comb: Combinator = ' ';
    if (c === '>' || c === '+' || c === '~') { comb = c; r.pos++; r.ws(); }
    else if (!hadWs) throw new SelectorError(t("unexpected '{0}' at {1} in '{2}'", c, r.pos + 1, r.s));
    combinators.push(comb);
    parts.push(parseCompound(r));
  }
  return { parts, combinators };
}

function parseList(r: Reader, stop = ''): Selector {
  const list: Complex[] = [];
  for (;;) {
    r.ws();
    list.push(parseComplex(r, stop));
    r.ws();
    if (r.peek() !== ',') break;
    r.pos++;
  }
  return list;
}

function parseRelativeList(r: Reader): Relative[] {
  const list: Relative[] = [];
  for (;;) {
    r.ws();
    let lead: Combinator = ' ';
    const c = r.peek();
    if (c === '>' || c === '+' || c === '~') { lead = c; r.pos++; r.ws(); }
    list.push({ lead, complex: parseComplex(r, ')') });
    r.ws();
    if (r.peek() !== ',') break;
    r.pos++;
  }
  return list;
}

/** Parses a selector list; throws SelectorError with a readable message when it is not understood. */
export function parseSelector(text: string): Selector {
  const r = new Reader(text.trim());
  if (r.eof()) throw new SelectorError(t('empty selector'));
  const sel = parseList(r);
  r.ws();
  if (!r.eof()) throw new SelectorError(t("unexpected '{0}' at {1} in '{2}'", r.peek(), r.pos + 1, text.trim()));
  return sel;
}

function elementSiblings(el: HElement): HElement[] {
  return (el.parent.children as HNode[]).filter((n): n is HElement => n.type === 'element');
}

function parentElement(el: HElement): HElement | null {
  let p: HParent | null = el.parent;
  while (p && p.type === 'group') p = p.parent;
  return p && p.type === 'element' ? p : null;
}

function attrMatches(el: HElement, a: Simple['attrs'][number]): boolean {
  if (!Object.prototype.hasOwnProperty.call(el.attrs, a.name)) return false;
  if (a.op === '') return true;
  let v = el.attrs[a.name];
  let want = a.value;
  if (a.ci) { v = v.toLowerCase(); want = want.toLowerCase(); }
  switch (a.op) {
    case '=': return v === want;
    case '~=': return want !== '' && v.split(/[ \t\n\f\r]+/).includes(want);
    case '|=': return v === want || v.startsWith(want + '-');
    case '^=': return want !== '' && v.startsWith(want);
    case '$=': return want !== '' && v.endsWith(want);
    case '*=': return want !== '' && v.includes(want);
  }
}

function compoundMatches(el: HElement, s: Simple): boolean {
  if (s.tag && s.tag !== el.name) return false;
  for (const id of s.ids) if (el.attrs.id !== id) return false;
  if (s.classes.length) {
    const cl = classesOf(el);
    for (const c of s.classes) if (!cl.includes(c)) return false;
  }
  for (const a of s.attrs) if (!attrMatches(el, a)) return false;
  for (const p of s.pseudos) {
    switch (p.name) {
      case 'not': if (matches(el, p.arg)) return false; break;
      case 'has': if (!p.arg.some(rel => hasRelative(el, rel))) return false; break;
      case 'empty': if (el.children.some(c => c.type === 'element' || (c.type === 'text' && c.data !== ''))) return false; break;
      case 'first-child': if (elementSiblings(el)[0] !== el) return false; break;
      case 'last-child': { const s2 = elementSiblings(el); if (s2[s2.length - 1] !== el) return false; break; }
      case 'only-child': if (elementSiblings(el).length !== 1) return false; break;
    }
  }
  return true;
}

/** Matches parts[0..i] ending at el (right to left). */
function matchFrom(el: HElement, c: Complex, i: number): boolean {
  if (!compoundMatches(el, c.parts[i])) return false;
  if (i === 0) return true;
  const comb = c.combinators[i - 1];
  if (comb === '>') {
    const p = parentElement(el);
    return !!p && matchFrom(p, c, i - 1);
  }
  if (comb === ' ') {
    for (let p = parentElement(el); p; p = parentElement(p)) if (matchFrom(p, c, i - 1)) return true;
    return false;
  }
  const sibs = elementSiblings(el);
  const idx = sibs.indexOf(el);
  if (comb === '+') return idx > 0 && matchFrom(sibs[idx - 1], c, i - 1);
  for (let k = idx - 1; k >= 0; k--) if (matchFrom(sibs[k], c, i - 1)) return true;
  return false;
}

function descendants(el: HElement | HParent, out: HElement[] = []): HElement[] {
  for (const c of el.children) {
    if (c.type === 'element') { out.push(c); descendants(c, out); }
    else if (c.type === 'group') descendants(c, out);
  }
  return out;
}

function hasRelative(el: HElement, rel: Relative): boolean {
  // candidates for the relative selector's last compound, then check the chain back to el
  const last = rel.complex.parts.length - 1;
  let scope: HElement[];
  if (rel.lead === ' ' || rel.lead === '>') scope = descendants(el);
  else {
    const sibs = elementSiblings(el);
    const idx = sibs.indexOf(el);
    scope = rel.lead === '+' ? sibs.slice(idx + 1, idx + 2) : sibs.slice(idx + 1);
    scope = scope.concat(...scope.map(s => descendants(s)));
  }
  for (const cand of scope) {
    if (!matchFrom(cand, rel.complex, last)) continue;
    // find the first compound's element and check how it relates to el
    if (anchoredAt(cand, rel, el)) return true;
  }
  return false;
}

/** Whether a match of rel ending at cand has its first compound placed relative to anchor as rel.lead says. */
function anchoredAt(cand: HElement, rel: Relative, anchor: HElement): boolean {
  const firsts = firstElements(cand, rel.complex, rel.complex.parts.length - 1);
  return firsts.some(f => {
    switch (rel.lead) {
      case '>': return parentElement(f) === anchor;
      case ' ': for (let p = parentElement(f); p; p = parentElement(p)) if (p === anchor) return true; return false;
      case '+': { const s = elementSiblings(anchor); return s[s.indexOf(anchor) + 1] === f; }
      case '~': { const s = elementSiblings(anchor); return s.indexOf(f) > s.indexOf(anchor) && s.includes(f); }
    }
  });
}

/** The elements that can play parts[0] in a match of parts[0..i] ending at el. */
function firstElements(el: HElement, c: Complex, i: number): HElement[] {
  if (!compoundMatches(el, c.parts[i])) return [];
  if (i === 0) return [el];
  const comb = c.combinators[i - 1];
  const prev: HElement[] = [];
  if (comb === '>') { const p = parentElement(el); if (p) prev.push(p); }
  else if (comb === ' ') for (let p = parentElement(el); p; p = parentElement(p)) prev.push(p);
  else {
    const sibs = elementSiblings(el);
    const idx = sibs.indexOf(el);
    if (comb === '+') { if (idx > 0) prev.push(sibs[idx - 1]); }
    else prev.push(...sibs.slice(0, idx));
  }
  return prev.flatMap(p => firstElements(p, c, i - 1));
}

export function matches(el: HElement, sel: Selector): boolean {
  for (const c of sel) if (matchFrom(el, c, c.parts.length - 1)) return true;
  return false;
}

/** The element names a selector can match (its subjects' type selectors), or undefined when any element can. */
export function subjectTags(sel: Selector): string[] | undefined {
  const tags: string[] = [];
  for (const c of sel) {
    const tag = c.parts[c.parts.length - 1].tag;
    if (!tag) return undefined;
    tags.push(tag);
  }
  return tags;
}
