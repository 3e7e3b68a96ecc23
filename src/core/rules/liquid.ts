/** `{{`/`{%` in the body: Liquid renders it before Markdown, and a syntax error aborts the whole build. */
import { CheckContext } from '../context';
import { scanLiquid, excerptOf, PLUGIN_TAGS, LiquidToken } from '../liquid';
import { Fix } from '../types';
import { t } from '../l10n';

const MAX_REPORTED = 20;

export function checkLiquid(ctx: CheckContext, bodyStart: number, frontMatterRead: boolean, pluginTags: string[] = []): boolean {
  if (frontMatterRead && ctx.data.render_with_liquid === false) return true;
  if (ctx.text.indexOf('{{', bodyStart) < 0 && ctx.text.indexOf('{%', bodyStart) < 0) return true;
  const tags = [...pluginTags, ...Object.values(PLUGIN_TAGS).flat()];
  const fixes: Fix[] = frontMatterRead && ctx.split.kind === 'ok'
    ? [{ title: t('Add render_with_liquid: false to the front matter'), edits: [ctx.addKeyEdit('render_with_liquid: false')], preferred: true }]
    : [];
  const scan = scanLiquid(ctx.text, bodyStart, ctx.text.length, tags);
  const advice = t('If this text is meant literally, add render_with_liquid: false or wrap it in {% raw %}…{% endraw %}.');
  if (scan.error) {
    const e = scan.error;
    const jekyllSays = `Liquid syntax error (line ${e.line}): ${e.detail} in ${ctx.relPath}`;
    ctx.jekyllSays['liquid-error'] = jekyllSays;
    ctx.report('liquid-error', e.start, e.end, t('Jekyll aborts the whole build: "{0}". {1}', jekyllSays, advice), fixes);
    return false;
  }
  const missing = missingInclude(ctx, scan.tokens);
  if (missing) {
    const jekyllSays = `Could not locate the included file '${missing.file}' in any of ["${missing.dir}"]. ` +
      `Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source. in ${ctx.relPath}`;
    ctx.jekyllSays['liquid-error'] = jekyllSays;
    ctx.report('liquid-error', missing.start, missing.end,
      t('Jekyll aborts the whole build: "{0}". Create {1}, or remove the tag. {2}', jekyllSays, `${missing.dir}/${missing.file}`, advice), fixes);
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
      const opener = onHead ? undefined : exScan.tokens.filter(tok => tok.end <= ex.head.length && tok.kind === 'tag').pop();
      const [s, en] = onHead ? [e.start, e.end] : opener ? [opener.start, opener.end] : [0, ex.head.length];
      const jekyllSays = `Liquid syntax error (line ${e.line}): ${e.detail} in ${ctx.relPath}/#excerpt`;
      ctx.jekyllSays['liquid-error'] = jekyllSays;
      ctx.report('liquid-error', bodyStart + s, bodyStart + en,
        t('Jekyll aborts the whole build: "{0}". The excerpt is the first paragraph, and Jekyll closes the blocks it opens by appending end tags (here:{1}). {2}', jekyllSays, ex.appended.replace(/\n/g, ' '), advice), fixes);
      return false;
    }
  }
  for (const tok of scan.tokens.slice(0, MAX_REPORTED)) {
    if (tok.kind === 'tag' && (tok.name === 'raw' || tok.name === 'endraw')) continue;
    const text = ctx.text.slice(tok.start, Math.min(tok.end, tok.start + 40));
    const wrap: Fix = { title: t('Wrap it in {% raw %}…{% endraw %}'), edits: [{ start: tok.start, end: tok.start, newText: '{% raw %}' }, { start: tok.end, end: tok.end, newText: '{% endraw %}' }] };
    ctx.report('liquid-in-body', tok.start, tok.end,
      t("Liquid runs on the body: '{0}' is replaced by what it renders (an unknown variable renders as nothing). If it is meant literally, add render_with_liquid: false.", `${text}${tok.end - tok.start > 40 ? '…' : ''}`), [...fixes, wrap]);
  }
  return true;
}

/** The first `{% include file %}` naming a file the site's includes folder lacks (a literal name only; not with a theme). */
function missingInclude(ctx: CheckContext, tokens: LiquidToken[]): { start: number; end: number; file: string; dir: string } | undefined {
  const site = ctx.site;
  if (!site?.includes || site.config.theme) return undefined;
  for (const tok of tokens) {
    if (tok.kind !== 'tag' || tok.name !== 'include') continue;
    const m = /^\{%-?\s*include\s+([^\s{}%]+)/.exec(ctx.text.slice(tok.start, tok.end));
    if (!m || m[1].includes('{{')) continue;
    const file = m[1].replace(/^["']|["']$/g, '');
    if (!site.includes.has(file)) return { start: tok.start, end: tok.end, file, dir: site.config.includesDir ?? '_includes' };
  }
  return undefined;
}
