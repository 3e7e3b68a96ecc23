/**
 * The preview's fast path: the fast parser's events written straight to the sanitised output, with the
 * built-in strip rules applied on the way, without building a tree. It gives the same blocks and counts as
 * the tree path (parseHtml, planStrip, serialize), which stays the reference and takes everything this one
 * does not: user rules, the "show stripped items" mode, input the fast parser leaves to htmlparser2, and
 * nesting past MAX_DEPTH. A test compares the two on the corpus, the fixtures, the XSS corpus and generated
 * posts.
 *
 * Decisions that need an element's content (the quote-links rule on a span with an id) and the marker
 * blocks (a start comment, then its end comment among the same siblings) are taken when the content has
 * been read: what was written meanwhile is kept in `parts` and cut back, with the counts taken meanwhile.
 */
import { HElement, HtmlSink, ParseHooks, MAX_DEPTH } from './htmlTree';
import { parseInto, GIVE_UP } from './htmlFast';
import {
  StripRule, RuleHit, RuleCount, Candidate, BUILTIN_RULES, candidatesByTag, hasNeededAttr, isQuoteLink, quoteSpanHit,
  SpanContent, UNWRAP, UNWRAP_SILENT, REMOVE_SILENT,
} from './stripRules';
import { ALLOW, DROP, VOID, SerializeOptions, anchorAttrs, anchorMarker, blockedImage, escText, sanitizeAttrs } from './sanitize';

type Anchor = HElement['anchor'];

/** A start marker waiting for its end among the same siblings, and what to cut back to when it comes. */
interface PendingMarker {
  rule: number;
  parts: number;
  blocks: number;
  lastBlock: string | undefined;
  log: number;
}

/** An open element (reused by depth: nothing is allocated per element). */
interface Frame extends SpanContent {
  openEnd: number;
  /** Removed by a rule: nothing inside is read. */
  skip: boolean;
  /** Dropped by the sanitiser (or inside such an element): rules still count, nothing is written. */
  silent: boolean;
  /** Its close tag, when its open tag was written. */
  close: string;
  /** A span whose quote-links decision waits for its content. */
  pending: boolean;
  openPart: number;
  /** The counts taken so far (a removed span's content is not counted: the tree path never looks at it). */
  log: number;
  anchor: Anchor;
  attrs: Record<string, string>;
  markers: PendingMarker[] | null;
}

/** What the serialiser does with an element name, and the rules to try on it: one lookup per element. */
interface NameInfo {
  /** Dropped with its content, kept (allow-listed), or unwrapped (any other name). */
  kind: 'drop' | 'keep' | 'unwrap';
  /** `<p>` and `</p>`, made once (most elements carry no attribute we keep); '' for a void element's close. */
  open: string;
  close: string;
  candidates: Candidate[];
}

function newFrame(): Frame {
  return {
    openEnd: 0, skip: false, silent: false, close: '', pending: false, openPart: 0, log: 0, anchor: undefined, attrs: {}, markers: null,
    elements: 0, lastIsQuoteLink: false, text: false,
  };
}

export interface StreamResult {
  blocks: string[];
  counts: RuleCount[];
  total: number;
}

/** Whether the fast path can apply these rules: built-ins only, in their own order. */
export function streamable(rules: readonly StripRule[]): boolean {
  let at = -1;
  for (const r of rules) {
    const i = BUILTIN_RULES.indexOf(r);
    if (i <= at) return false;
    at = i;
  }
  return true;
}

class StreamSerializer implements HtmlSink {
  readonly blocks: string[] = [];
  private parts: string[] = [];
  private readonly frames: Frame[] = [];
  private sp = 0;
  private readonly root: Frame = newFrame();
  private readonly counts: number[];
  private readonly log: number[] = [];
  private readonly rulesFor: (name: string) => Candidate[];
  private readonly names = new Map<string, NameInfo>();
  private readonly markerRules: Array<{ index: number; start: string; end: string }> = [];
  private readonly quoteLinks: StripRule | undefined;
  /** The element passed to the rules and the anchor hook (they read name, attrs, start; the hook sets anchor). */
  private readonly el = { type: 'element', name: '', attrs: {}, children: [], start: 0, anchor: undefined } as unknown as HElement;

  constructor(private readonly rules: readonly StripRule[], private readonly options: SerializeOptions, private readonly onElement: ParseHooks['onElement']) {
    this.counts = rules.map(() => 0);
    rules.forEach((r, index) => { if (r.markers) this.markerRules.push({ index, start: r.markers.start, end: r.markers.end }); });
    this.rulesFor = candidatesByTag(rules.filter(r => r.match));
    this.quoteLinks = rules.find(r => r.id === 'quote-links');
  }

  private info(name: string): NameInfo {
    let info = this.names.get(name);
    if (!info) {
      const kind = DROP.has(name) ? 'drop' : ALLOW.has(name) ? 'keep' : 'unwrap';
      this.names.set(name, info = { kind, open: `<${name}>`, close: kind === 'keep' && !VOID.has(name) ? `</${name}>` : '', candidates: this.rulesFor(name) });
    }
    return info;
  }

  private top(): Frame {
    return this.sp ? this.frames[this.sp - 1] : this.root;
  }

  private count(rule: StripRule | number): void {
    const i = typeof rule === 'number' ? rule : this.rules.indexOf(rule);
    this.counts[i]++;
    this.log.push(i);
  }

  private rollback(to: number): void {
    while (this.log.length > to) this.counts[this.log.pop()!]--;
  }

  private write(s: string): void {
    if (s) this.parts.push(s);
  }

  /** A child of the root is complete: its output is a block (white space between blocks joins the one before). */
  private endRootChild(whitespace: boolean): void {
    // concatenated, not joined: V8 keeps the pieces as a rope until the page's text is read (join copies them)
    const parts = this.parts;
    let piece = '';
    for (let i = 0; i < parts.length; i++) piece += parts[i];
    parts.length = 0;
    if (whitespace) {
      if (this.blocks.length) this.blocks[this.blocks.length - 1] += piece;
    } else if (piece !== '') this.blocks.push(piece);
  }

  openElement(name: string, attrs: Record<string, string>, start: number, openEnd: number): void {
    const parent = this.top();
    const depth = this.sp;
    if (depth >= MAX_DEPTH) throw GIVE_UP; // the tree path flattens what lies deeper
    const f = this.frames[depth] ?? (this.frames[depth] = newFrame());
    this.sp++;
    f.openEnd = openEnd;
    f.skip = parent.skip;
    f.silent = parent.silent;
    f.close = '';
    f.pending = false;
    f.markers = null;
    if (f.skip) return;
    const el = this.el;
    el.name = name;
    el.attrs = attrs;
    el.start = start;
    el.anchor = undefined;
    if (parent.pending) {
      parent.elements++;
      parent.lastIsQuoteLink = isQuoteLink(el);
    }
    if (this.onElement) this.onElement(el, depth);
    const anchor = el.anchor;

    // the first rule that takes it (quote-links on a span with an id: once its content is known)
    let hit: RuleHit | null = null;
    let pendingQuote = false;
    const info = this.info(name);
    const list = info.candidates;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (!hasNeededAttr(c, attrs)) continue;
      if (c.rule === this.quoteLinks) {
        if (isQuoteLink(el)) hit = UNWRAP;
        else pendingQuote = name === 'span' && attrs.id !== undefined;
      } else hit = c.match(el);
      if (hit) {
        if (hit.counted) this.count(c.rule);
        break;
      }
      if (pendingQuote) break;
    }
    if (hit) {
      if (!f.silent) this.write(anchorMarker(anchor));
      if (hit.action === 'remove') f.skip = true;
      return;
    }
    if (info.kind === 'drop') {
      if (!f.silent) this.write(anchorMarker(anchor));
      f.silent = true;
      return;
    }
    if (info.kind === 'unwrap') {
      if (!f.silent) this.write(anchorMarker(anchor));
      return;
    }
    if (f.silent) return;
    const a = sanitizeAttrs(name, attrs, false, this.options);
    if (a === null) {
      this.write(blockedImage(attrs.src ?? '', anchor));
      f.silent = true;
      return;
    }
    if (pendingQuote) {
      f.pending = true;
      f.openPart = this.parts.length;
      f.log = this.log.length;
      f.anchor = anchor;
      f.attrs = attrs;
      f.elements = 0;
      f.lastIsQuoteLink = false;
      f.text = false;
    }
    this.parts.push(a === '' && !anchor ? info.open : `<${name}${a}${anchorAttrs(anchor)}>`);
    f.close = info.close;
  }

  closeElement(): void {
    const f = this.frames[--this.sp];
    if (!f.skip) {
      if (f.pending) {
        const hit = quoteSpanHit(f.attrs, f);
        if (hit === UNWRAP_SILENT) this.parts[f.openPart] = anchorMarker(f.anchor);
        else if (hit === REMOVE_SILENT) {
          this.parts.length = f.openPart;
          this.rollback(f.log);
          this.write(anchorMarker(f.anchor));
        } else this.parts.push(f.close);
        f.pending = false;
      } else if (f.close && !f.silent) this.parts.push(f.close);
    }
    f.markers = null;
    if (this.sp === 0) this.endRootChild(false);
  }

  text(data: string): void {
    const parent = this.top();
    if (parent.skip) return;
    if (parent.pending && !parent.text && data.trim() !== '') parent.text = true;
    if (!parent.silent) this.parts.push(escText(data));
    if (this.sp === 0) this.endRootChild(data.trim() === '');
  }

  comment(data: string): void {
    const frame = this.top();
    if (frame.skip || !this.markerRules.length) return;
    const marker = data.trim();
    // an end marker: the earliest start of its rule among these siblings takes everything since, itself included
    const pending = frame.markers;
    if (pending) {
      for (let k = 0; k < pending.length; k++) {
        const m = pending[k];
        if (this.markerRules[m.rule].end !== marker) continue;
        this.parts.length = m.parts;
        if (this.sp === 0) {
          this.blocks.length = m.blocks;
          if (m.lastBlock !== undefined) this.blocks[m.blocks - 1] = m.lastBlock;
        }
        this.rollback(m.log);
        this.count(this.markerRules[m.rule].index);
        pending.length = k;
        return;
      }
    }
    for (let r = 0; r < this.markerRules.length; r++) {
      if (this.markerRules[r].start !== marker) continue;
      const blocks = this.blocks;
      (frame.markers ??= []).push({
        rule: r, parts: this.parts.length, blocks: blocks.length, lastBlock: blocks[blocks.length - 1], log: this.log.length,
      });
      break;
    }
  }

  gap(): void {}

  currentOpenEnd(): number {
    return this.frames[this.sp - 1].openEnd;
  }

  result(): StreamResult {
    const counts: RuleCount[] = [];
    let total = 0;
    this.rules.forEach((r, i) => {
      if (this.counts[i]) {
        counts.push({ rule: r.id, label: r.label, count: this.counts[i] });
        total += this.counts[i];
      }
    });
    return { blocks: this.blocks, counts, total };
  }
}

/**
 * Serialises `html` with the built-in `rules` in 'strip' mode, as planStrip(tree, rules) then serialize(tree)
 * would; undefined where the tree path must do it (see the top of this file).
 */
export function streamRender(html: string, rules: readonly StripRule[], options: SerializeOptions, hooks: ParseHooks = {}): StreamResult | undefined {
  if (options.mode !== 'strip' || !streamable(rules)) return undefined;
  const s = new StreamSerializer(rules, options, hooks.onElement);
  return parseInto(html, s) ? s.result() : undefined;
}
