/** `{{`/`{%` in the body: Liquid renders it before Markdown, and a syntax error aborts the whole build. */
import { CheckContext } from '../context';
import { scanLiquid, PLUGIN_TAGS } from '../liquid';
import { Fix } from '../types';

const MAX_REPORTED = 20;

export function checkLiquid(ctx: CheckContext, bodyStart: number, frontMatterRead: boolean, pluginTags: string[] = []): boolean {
  if (frontMatterRead && ctx.data.render_with_liquid === false) return true;
  if (ctx.text.indexOf('{{', bodyStart) < 0 && ctx.text.indexOf('{%', bodyStart) < 0) return true;
  const tags = [...pluginTags, ...Object.values(PLUGIN_TAGS).flat()];
  const scan = scanLiquid(ctx.text, bodyStart, ctx.text.length, tags);
  const fixes: Fix[] = frontMatterRead && ctx.split.kind === 'ok'
    ? [{ title: 'Add render_with_liquid: false to the front matter', edits: [ctx.addKeyEdit('render_with_liquid: false')], preferred: true }]
    : [];
  if (scan.error) {
    ctx.report('liquid-error', scan.error.start, scan.error.end,
      `${scan.error.message}: Jekyll aborts the whole build. If this text is meant literally, add render_with_liquid: false or wrap it in {% raw %}…{% endraw %}.`, fixes);
    return false;
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
