/**
 * Named rules that strip ad and noise markup from post bodies, and how they are applied to a parsed tree.
 * The defaults come from what real scraped finance posts carry (see the project's corpus report): the
 * EM_StockImg K-line block, hidden paragraphs, stock-quote link spans, and the usual web ad/tracking bits.
 * The source line `<p class="em_media">（文章来源：…）</p>` is content and no rule touches it.
 */
import { HElement, HGroup, HNode, HParent, HRoot, classesOf, groupNode } from './htmlTree';
import { parseSelector, Selector, SelectorError } from './selector';
import { parseStyle } from './css';
import { t } from './l10n';

export type RuleAction = 'remove' | 'unwrap';

/** What a rule decides for one element: strip it (remove, or unwrap: keep its children), counted or not. */
export interface RuleHit {
  action: RuleAction;
  /** Whether the hit is an item of its own in the report (a quote link's wrapper spans are not). */
  counted: boolean;
}

export interface StripRule {
  id: string;
  /** Shown in the banner: "stock chart ×1" (a built-in's label is in the current language: a getter). */
  label: string;
  description: string;
  builtin: boolean;
  /** Element rules: decides per element. */
  match?: (el: HElement) => RuleHit | null;
  /** The element names the rule can match (undefined: any); a fast filter before match(). */
  tags?: readonly string[];
  /** The element must carry one of these attributes for match() to be tried. */
  needsAttr?: readonly string[];
  /** Comment-marker rules: `<!-- start -->…<!-- end -->` (marker texts compared trimmed). */
  markers?: { start: string; end: string };
}

/** A user rule as written in settings (`newsPost.preview.stripRules`) or a CLI rules file (`--rules`). */
export interface UserRuleConfig {
  id?: string;
  label?: string;
  /** CSS selector of the elements to strip. */
  selector?: string;
  /** remove (default): drop the element and its content; unwrap: keep the content, drop the tags. */
  action?: RuleAction;
  /** Comment-marker pair: the text inside `<!-- … -->` that opens and closes the stripped range. */
  startMarker?: string;
  endMarker?: string;
}

export const REMOVE: RuleHit = { action: 'remove', counted: true };
export const UNWRAP: RuleHit = { action: 'unwrap', counted: true };
export const REMOVE_SILENT: RuleHit = { action: 'remove', counted: false };
export const UNWRAP_SILENT: RuleHit = { action: 'unwrap', counted: false };

function hasClass(el: Pick<HElement, 'attrs'>, ...names: string[]): boolean {
  const raw = el.attrs.class;
  if (!raw || !names.some(n => raw.includes(n))) return false;
  const cl = classesOf(el);
  return names.some(n => cl.includes(n));
}

/** `a.keytip`, `a.infokey` (quote and data links) and `span.em_stock_key_common` (a span with an href). */
export function isQuoteLink(el: Pick<HElement, 'name' | 'attrs'>): boolean {
  const raw = el.attrs.class;
  if (raw === undefined) return false; // most elements: no class list to split
  return (el.name === 'a' && hasClass(el, 'keytip', 'infokey')) || (el.name === 'span' && hasClass(el, 'em_stock_key_common'));
}

/** What a span's content is made of, as far as the quote-links rule cares (comments do not count). */
export interface SpanContent {
  /** Element children. */
  elements: number;
  /** The last element child is a quote link. */
  lastIsQuoteLink: boolean;
  /** Some text child is not white space. */
  text: boolean;
}

function contentOf(el: HElement): SpanContent {
  const c: SpanContent = { elements: 0, lastIsQuoteLink: false, text: false };
  for (const k of el.children) {
    if (k.type === 'element') {
      c.elements++;
      c.lastIsQuoteLink = isQuoteLink(k);
    } else if (k.type === 'text' && !c.text && k.data.trim() !== '') c.text = true;
  }
  return c;
}

/**
 * The quote-links rule on a `span` with an id that is not a quote link itself, from its content as written
 * (the rule is tried before the span's own children are looked at: marker blocks in it are not grouped yet):
 * `<span id="stock_0.300750"><a class="keytip">宁德时代</a></span>`: the wrapper goes with the link;
 * `<span id="quote_0.300750"></span>`, `<span id="bkquote_90.BK0473"></span>`: live-quote placeholders go.
 */
export function quoteSpanHit(attrs: Record<string, string>, c: SpanContent): RuleHit | null {
  if (c.elements === 1 && c.lastIsQuoteLink && !c.text && Object.keys(attrs).length === 1) return UNWRAP_SILENT;
  if (c.elements === 0 && !c.text && /^(?:bk)?quote_/.test(attrs.id)) return REMOVE_SILENT;
  return null;
}

/** Whether an inline style hides the element (`display:none`, `visibility:hidden|collapse`). */
export function hiddenByStyle(style: string | undefined): boolean {
  if (!style || !/none|hidden|collapse/i.test(style)) return false;
  for (const d of parseStyle(style)) {
    const v = d.value.replace(/\s*!important\s*$/i, '').trim().toLowerCase();
    if (d.prop === 'display' && v === 'none') return true;
    if (d.prop === 'visibility' && (v === 'hidden' || v === 'collapse')) return true;
  }
  return false;
}

function cssPixels(style: string | undefined, prop: string): number | undefined {
  if (!style) return undefined;
  for (const d of parseStyle(style)) {
    if (d.prop !== prop) continue;
    const m = /^(\d+(?:\.\d+)?)(px)?$/i.exec(d.value.replace(/\s*!important\s*$/i, '').trim());
    if (m) return Number(m[1]);
  }
  return undefined;
}

function dimension(el: HElement, which: 'width' | 'height'): number | undefined {
  const fromStyle = cssPixels(el.attrs.style, which);
  if (fromStyle !== undefined) return fromStyle;
  const a = el.attrs[which];
  if (a === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)(px)?\s*$/i.exec(a);
  return m ? Number(m[1]) : undefined;
}

export const BUILTIN_RULES: StripRule[] = [
  {
    id: 'stock-chart', get label() { return t('stock chart'); }, builtin: true,
    description: 'The Eastmoney K-line chart block between <!-- EM_StockImg_Start --> and <!-- EM_StockImg_End -->.',
    markers: { start: 'EM_StockImg_Start', end: 'EM_StockImg_End' },
  },
  {
    id: 'script', get label() { return t('script'); }, builtin: true, description: '<script> elements.', tags: ['script'],
    match: el => (el.name === 'script' ? REMOVE : null),
  },
  {
    id: 'style', get label() { return t('style'); }, builtin: true, description: '<style> elements.', tags: ['style'],
    match: el => (el.name === 'style' ? REMOVE : null),
  },
  {
    id: 'iframe', get label() { return t('iframe'); }, builtin: true, description: '<iframe> elements (embedded pages, video players, ad frames).', tags: ['iframe'],
    match: el => (el.name === 'iframe' ? REMOVE : null),
  },
  {
    id: 'ad-slot', get label() { return t('ad slot'); }, builtin: true, description: 'Google ad slots: <ins class="adsbygoogle">.', tags: ['ins'], needsAttr: ['class'],
    match: el => (el.name === 'ins' && hasClass(el, 'adsbygoogle') ? REMOVE : null),
  },
  {
    id: 'tracking-pixel', get label() { return t('tracking pixel'); }, builtin: true,
    description: 'Images of at most 1×1 pixels (width and height attributes or inline style).', tags: ['img'],
    match: el => {
      if (el.name !== 'img') return null;
      const w = dimension(el, 'width');
      const h = dimension(el, 'height');
      return w !== undefined && h !== undefined && w <= 1 && h <= 1 ? REMOVE : null;
    },
  },
  {
    id: 'hidden', get label() { return t('hidden'); }, builtin: true,
    description: 'Elements hidden with an inline style display:none or visibility:hidden, or the hidden attribute.', needsAttr: ['style', 'hidden'],
    match: el => ((el.attrs.style !== undefined && hiddenByStyle(el.attrs.style)) || el.attrs.hidden !== undefined ? REMOVE : null),
  },
  {
    id: 'quote-links', get label() { return t('quote links'); }, builtin: true,
    description: 'Stock-quote and data link spans (keytip, em_stock_key_common, infokey): their text is kept, the link markup dropped, with the empty quote placeholders next to them.',
    tags: ['span', 'a'], needsAttr: ['class', 'id'],
    match: el => {
      if (el.name !== 'span' && el.name !== 'a') return null;
      if (isQuoteLink(el)) return UNWRAP;
      if (el.name !== 'span' || el.attrs.id === undefined) return null;
      return quoteSpanHit(el.attrs, contentOf(el));
    },
  },
];

export const BUILTIN_RULE_IDS = BUILTIN_RULES.map(r => r.id);

export interface RuleSet {
  rules: StripRule[];
  /** Settings that could not be used (bad selector, missing markers), to show to the user. */
  problems: string[];
}

/** The rules in force: the built-ins plus the user's, minus the disabled ones (by id). */
export function buildRules(user: readonly UserRuleConfig[] = [], disabled: readonly string[] = []): RuleSet {
  const off = new Set(disabled);
  const problems: string[] = [];
  const rules: StripRule[] = BUILTIN_RULES.filter(r => !off.has(r.id));
  const seen = new Set(BUILTIN_RULE_IDS);
  user.forEach((u, i) => {
    if (!u || typeof u !== 'object') {
      problems.push(t('rule {0}: not an object', i + 1));
      return;
    }
    const id = String(u.id ?? u.label ?? `rule${i + 1}`);
    const label = u.label !== undefined || u.id !== undefined ? String(u.label ?? u.id) : t('rule {0}', i + 1);
    if (off.has(id)) return;
    if (seen.has(id)) {
      problems.push(t("rule '{0}': the id is already used; the rule is ignored", id));
      return;
    }
    seen.add(id);
    if (u.startMarker !== undefined || u.endMarker !== undefined) {
      const start = String(u.startMarker ?? '').trim();
      const end = String(u.endMarker ?? '').trim();
      if (!start || !end) {
        problems.push(t("rule '{0}': a comment-marker rule needs both startMarker and endMarker", id));
        return;
      }
      rules.push({ id, label, builtin: false, description: `<!-- ${start} -->…<!-- ${end} -->`, markers: { start, end } });
      return;
    }
    if (typeof u.selector !== 'string' || !u.selector.trim()) {
      problems.push(t("rule '{0}': needs a selector, or a startMarker and an endMarker", id));
      return;
    }
    const action: RuleAction = u.action === 'unwrap' ? 'unwrap' : 'remove';
    if (u.action !== undefined && u.action !== 'remove' && u.action !== 'unwrap') {
      problems.push(t("rule '{0}': action '{1}' is neither 'remove' nor 'unwrap'; using 'remove'", id, String(u.action)));
    }
    let sel: Selector;
    try {
      sel = parseSelector(u.selector);
    } catch (e) {
      problems.push(t("rule '{0}': {1}", id, e instanceof SelectorError ? e.message : String(e)));
      return;
    }
    const hit: RuleHit = { action, counted: true };
    rules.push({ id, label, builtin: false, description: `${action} ${u.selector}`, tags: sel.tags, match: el => (sel(el) ? hit : null) });
  });
  return { rules, problems };
}

/** One stripped node and the rule that took it. */
export interface StripItem {
  node: HElement | HGroup;
  rule: StripRule;
  action: RuleAction;
  counted: boolean;
}

export interface RuleCount {
  rule: string;
  label: string;
  count: number;
}

export interface StripPlan {
  /** The stripped nodes in document order (each also carries its decision as node.strip). */
  items: StripItem[];
  /** Counted items per rule, in rule order, rules with no hit left out. */
  counts: RuleCount[];
  total: number;
}

/** An element rule as the loops over elements read it: one object shape for all (the rules differ in shape). */
export interface Candidate {
  rule: StripRule;
  needsAttr: readonly string[] | null;
  match: (el: HElement) => RuleHit | null;
}

/** The element rules to try on an element of each name, in rule order (most elements have none). */
export function candidatesByTag(elementRules: readonly StripRule[]): (name: string) => Candidate[] {
  const candidates: Candidate[] = elementRules.map(r => ({ rule: r, needsAttr: r.needsAttr ?? null, match: r.match! }));
  const byTag = new Map<string, Candidate[]>();
  return (name: string): Candidate[] => {
    let list = byTag.get(name);
    if (!list) byTag.set(name, list = candidates.filter(c => !c.rule.tags || c.rule.tags.includes(name)));
    return list;
  };
}

/** Whether an element carries one of the attributes a rule needs (or the rule needs none). */
export function hasNeededAttr(c: Candidate, attrs: Record<string, string>): boolean {
  const need = c.needsAttr;
  if (!need) return true;
  for (let a = 0; a < need.length; a++) if (attrs[need[a]] !== undefined) return true;
  return false;
}

/**
 * Applies rules to a tree. Comment-marker pairs (sibling comments) are first gathered into groups, which
 * replace the runs of siblings in the tree; then element rules are tried on each element in document order,
 * the first matching rule deciding. Nothing inside a removed node is looked at.
 */
export function planStrip(root: HRoot, rules: readonly StripRule[]): StripPlan {
  const items: StripItem[] = [];
  const tally = new Map<StripRule, number>();
  const markerRules = rules.filter(r => r.markers);
  const elementRules = rules.filter(r => r.match);
  const record = (node: HElement | HGroup, rule: StripRule, hit: RuleHit) => {
    const item: StripItem = { node, rule, action: hit.action, counted: hit.counted };
    node.strip = item;
    items.push(item);
    if (hit.counted) tally.set(rule, (tally.get(rule) ?? 0) + 1);
  };
  const rulesFor = candidatesByTag(elementRules);

  const visit = (parent: HParent) => {
    let kids = parent.children;
    let hasComment = false;
    if (markerRules.length) for (const k of kids) if (k.type === 'comment') { hasComment = true; break; }
    if (hasComment) {
      const regrouped: HNode[] = [];
      for (let i = 0; i < kids.length; i++) {
        const c = kids[i];
        const rule = c.type === 'comment' ? markerRules.find(r => r.markers!.start === c.data.trim()) : undefined;
        let j = i + 1;
        if (rule) {
          while (j < kids.length && !(kids[j].type === 'comment' && (kids[j] as { data: string }).data.trim() === rule.markers!.end)) j++;
        }
        if (!rule || j >= kids.length) {
          // not a start marker, or no end marker among the siblings: leave it alone
          regrouped.push(c);
          continue;
        }
        const run = kids.slice(i, j + 1);
        const group = groupNode(run, parent, run[0].start, run[run.length - 1].end);
        for (const n of run) n.parent = group;
        regrouped.push(group);
        record(group, rule, REMOVE);
        i = j;
      }
      parent.children = kids = regrouped;
    }
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k];
      if (c.type !== 'element') continue;
      let hit: RuleHit | null = null;
      let rule: StripRule | undefined;
      const list = rulesFor(c.name);
      for (let i = 0; i < list.length; i++) {
        const r = list[i];
        if (!hasNeededAttr(r, c.attrs)) continue;
        hit = r.match(c);
        if (hit) { rule = r.rule; break; }
      }
      if (hit && rule) {
        record(c, rule, hit);
        if (hit.action === 'remove') continue;
      }
      visit(c);
    }
  };
  visit(root);
  const counts: RuleCount[] = [];
  let total = 0;
  for (const r of rules) {
    const n = tally.get(r);
    if (n) {
      counts.push({ rule: r.id, label: r.label, count: n });
      total += n;
    }
  }
  return { items, counts, total };
}

/** "Stripped 3 items: stock chart ×1, hidden ×1, quote links ×1" (or "Nothing stripped"), in the current language. */
export function summarize(counts: readonly RuleCount[]): string {
  const total = counts.reduce((s, c) => s + c.count, 0);
  if (!total) return t('Nothing stripped');
  const list = counts.map(c => `${c.label} ×${c.count}`).join(t(', '));
  return total === 1 ? t('Stripped 1 item: {0}', list) : t('Stripped {0} items: {1}', total, list);
}
