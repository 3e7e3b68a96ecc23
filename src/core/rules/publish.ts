/** `published` and future dates: Jekyll's Publisher#publish?. */
import { CheckContext } from '../context';
import { formatInZone } from '../timezone';
import { t } from '../l10n';

export function checkPublished(ctx: CheckContext): boolean {
  const e = ctx.entry('published');
  const v = ctx.data.published;
  if (v === false) {
    if (ctx.site?.config.unpublished) return true;
    const where = e ? [e.keyStart, e.valueEnd] : ctx.headRange;
    ctx.report('unpublished', where[0], where[1], t('published: false: Jekyll does not publish this post (unless built with --unpublished).'));
    return false;
  }
  if (e && typeof v === 'string') {
    const falsy = /^(?:false|no|off|0)$/i.test(v.trim());
    ctx.report('published-not-boolean', e.valueStart, e.valueEnd,
      falsy
        ? t('published is the string {0}, and every string counts as true: Jekyll publishes this post. Write published: false without quotes to hold it back.', JSON.stringify(v))
        : t('published is the string {0}, and every string counts as true: Jekyll publishes this post.', JSON.stringify(v)),
      falsy ? [{ title: t('Write published: false'), edits: [{ start: e.valueStart, end: e.valueEnd, newText: 'false' }], preferred: true }] : []);
  }
  return true;
}

export function checkFuture(ctx: CheckContext, epochMs: number | undefined, where: [number, number]): boolean {
  if (epochMs === undefined || ctx.site?.config.future) return true;
  if (Math.floor(epochMs / 1000) <= Math.floor(ctx.now / 1000)) return true;
  ctx.report('future-date', where[0], where[1],
    t('Dated in the future ({0}): Jekyll holds this post back until a build after that time (unless future: true in _config.yml).', formatInZone(epochMs, ctx.tz)));
  return false;
}
