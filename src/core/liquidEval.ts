/**
 * Liquid run as Jekyll runs it, to tell which `{{ … }}` of a post render nothing and which filters do not exist.
 * liquidjs, set up as Jekyll's Liquid 4.0.4: Jekyll's tags (include, link, post_url, highlight, …) and the
 * builder's filters only (an unknown filter passes its value on, as in Liquid 4), `site` from `_config.yml` and
 * `_data/`, `page` from the front matter and defaults. What a one-post check cannot know (site.posts, page.url,
 * an include's output, a plugin's tag) is an Unknown value: an output that touches one is not judged.
 * The syntax (what aborts) is judged by scanLiquid, which follows Liquid 4.0.4 itself; this runs only on a body
 * that parses.
 */
import type { Liquid, Tag, Output, TagToken, TopLevelToken, Context, Emitter } from 'liquidjs';
import type { FS } from 'liquidjs';
import type { LiquidCache } from 'liquidjs/dist/cache/cache';
import type { TagClass } from 'liquidjs/dist/template/tag';
import { LiquidToken } from './liquid';
import { LiquidSite, SITE_COMPUTED, PAGES_SITE_KEYS, CONFIG_DEFAULT_KEYS } from './liquidSite';

/** What an Unknown value prints: never empty, so an output holding one is never taken for "renders nothing". */
const UNKNOWN_TEXT = '\u{F8FF}';

interface Recorder {
  touched: boolean;
  /** Offsets of the Jekyll tags (include, link, post_url, …) that rendered. */
  tags: Set<number>;
  /** Per output (by its offset in the rendered text): rendered non-empty at least once, or touched an Unknown. */
  outputs: Map<number, { empty: boolean; judged: boolean; printed: string }>;
}
let recorder: Recorder | undefined;

/**
 * liquidjs, loaded the first time a body is run (not when the extension or the CLI loads: its module set-up was
 * about a third of the extension bundle's own load), with the classes built on it and its Output patched.
 */
interface Kit {
  lib: typeof import('liquidjs');
  UnknownTag: new (token: TagToken, remain: TopLevelToken[], liquid: Liquid) => Tag;
}
let kit: Kit | undefined;
/** The value Jekyll computes and a one-post check does not know (a liquidjs Drop; a placeholder until liquidjs loads). */
let UNKNOWN: object = Object.freeze({});

function liquidKit(): Kit {
  if (kit) return kit;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const lib = require('liquidjs') as typeof import('liquidjs');
  class Unknown extends lib.Drop {
    liquidMethodMissing(): unknown { if (recorder) recorder.touched = true; return UNKNOWN; }
    valueOf(): unknown { if (recorder) recorder.touched = true; return UNKNOWN_TEXT; }
    toString(): string { if (recorder) recorder.touched = true; return UNKNOWN_TEXT; }
  }
  UNKNOWN = new Unknown();
  patchOutput(lib.Output);
  /** An inline tag whose output a one-post check does not know (include, link, post_url, a plugin's tag). */
  class UnknownTag extends lib.Tag {
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) { super(token, remain, liquid); }
    * render(_ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> { recorder?.tags.add(this.token.begin); emitter.write(UNKNOWN_TEXT); }
  }
  return (kit = { lib, UnknownTag });
}

function involvesUnknown(v: unknown, depth = 0): boolean {
  if (v === UNKNOWN) return true;
  if (depth < 2 && Array.isArray(v)) return v.some(x => involvesUnknown(x, depth + 1));
  return false;
}

// Every Output of a body run by our engine records what it printed (the engine is synchronous: one recorder at a time).
function patchOutput(OutputClass: typeof Output): void {
  const originalRender = OutputClass.prototype.render;
  OutputClass.prototype.render = function* (this: Output, ctx: Context, emitter: Emitter): IterableIterator<unknown> {
    const rec = recorder;
    if (!rec) return yield* originalRender.call(this, ctx, emitter);
    const before = rec.touched;
    rec.touched = false;
    let printed = '';
    const spy = { write: (html: unknown) => { printed += html === undefined || html === null ? '' : String(html); emitter.write(html); } } as Emitter;
    const r = yield* originalRender.call(this, ctx, spy);
    const at = this.token.begin;
    const prev = rec.outputs.get(at);
    const judged = !rec.touched && !printed.includes(UNKNOWN_TEXT);
    rec.outputs.set(at, {
      empty: (prev ? prev.empty : true) && printed === '',
      judged: (prev ? prev.judged : true) && judged,
      printed: prev && prev.printed !== printed ? `${prev.printed}, ${printed}` : printed,
    });
    rec.touched = before || rec.touched;
    return r;
  };
}

/** A block rendered as its body (highlight, a plugin's block): Liquid runs inside it. */
export function bodyBlock(name: string): new (token: TagToken, remain: TopLevelToken[], liquid: Liquid) => Tag {
  const { lib } = liquidKit();
  return class extends lib.Tag {
    templates: unknown[] = [];
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
      super(token, remain, liquid);
      const stream = liquid.parser.parseStream(remain)
        .on('template', (tpl: unknown) => this.templates.push(tpl))
        .on(`tag:end${name}`, () => stream.stop())
        .on('end', () => { throw new Error(`tag ${token.getText()} not closed`); });
      stream.start();
    }
    * render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      yield this.liquid.renderer.renderTemplates(this.templates as never, ctx, emitter);
    }
  };
}

const engines = new WeakMap<LiquidSite, Liquid>();
/** Filters that read their input as a string (Ruby calls to_s on it). */
const STRINGY = new Set(['truncate', 'truncatewords', 'upcase', 'downcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'strip_html',
  'strip_newlines', 'escape', 'h', 'escape_once', 'xml_escape', 'append', 'prepend', 'replace', 'replace_first', 'remove', 'remove_first',
  'slugify', 'url_encode', 'url_decode', 'newline_to_br', 'cgi_escape', 'uri_escape', 'normalize_whitespace', 'relative_url', 'absolute_url']);
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
const lead = (p: string) => (!p || p.startsWith('/') ? p : `/${p}`);

/**
 * What a page render (src/core/sitePage.ts) gives the engine instead of Unknown values: the includes as files
 * (liquidjs' own Jekyll-style include reads them through `fs`), Jekyll's inline tags as classes of its own, the
 * highlight block, and the converters that a one-post check leaves unjudged.
 */
export interface PageEngineSetup {
  /** The includes, under the virtual folder `/_includes`. */
  fs: FS;
  /** Parsed includes (liquidjs' template cache). */
  cache: LiquidCache;
  /** Classes for Jekyll's inline tags (link, post_url, a plugin's tag…), by name. */
  inlineTag(name: string): TagClass;
  highlight: TagClass;
  filters: Record<string, (v: unknown, ...args: unknown[]) => unknown>;
}

function engineFor(ls: LiquidSite): Liquid {
  let engine = engines.get(ls);
  if (engine) return engine;
  engine = jekyllEngine(ls);
  engines.set(ls, engine);
  return engine;
}

/** liquidjs set up as Jekyll's Liquid for a site: for the checker (Unknown values) or, with `page`, to render pages. */
export function jekyllEngine(ls: LiquidSite, page?: PageEngineSetup): Liquid {
  const { lib, UnknownTag } = liquidKit();
  const toValue = lib.toValue;
  // dates print in the site's zone (Jekyll sets TZ from timezone:; none: the machine's, UTC on a build server)
  const tz = typeof ls.config.timezone === 'string' && ls.config.timezone ? ls.config.timezone : 'UTC';
  // a body that loops for ever (`{% for i in (1..100000000) %}`) stops with an error after 2 s (then nothing is judged)
  const engine = new lib.Liquid({ renderLimit: 2000, memoryLimit: 1e8, jekyllInclude: true, strictFilters: false, strictVariables: false, lenientIf: true, ownPropertyOnly: true, cache: false, timezoneOffset: tz,
    ...(page ? { renderLimit: 10_000, fs: page.fs, cache: page.cache, root: ['/_includes'], partials: ['/_includes'], layouts: ['/_includes'], relativeReference: false, extname: '', dynamicPartials: false } : {}) });
  // liquidjs' own tags that Liquid 4 lacks never reach here (scanLiquid rejects them); Jekyll's tags:
  for (const name of ['include', 'include_relative', 'link', 'post_url', 'seo', 'feed_meta', 'gist', 'github_edit_link', 'avatar', ...ls.pluginTags]) {
    if (page && name === 'include') continue; // liquidjs' own, Jekyll-style (jekyllInclude)
    engine.registerTag(name, page ? page.inlineTag(name) : UnknownTag);
  }
  for (const name of ['highlight', 'ifchanged', ...ls.pluginBlocks]) engine.registerTag(name, page && name === 'highlight' ? page.highlight : bodyBlock(name));
  // the builder's filters only: liquidjs' others pass their value on, as an unknown filter does in Liquid 4
  const filters = engine.filters as Record<string, unknown>;
  for (const name of Object.keys(filters)) if (!ls.filters.has(name)) delete filters[name];
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const baseurl = str(ls.config.baseurl).replace(/\/$/, '');
  const url = str(ls.config.url).replace(/\/$/, '');
  const own: Record<string, (v: unknown, ...args: unknown[]) => unknown> = {
    // converters: what kramdown or Sass makes of a value is not judged here
    markdownify: () => UNKNOWN, smartify: () => UNKNOWN, sassify: () => UNKNOWN, scssify: () => UNKNOWN, emojify: str, mentionify: str,
    h: v => str(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    // Jekyll's URLFilters: nil stays nil, an absolute URL is kept, else baseurl and the path each get a leading slash
    relative_url: v => (v === undefined || v === null ? v : ABSOLUTE.test(str(v)) ? str(v) : `${lead(baseurl)}${lead(str(v))}`),
    absolute_url: v => (v === undefined || v === null ? v : ABSOLUTE.test(str(v)) ? str(v) : `${url}${lead(baseurl)}${lead(str(v))}`),
    strip_index: v => str(v).replace(/\/index\.html?$/, '/'),
    // Liquid 4's first/last: only what responds to first (an array); a string gives nil
    first: v => (Array.isArray(v) ? v[0] : undefined),
    last: v => (Array.isArray(v) ? v[v.length - 1] : undefined),
    // Ruby's to_json: nil is "null"
    jsonify: v => (v === undefined || v === null ? 'null' : JSON.stringify(v)),
    // Jekyll's where: the property's values as strings include the value as a string
    where: (input: unknown, prop: unknown, value: unknown) => {
      if (!Array.isArray(input)) input = input && typeof input === 'object' ? Object.values(input as object) : input;
      if (!Array.isArray(input) || prop === undefined || prop === null) return input;
      const want = str(value);
      return input.filter(item => {
        const v = item && typeof item === 'object' ? (item as Record<string, unknown>)[String(prop)] : undefined;
        return (Array.isArray(v) ? v : [v]).map(x => str(x)).includes(want);
      });
    },
  };
  if (page) Object.assign(own, page.filters);
  // (liquidjs gives nil, empty and blank as drops: ours take their values)
  for (const [name, fn] of Object.entries(own)) if (ls.filters.has(name)) engine.registerFilter(name, (...a: unknown[]) => fn(...(a.map(x => toValue(x)) as [unknown])));
  // a filter given an Unknown value (or Unknown arguments) gives an Unknown result
  for (const name of Object.keys(filters)) {
    const f = filters[name] as { handler?: (...a: unknown[]) => unknown } | ((...a: unknown[]) => unknown);
    const handler = typeof f === 'function' ? f : f.handler;
    if (!handler) continue;
    const stringy = STRINGY.has(name);
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (args.some(a => involvesUnknown(a))) { if (recorder) recorder.touched = true; return UNKNOWN; }
      // Ruby's string filters take an array as its to_s, `["a", "b"]`
      if (stringy && Array.isArray(args[0])) args[0] = `[${args[0].map(x => JSON.stringify(x ?? null).replace(/^null$/, 'nil')).join(', ')}]`;
      return handler.apply(this, args);
    };
    if (typeof f === 'function') filters[name] = wrapped; else (f as { handler: unknown }).handler = wrapped;
  }
  return engine;
}

export interface PageModel {
  /** Front matter merged over the defaults, as Jekyll's page data. */
  data: Record<string, unknown>;
  date?: Date;
  title?: string | null;
  categories?: string[];
  tags?: string[] | null;
  relPath: string;
  draft: boolean;
}

/** An object whose missing keys are Unknown (what Jekyll computes) rather than nil. */
function withUnknown(obj: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
  const out = { ...obj };
  for (const k of keys) if (out[k] === undefined || out[k] === null) out[k] = UNKNOWN;
  return out;
}

function siteObject(ls: LiquidSite): Record<string, unknown> {
  const site: Record<string, unknown> = { ...ls.config };
  for (const k of CONFIG_DEFAULT_KEYS) if (!(k in site)) site[k] = UNKNOWN;
  for (const k of SITE_COMPUTED) site[k] = UNKNOWN;
  // _data/ is read only when a body asks for site.data
  Object.defineProperty(site, 'data', { get: () => ls.data(), enumerable: true });
  const collections = ls.config.collections;
  if (collections && typeof collections === 'object') for (const k of Object.keys(collections)) site[k] = UNKNOWN;
  if (ls.builder === 'github-pages') for (const k of PAGES_SITE_KEYS) if (site[k] === undefined || site[k] === null) site[k] = UNKNOWN;
  // Jekyll 4 sets url from `jekyll serve` only; a build without url: leaves it nil (shown as nothing), judged
  return ls.hasPlugins ? new Proxy(site, { get: (t, k) => (typeof k === 'string' && !(k in t) ? UNKNOWN : (t as Record<string | symbol, unknown>)[k]) }) : site;
}

function pageObject(ls: LiquidSite, page: PageModel): Record<string, unknown> {
  const base = page.relPath.slice(page.relPath.lastIndexOf('/') + 1);
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
  const slug = base.replace(/^\d+-\d+-\d+-/, '').replace(/\.[^.]+$/, '');
  const p: Record<string, unknown> = {
    ...page.data,
    slug: page.data.slug ?? slug, ext, collection: 'posts', path: page.relPath, relative_path: page.relPath, name: base,
    draft: page.draft, date: page.date ?? UNKNOWN, title: page.title ?? UNKNOWN,
    categories: page.categories ?? [], tags: page.tags ?? [],
  };
  const computed = withUnknown(p, ['url', 'id', 'content', 'output', 'excerpt', 'next', 'previous', 'layout']);
  return ls.hasPlugins ? new Proxy(computed, { get: (t, k) => (typeof k === 'string' && !(k in t) ? UNKNOWN : (t as Record<string | symbol, unknown>)[k]) }) : computed;
}

/** What one `{{ … }}` of a body printed (each time it ran), for a hover; unknown: it involved what a one-post check cannot know. */
export interface OutputRender {
  start: number;
  printed: string;
  unknown: boolean;
}

/** Runs a body as Jekyll's Liquid and says what each output printed (undefined when liquidjs cannot run it). */
export function renderOutputs(body: string, ls: LiquidSite, page: PageModel): OutputRender[] | undefined {
  const rec = run(body, ls, page);
  if (!rec) return undefined;
  return [...rec.outputs].map(([start, r]) => ({ start, printed: r.printed.split(UNKNOWN_TEXT).join('…'), unknown: !r.judged }));
}

function run(body: string, ls: LiquidSite, page: PageModel): Recorder | undefined {
  const engine = engineFor(ls);
  let templates;
  try {
    templates = engine.parse(body);
  } catch {
    return undefined;
  }
  const rec: Recorder = { touched: false, tags: new Set(), outputs: new Map() };
  recorder = rec;
  try {
    engine.renderSync(templates, {
      site: siteObject(ls), page: pageObject(ls, page), layout: UNKNOWN, paginator: UNKNOWN, jekyll: UNKNOWN, content: UNKNOWN,
      highlighter_prefix: UNKNOWN, highlighter_suffix: UNKNOWN,
    });
  } catch {
    return undefined; // a render error of liquidjs' own: judge nothing rather than guess
  } finally {
    recorder = undefined;
  }
  return rec;
}

export interface EmptyOutput {
  /** Offsets in the body passed in. */
  start: number;
  end: number;
}

export interface RenderResult {
  empties: EmptyOutput[];
  /** Offsets (in the body) of the outputs that rendered at all. */
  rendered: Set<number>;
  /** Offsets (in the body) of Jekyll's tags (include, link, post_url, plugins') that rendered. */
  tags: Set<number>;
}

/**
 * The `{{ … }}` of a body (already known to parse as Liquid 4) that render nothing, with the site's and the page's
 * data. Undefined when liquidjs cannot run the body (then nothing is judged but the lax fallback below).
 */
export function emptyOutputs(body: string, ls: LiquidSite, page: PageModel): RenderResult | undefined {
  const rec = run(body, ls, page);
  if (!rec) return undefined;
  const out: EmptyOutput[] = [];
  for (const [at, r] of rec.outputs) {
    if (!r.empty || !r.judged) continue;
    const close = body.indexOf('}}', at);
    out.push({ start: at, end: close < 0 ? body.length : close + 2 });
  }
  return { empties: out.sort((a, b) => a.start - b.start), rendered: new Set(rec.outputs.keys()), tags: rec.tags };
}

const GLOBAL_ROOTS = new Set(['site', 'page', 'layout', 'paginator', 'jekyll', 'content', 'highlighter_prefix', 'highlighter_suffix', 'forloop', 'tablerowloop']);
const QF_START = /^\s*(?:"[^"]*"|'[^']*'|(?:[^\s,|'"]|"[^"]*"|'[^']*')+)/;

/** The variables a body defines (assign, capture, for, tablerow, increment, decrement, cycle-less). */
export function localNames(tokens: LiquidToken[]): Set<string> {
  const names = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'tag' || !t.markup) continue;
    const m = /^\(?([\w-]+)/.exec(t.markup.trim());
    if (m && ['assign', 'capture', 'for', 'tablerow', 'increment', 'decrement'].includes(t.name ?? '')) names.add(m[1]);
  }
  return names;
}

/** Filters that give nothing for nil in Liquid 4 / Jekyll (and any filter the builder lacks, which passes nil on). */
const NIL_STAYS_EMPTY = new Set(['upcase', 'downcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'strip_html', 'strip_newlines', 'escape', 'h',
  'escape_once', 'xml_escape', 'truncate', 'truncatewords', 'url_encode', 'url_decode', 'cgi_escape', 'uri_escape', 'first', 'last',
  'newline_to_br', 'remove', 'remove_first', 'replace', 'replace_first', 'normalize_whitespace', 'slugify',
  'strip_index', 'uniq', 'compact', 'reverse', 'sort', 'sort_natural', 'map', 'where', 'where_exp', 'find', 'find_exp', 'join', 'date',
  'date_to_xmlschema', 'date_to_rfc822', 'date_to_string', 'date_to_long_string']);

/**
 * Without liquidjs (markup Liquid 4's strict parser refuses, which its lax parser reads on): does `{{ name | filters }}`
 * render nothing? Its value is the first fragment read as Expression.parse does (a literal, or a lookup whose root
 * nothing defines: nil), passed through filters that keep nil empty. Known roots and locals are not judged.
 */
export function laxEmpty(name: string, locals: Set<string>, filters: string[] = [], known?: ReadonlySet<string>): boolean {
  const first = name.trim();
  if (filters.some(f => known?.has(f) && !NIL_STAYS_EMPTY.has(f))) return false;
  if (!first) return true; // `{{ }}` or only filters: nil
  if (/^(?:"[^"]*"|'[^']*')$/.test(first)) return first.length === 2;
  if (/^-?\d+$/.test(first) || /^-?\d[\d.]+$/.test(first) || /^\(\S+\.\.\S+\)$/.test(first)) return false;
  if (/^(true|false)$/.test(first)) return false;
  if (/^(nil|null|empty|blank)$/.test(first)) return true;
  // VariableLookup: the first \w+ (ASCII, as Ruby's) or [..] is the name; none (涨幅) looks up nil
  const root = /\[[^\]]+\]|[\w-]+\??/.exec(first)?.[0];
  if (!root) return true;
  if (root.startsWith('[')) return false;
  return !GLOBAL_ROOTS.has(root) && !locals.has(root);
}
