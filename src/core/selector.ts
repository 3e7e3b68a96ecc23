/**
 * CSS selectors for strip rules, matched with css-select over the tree of htmlTree.ts (through its `adapter`
 * option: no conversion of the tree). Each selector is compiled once into a function (css-select's compile()),
 * so matching an element is one call. Everything css-select supports works: type and `*`, `#id`, `.class`,
 * attribute selectors (with ` i`), `:not()`, `:has()` (relative: `:has(> a.keytip)`), `:is()`, `:empty`,
 * `:first-child`, `:nth-child()`, `:contains()`…, the combinators ` `, `>`, `+`, `~`, and lists with `,`.
 */
import { compile, type Options } from 'css-select';
import { parse, type Selector as Token } from 'css-what';
import { HComment, HElement, HNode, HParent, HText } from './htmlTree';
import { t } from './l10n';

/** A compiled selector: whether an element matches it, and the element names it can match (undefined: any). */
export interface Selector {
  (el: HElement): boolean;
  tags?: string[];
}

export class SelectorError extends Error {}

type Node = HNode | HParent;

function elementParent(node: Node): HElement | null {
  let p: HParent | null = node.parent;
  while (p && p.type === 'group') p = p.parent;
  return p && p.type === 'element' ? p : null;
}

function textContent(node: Node): string {
  if (node.type === 'text') return (node as HText).data;
  if (node.type === 'comment') return '';
  let s = '';
  for (const c of node.children) s += textContent(c);
  return s;
}

/** Children with the groups' children in their place (a group is no element: what it holds is still there). */
function ungrouped(kids: HNode[], out: HNode[] = []): HNode[] {
  for (const k of kids) {
    if (k.type === 'group') ungrouped(k.children, out);
    else out.push(k);
  }
  return out;
}

/** Our tree as css-select reads it: groups (comment-marker runs) are transparent, comments have no text. */
const adapter: NonNullable<Options<Node, HElement>['adapter']> = {
  isTag: (node): node is HElement => node.type === 'element',
  getAttributeValue: (el, name) => (Object.prototype.hasOwnProperty.call(el.attrs, name) ? el.attrs[name] : undefined),
  hasAttrib: (el, name) => Object.prototype.hasOwnProperty.call(el.attrs, name),
  getName: el => el.name,
  getChildren: node => {
    if (node.type === 'text' || node.type === 'comment') return [];
    const kids = node.children;
    for (let i = 0; i < kids.length; i++) if (kids[i].type === 'group') return ungrouped(kids);
    return kids;
  },
  getParent: el => elementParent(el),
  getSiblings: node => {
    const p = node.parent;
    return p ? p.children : [node];
  },
  prevElementSibling: node => {
    const sibs = node.parent ? node.parent.children : [];
    for (let i = sibs.indexOf(node as HNode) - 1; i >= 0; i--) if (sibs[i].type === 'element') return sibs[i] as HElement;
    return null;
  },
  getText: node => textContent(node as HNode | HComment),
  removeSubsets: nodes => nodes.filter((n, i) => {
    if (nodes.indexOf(n) !== i) return false;
    for (let p = n.parent; p; p = p.parent) if (nodes.includes(p)) return false;
    return true;
  }),
};

/** Compiles a selector list; throws SelectorError with a readable message when it is not understood. */
export function parseSelector(text: string): Selector {
  const s = text.trim();
  if (!s) throw new SelectorError(t('empty selector'));
  // css-what reads `a >` as `a > *`: a selector cut short is a mistake, not a rule for every child
  if (/[>+~]$/.test(s)) throw new SelectorError(t("invalid selector '{0}': {1}", s, 'ends with a combinator'));
  try {
    // parsed once with css-select's own parser (css-what): the subjects' type selectors are read off the tokens
    const tokens = parse(s);
    const sel: Selector = compile<Node, HElement>(tokens, { adapter, cacheResults: false }) as Selector;
    sel.tags = subjectTags(tokens);
    return sel;
  } catch (e) {
    throw new SelectorError(t("invalid selector '{0}': {1}", s, e instanceof Error ? e.message : String(e)));
  }
}

/** The element names a selector list can match (each subject's type selector), or undefined when any element can. */
function subjectTags(list: Token[][]): string[] | undefined {
  const tags: string[] = [];
  for (const tokens of list) {
    let tag: string | undefined;
    // the subject compound: the tokens after the last combinator
    for (let i = tokens.length - 1; i >= 0; i--) {
      const tok = tokens[i];
      if (tok.type === 'tag') { tag = tok.name.toLowerCase(); break; }
      if (tok.type !== 'attribute' && tok.type !== 'pseudo' && tok.type !== 'universal') break;
    }
    if (!tag) return undefined;
    tags.push(tag);
  }
  return tags;
}
