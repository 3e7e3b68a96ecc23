/**
 * What a `{{ … }}` of a post renders, for the editor's hover: the post's body run as Jekyll's Liquid (liquidEval) with
 * the page as the checker read it. Pure: the editor passes the text, the offset and the check's result.
 */
import { CheckResult, relativeToSite } from './check';
import { splitFrontMatter, parseFrontMatter } from './frontmatter';
import { Site, defaultsFor } from './site';
import { scanLiquid } from './liquid';
import { liquidSite } from './liquidSite';
import { renderOutputs } from './liquidEval';

export interface LiquidAt {
  start: number;
  end: number;
  /** The expression between the braces. */
  markup: string;
  /** What it printed each time it ran, joined (undefined: it never ran, e.g. in a branch not taken). */
  printed?: string;
  /** It depends on what a one-post check cannot know (site.posts, page.url, an include): `…` stands for that part. */
  partly?: boolean;
  /** The body could not be run (Liquid 4 reads it, liquidjs does not): nothing is known. */
  notRun?: boolean;
}

export function liquidAt(text: string, offset: number, file: string, site: Site | undefined, result: CheckResult, now = Date.now()): LiquidAt | undefined {
  const split = splitFrontMatter(text);
  const bodyStart = split.kind === 'none' ? split.bom : split.bodyStart;
  if (offset < bodyStart || !site) return undefined;
  const scan = scanLiquid(text, bodyStart);
  const tok = scan.tokens.find(t => t.kind === 'variable' && t.start <= offset && offset <= t.end && !t.inComment);
  if (!tok) return undefined;
  const at: LiquidAt = { start: tok.start, end: tok.end, markup: (tok.markup ?? '').trim() };
  const relPath = relativeToSite(file, site);
  const data: Record<string, unknown> = { ...defaultsFor(site, relPath) };
  if (split.kind === 'ok' && result.jekyll.frontMatter === 'read') for (const e of parseFrontMatter(text, split).entries) data[e.key] = e.value;
  const j = result.jekyll;
  const date = j.date && j.date !== 'build-time' ? new Date(j.date.replace(' ', 'T').replace(/ ([+-]\d\d)(\d\d)$/, '$1:$2')) : undefined;
  const outputs = scan.error ? undefined : renderOutputs(text.slice(bodyStart), liquidSite(site, now), {
    data, relPath, draft: result.kind === 'draft', date: date && !isNaN(date.getTime()) ? date : undefined,
    title: j.title, categories: j.categories, tags: j.tags,
  });
  if (!outputs) return { ...at, notRun: true };
  const r = outputs.find(o => o.start === tok.start - bodyStart);
  return r ? { ...at, printed: r.printed, partly: r.unknown } : at;
}
