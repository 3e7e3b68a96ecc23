/**
 * `{{`/`{%` in the body: Liquid runs on it before Markdown. What aborts the build (a syntax error, an include, link
 * or post_url whose target does not exist) is an error with Jekyll's own message; an output that renders nothing
 * and a filter that does not exist are warnings naming them; Liquid that resolves says nothing.
 */
import { CheckContext } from '../context';
import { Site } from '../site';
import { scanLiquid, excerptOf, LiquidToken, includeTarget, parseVariable, unknownOperators, strictCondition, ParsedVariable } from '../liquid';
import { liquidSite, LiquidSite, postUrlMatches, postUrlMatchesLoosely, liquidFilters } from '../liquidSite';
import { emptyOutputs, laxEmpty, localNames, PageModel } from '../liquidEval';
import { Fix } from '../types';
import { t } from '../l10n';

const MAX_REPORTED = 20;

const BUILDER_NAMES: Record<string, string> = { 'github-pages': 'GitHub Pages (Jekyll 3.10)', 'jekyll-3': 'Jekyll 3', 'jekyll-4': 'Jekyll 4' };

export interface LiquidPage {
  epochMs?: number;
  title?: string | null;
  categories?: string[];
  tags?: string[] | null;
}

export function checkLiquid(ctx: CheckContext, bodyStart: number, frontMatterRead: boolean, pluginTags: string[] = [], page: LiquidPage = {}): boolean {
  const ls = ctx.site ? liquidSite(ctx.site, ctx.now) : undefined;
  const builder = ls?.builder ?? 'jekyll-4';
  // Jekyll 4 honours render_with_liquid: false; Jekyll 3.10 (GitHub Pages) runs Liquid all the same
  const honoursNoLiquid = builder === 'jekyll-4';
  if (frontMatterRead && ctx.data.render_with_liquid === false && honoursNoLiquid) return true;
  if (ctx.text.indexOf('{{', bodyStart) < 0 && ctx.text.indexOf('{%', bodyStart) < 0) return true;
  const tags = [...pluginTags, ...(ls?.pluginTags ?? ['seo', 'feed_meta', 'gist'])];
  const noLiquidFix: Fix[] = honoursNoLiquid && frontMatterRead && ctx.split.kind === 'ok'
    ? [{ title: t('Add render_with_liquid: false to the front matter'), edits: [ctx.addKeyEdit('render_with_liquid: false')], preferred: true }]
    : [];
  const wrap = (start: number, end: number, preferred = false): Fix => ({
    title: t('Wrap it in {% raw %}…{% endraw %}'),
    edits: [{ start, end: start, newText: '{% raw %}' }, { start: end, end, newText: '{% endraw %}' }],
    ...(preferred ? { preferred } : {}),
  });
  const fixesFor = (start: number, end: number): Fix[] => [...noLiquidFix, wrap(start, end, noLiquidFix.length === 0)];
  const advice = honoursNoLiquid
    ? t('If this text is meant literally, add render_with_liquid: false or wrap it in {% raw %}…{% endraw %}.')
    : t('If this text is meant literally, wrap it in {% raw %}…{% endraw %} ({0} ignores render_with_liquid: false).', BUILDER_NAMES[builder]);
  /** Reports the abort; `message` is the whole sentence (Jekyll's words as {0}), by default with the advice. */
  const abort = (start: number, end: number, jekyllSays: string, message = t('Jekyll aborts the whole build: "{0}". {1}', jekyllSays, advice)) => {
    ctx.jekyllSays['liquid-error'] = jekyllSays;
    ctx.report('liquid-error', start, end, message, fixesFor(start, end));
    return false;
  };


  const scan = scanLiquid(ctx.text, bodyStart, ctx.text.length, tags, ls?.pluginBlocks);
  if (scan.error) {
    const e = scan.error;
    const says = e.kind === 'argument' ? `${e.detail} in ${ctx.relPath}` : `Liquid syntax error (line ${e.line}): ${e.detail} in ${ctx.relPath}`;
    return abort(e.start, e.end, says);
  }
  // The excerpt (the first paragraph) is rendered again on its own, its open blocks closed by Jekyll.
  const sep = typeof ctx.data.excerpt_separator === 'string' ? ctx.data.excerpt_separator : ctx.site?.config.excerptSeparator;
  const ex = excerptOf(ctx.text.slice(bodyStart), sep);
  if (ex && ex.appended) {
    const exScan = scanLiquid(ex.head + ex.appended, 0, ex.head.length + ex.appended.length, tags, ls?.pluginBlocks);
    if (exScan.error) {
      const e = exScan.error;
      // an error in what Jekyll appended is shown on the tag whose end it appended
      const onHead = e.start < ex.head.length;
      const opener = onHead ? undefined : exScan.tokens.filter(tok => tok.end <= ex.head.length && tok.kind === 'tag').pop();
      const [s, en] = onHead ? [e.start, e.end] : opener ? [opener.start, opener.end] : [0, ex.head.length];
      const says = `Liquid syntax error (line ${e.line}): ${e.detail} in ${ctx.relPath}/#excerpt`;
      return abort(bodyStart + s, bodyStart + en, says,
        t('Jekyll aborts the whole build: "{0}". The excerpt is the first paragraph, and Jekyll closes the blocks it opens by appending end tags (here:{1}). {2}', says, ex.appended.replace(/\n/g, ' '), advice));
    }
  }

  // What renders: a missing include/link/post_url target, a filter given the wrong number of arguments, a condition
  // with an unknown operator (each raises while rendering: the build aborts, at the first one reached), filters that
  // do not exist, outputs that print nothing.
  const aborts: Missing[] = [];
  const targets = missingTargets(ctx, scan.tokens, ls);
  const known = ls?.arity ?? new Map<string, [number, number]>();
  const allJekyll4 = liquidFilters('jekyll-4');
  const lineOf = (offset: number) => 1 + countNewlines(ctx.text, bodyStart, offset);
  const parsed = new Map<LiquidToken, ParsedVariable>();
  const unknownFilters: Array<[number, string]> = [];
  const wrongArity = new Map<LiquidToken, Missing>();
  // a condition only the lax parser reads is evaluated its own way: what renders after it is then not judged
  let laxFrom = Infinity;
  for (const tok of scan.tokens) {
    if (tok.inComment || tok.markup === undefined) continue;
    if (tok.kind === 'tag' && (tok.name === 'if' || tok.name === 'elsif' || tok.name === 'unless')) {
      if (!strictCondition(tok.markup)) laxFrom = Math.min(laxFrom, tok.start);
      const bad = unknownOperators(tok.markup)[0];
      if (bad) aborts.push({ start: tok.start, end: tok.end, says: `Liquid error (line ${lineOf(tok.start)}): Unknown operator ${bad} in ${ctx.relPath}` });
      continue;
    }
    let markup = tok.markup;
    if (tok.kind === 'tag') {
      if (tok.name !== 'assign') continue;
      markup = markup.slice(markup.indexOf('=') + 1);
    }
    const v = parseVariable(markup);
    if (tok.kind === 'variable') parsed.set(tok, v);
    const markupAt = tok.start + ctx.text.slice(tok.start, tok.end).indexOf(markup);
    for (const f of v.filters) {
      const arity = known.get(f.name);
      if (!arity) { if (ls) unknownFilters.push([markupAt + f.offset, f.name]); continue; }
      const given = f.args + 1;
      if (given < arity[0] || (arity[1] >= 0 && given > arity[1])) {
        const expected = arity[1] < 0 ? `${arity[0]}+` : arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]}..${arity[1]}`;
        const m = { start: tok.start, end: tok.end, says: `Liquid error (line ${lineOf(tok.start)}): wrong number of arguments (given ${given}, expected ${expected}) in ${ctx.relPath}` };
        if (tok.kind === 'variable') wrongArity.set(tok, m); else aborts.push(m);
        break;
      }
    }
  }
  // Outputs the strict parser refuses are read by the lax one (not as liquidjs would): judged here, and blanked for liquidjs.
  const locals = localNames(scan.tokens);
  const laxTokens = scan.tokens.filter(tok => tok.kind === 'variable' && !tok.inComment && parsed.get(tok)?.strict === false);
  // (each becomes a string literal of its length, so that liquidjs still says whether it renders)
  let body = ctx.text.slice(bodyStart);
  for (const tok of laxTokens) {
    const n = tok.end - tok.start;
    const stand = n >= 6 ? `{{'${' '.repeat(n - 6)}'}}` : ' '.repeat(n);
    body = body.slice(0, tok.start - bodyStart) + stand + body.slice(tok.end - bodyStart);
  }
  const pageModel: PageModel = {
    data: ctx.data, relPath: ctx.relPath, draft: ctx.kind === 'draft',
    date: page.epochMs !== undefined ? new Date(page.epochMs) : undefined,
    title: page.title, categories: page.categories, tags: page.tags,
  };
  const run = ls ? emptyOutputs(body, ls, pageModel) : undefined;
  // a missing target, or a filter with the wrong arity, raises only when its tag or output renders (liquidjs says which
  // did; without it, or before a condition liquidjs reads otherwise, assume it does)
  const renders = (start: number, set: 'rendered' | 'tags') => start < laxFrom && (!run || run[set].has(start - bodyStart));
  for (const [tok, m] of wrongArity) if (tok.end - tok.start < 6 || renders(tok.start, 'rendered')) aborts.push(m);
  for (const m of targets) if (renders(m.start, 'tags')) aborts.push(m);
  if (aborts.length) {
    const first = aborts.reduce((a, b) => (b.start < a.start ? b : a));
    return first.message ? abort(first.start, first.end, first.says, first.message(advice)) : abort(first.start, first.end, first.says);
  }
  if (!ls) return true;
  let reported = 0;
  for (const [s, name] of unknownFilters) {
    if (reported++ >= MAX_REPORTED) break;
    ctx.report('liquid-unknown-filter', s, s + name.length, allJekyll4.has(name)
      ? t("The filter '{0}' exists only in Jekyll 4: {1} does not have it and passes the value on unchanged.", name, BUILDER_NAMES[builder])
      : t("There is no filter '{0}' on {1}: Liquid passes the value on unchanged.", name, BUILDER_NAMES[builder]));
  }
  // (only outputs Liquid reads as such: liquidjs closes a raw block where Liquid 4 does not)
  const outputStarts = new Set(scan.tokens.filter(tok => tok.kind === 'variable' && !tok.inComment).map(tok => tok.start));
  let empties: Array<{ start: number; end: number }> = run
    ? run.empties.map(e => ({ start: e.start + bodyStart, end: e.end + bodyStart })).filter(e => outputStarts.has(e.start))
    : scan.tokens.filter(tok => tok.kind === 'variable' && !tok.inComment && parsed.get(tok)?.strict !== false
      && laxEmpty(parsed.get(tok)?.laxName ?? tok.markup ?? '', locals, parsed.get(tok)?.filters.map(f => f.name), ls.filters));
  for (const tok of laxTokens) {
    const v = parsed.get(tok)!;
    const rendered = !run || tok.end - tok.start < 6 || run.rendered.has(tok.start - bodyStart);
    if (rendered && laxEmpty(v.laxName ?? '', locals, v.filters.map(f => f.name), ls.filters)) empties.push(tok);
  }
  empties = empties.filter(e => e.start < laxFrom).sort((a, b) => a.start - b.start);
  for (const e of empties) {
    if (reported++ >= MAX_REPORTED) break;
    const text = ctx.text.slice(e.start, Math.min(e.end, e.start + 40));
    ctx.report('liquid-in-body', e.start, e.end,
      t("Liquid renders '{0}' as nothing here: {1} has no value on this site, so the text disappears from the page. {2}", `${text}${e.end - e.start > 40 ? '…' : ''}`, variableName(ctx.text.slice(e.start, e.end)), advice),
      fixesFor(e.start, e.end));
  }
  return true;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function variableName(token: string): string {
  const inner = token.replace(/^\{\{-?|-?\}\}$/g, '').trim();
  return inner.split('|')[0].trim() || inner || token;
}

interface Missing { start: number; end: number; says: string; message?: (advice: string) => string }

/** The includes, links and post_urls whose target the site lacks (each aborts the build when it renders). */
function missingTargets(ctx: CheckContext, tokens: LiquidToken[], ls: LiquidSite | undefined): Missing[] {
  const out: Missing[] = [];
  const site = ctx.site;
  if (!site) return out;
  for (const tok of tokens) {
    if (tok.kind !== 'tag' || tok.inComment || tok.markup === undefined) continue;
    const markup = tok.markup.trim();
    if (markup.includes('{{')) continue;
    const theme = themeIncludes(site, ls?.builder);
    if (tok.name === 'include' && site.includes && theme) {
      const file = includeTarget(markup)?.replace(/^["']|["']$/g, '');
      if (file && !site.includes.has(file) && !theme.files.includes(file)) {
        const dir = site.config.includesDir ?? '_includes';
        const dirs = [dir, ...(theme.name ? [`<${theme.name}>/_includes`] : [])].map(d => `"${d}"`).join(', ');
        // Jekyll 3's safe mode (GitHub Pages) says the symlink part otherwise
        const ensure = ls?.builder === 'github-pages'
          ? 'Ensure it exists in one of those directories and is not a symlink as those are not allowed in safe mode.'
          : 'Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source.';
        const says = `Could not locate the included file '${file}' in any of [${dirs}]. ${ensure} in ${ctx.relPath}`;
        out.push({
          start: tok.start, end: tok.end, says,
          message: advice => t('Jekyll aborts the whole build: "{0}". Create {1}, or remove the tag. {2}', says, `${dir}/${file}`, advice),
        });
      }
    }
    if (!ls) continue;
    if (tok.name === 'link' && markup && !ls.fileExists(markup)) {
      out.push({
        start: tok.start, end: tok.end,
        says: `Could not find document '${markup}' in tag 'link'.\n\nMake sure the document exists and the path is correct.\n in ${ctx.relPath}`,
      });
    }
    if (tok.name === 'post_url' && markup) {
      const posts = ls.postPaths();
      if (!posts.some(p => postUrlMatches(markup, p)) && !posts.some(p => postUrlMatchesLoosely(markup, p))) {
        out.push({
          start: tok.start, end: tok.end,
          says: `Could not find post "${markup}" in tag 'post_url'.\nMake sure the post exists and the name is correct.\n in ${ctx.relPath}`,
        });
      }
    }
  }
  return out;
}

/** The includes of the GitHub Pages themes and minima (file names of their `_includes/`), by gem. */
const THEME_INCLUDES: Record<string, string[]> = {
  'jekyll-theme-primer': ['head-custom-google-analytics.html', 'head-custom.html'],
  'jekyll-theme-minimal': ['head-custom-google-analytics.html', 'head-custom.html'],
  minima: ['disqus_comments.html', 'footer.html', 'google-analytics.html', 'head.html', 'header.html', 'icon-github.html',
    'icon-github.svg', 'icon-twitter.html', 'icon-twitter.svg', 'social.html'],
};

/**
 * The theme whose includes an `{% include %}` may also name: none (the site alone), a known one with its files, or
 * undefined when the site's theme is one we do not know (then a missing include is not judged). GitHub Pages always
 * has a theme: primer unless _config.yml names another.
 */
function themeIncludes(site: Site, builder: string | undefined): { name?: string; files: string[] } | undefined {
  const theme = site.config.theme ?? (builder === 'github-pages' ? 'jekyll-theme-primer' : undefined);
  if (!theme) return { files: [] };
  const files = THEME_INCLUDES[theme];
  return files ? { name: theme, files } : undefined;
}
