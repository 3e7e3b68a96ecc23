/** `{{`/`{%` in the body: Liquid renders it before Markdown, and a syntax error aborts the whole build. */
import { CheckContext } from '../context';
import { scanLiquid, excerptOf, PLUGIN_TAGS, LiquidToken } from '../liquid';
import { Fix } from '../types';

const MAX_REPORTED = 20;

export function checkLiquid(ctx: CheckContext, bodyStart: number, frontMatterRead: boolean, pluginTags: string[] = []): boolean {
  if (frontMatterRead && ctx.data.render_with_liquid === false) return true;
  if (ctx.text.indexOf('{{', bodyStart) < 0 && ctx.text.indexOf('{%', bodyStart) < 0) return true;
  const tags = [...pluginTags, ...Object.values(PLUGIN_TAGS).flat()];
  const fixes: Fix[] = frontMatterRead && ctx.split.kind === 'ok'
    ? [{ title: 'Add render_with_liquid: false to the front matter', edits: [ctx.addKeyEdit('render_with_liquid: false')], preferred: true }]
    : [];
  const scan = scanLiquid(ctx.text, bodyStart, ctx.text.length, tags);
  const advice = 'If this text is meant literally, add render_with_liquid: false or wrap it in {% raw %}…{% endraw %}.';
  if (scan.error) {
    const e = scan.error;
    ctx.report('liquid-error', e.start, e.end,
      `Jekyll aborts the whole build: "Liquid syntax error (line ${e.line}): ${e.detail} in ${ctx.relPath}". ${advice}`, fixes);
    return false;
  }
  const missing = missingInclude(ctx, scan.tokens);
  if (missing) {
    const jekyllSays = `Could not locate the included file '${missing.file}' in any of ["${missing.dir}"]. ` +
      `Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source. in ${ctx.relPath}`;
    ctx.outcome.abortMessage = jekyllSays;
    ctx.report('liquid-error', missing.start, missing.end,
      `Jekyll aborts the whole build: "${jekyllSays}". Create ${missing.dir}/${missing.file}, or remove the tag. ${advice}`, fixes);
    return false;
  }
  // The excerpt (the first paragraph) is rendered again on its own, its open blocks closed by Jekyll.
  const sep = typeof ctx.data.excerpt_separator === 'string' ? ctx.data.excerpt_separator : ctx.site?.config.excerptSeparator;
  const ex = excerptOf(ctx.text.slice(bodyStart), sep);
  if (ex && ex.appended) {
    const exScan = scanLiquid(ex.head + ex.appended, 0, ex.head.length + ex.appended.length, tags);
    if (exScan.error) {
      const e = exScan.error;
      // an error in what Jekyll appended is shown on the tag whose end it appended
      const onHead = e.start < ex.head.length;
      const opener = onHead ? undefined : exScan.tokens.filter(t => t.end <= ex.head.length && t.kind === 'tag').pop();
      const [s, en] = onHead ? [e.start, e.end] : opener ? [opener.start, opener.end] : [0, ex.head.length];
      ctx.report('liquid-error', bodyStart + s, bodyStart + en,
        `Jekyll aborts the whole build: "Liquid syntax error (line ${e.line}): ${e.detail} in ${ctx.relPath}/#excerpt". ` +
        `The excerpt is the first paragraph, and Jekyll closes the blocks it opens by appending end tags (here:${ex.appended.replace(/\n/g, ' ')}). ${advice}`, fixes);
      return false;
    }
  }
  for (const t of scan.tokens.slice(0, MAX_REPORTED)) {
    if (t.kind === 'tag' && (t.name === 'raw' || t.name === 'endraw')) continue;
    const text = ctx.text.slice(t.start, Math.min(t.end, t.start + 40));
    const wrap: Fix = { title: 'Wrap it in {% raw %}…{% endraw %}', edits: [{ start: t.start, end: t.start, newText: '{% raw %}' }, { start: t.end, end: t.end, newText: '{% endraw %}' }] };
    ctx.report('liquid-in-body', t.start, t.end,
      `Liquid runs on the body: '${text}${t.end - t.start > 40 ? '…' : ''}' is replaced by what it renders (an unknown variable renders as nothing). ` +
      'If it is meant literally, add render_with_liquid: false.', [...fixes, wrap]);
  }
  return true;
}

/** The first `{% include file %}` naming a file the site's includes folder lacks (a literal name only; not with a theme). */
function missingInclude(ctx: CheckContext, tokens: LiquidToken[]): { start: number; end: number; file: string; dir: string } | undefined {
  const site = ctx.site;
  if (!site?.includes || site.config.theme) return undefined;
  for (const t of tokens) {
    if (t.kind !== 'tag' || t.name !== 'include') continue;
    const m = /^\{%-?\s*include\s+([^\s{}%]+)/.exec(ctx.text.slice(t.start, t.end));
    if (!m || m[1].includes('{{')) continue;
    const file = m[1].replace(/^["']|["']$/g, '');
    if (!site.includes.has(file)) return { start: t.start, end: t.end, file, dir: site.config.includesDir ?? '_includes' };
  }
  return undefined;
}
