/** `published` and future dates: Jekyll's Publisher#publish?. */
import { CheckContext } from '../context';
import { formatInZone } from '../timezone';

export function checkPublished(ctx: CheckContext): boolean {
  const e = ctx.entry('published');
  const v = ctx.data.published;
  if (v === false) {
    if (ctx.site?.config.unpublished) return true;
    const where = e ? [e.keyStart, e.valueEnd] : ctx.headRange;
    ctx.report('unpublished', where[0], where[1], 'published: false: Jekyll does not publish this post (unless built with --unpublished).');
    return false;
  }
  if (e && typeof v === 'string') {
    const falsy = /^(?:false|no|off|0)$/i.test(v.trim());
    ctx.report('published-not-boolean', e.valueStart, e.valueEnd,
      `published is the string ${JSON.stringify(v)}, and every string counts as true: Jekyll publishes this post.` + (falsy ? ' Write published: false without quotes to hold it back.' : ''),
      falsy ? [{ title: 'Write published: false', edits: [{ start: e.valueStart, end: e.valueEnd, newText: 'false' }], preferred: true }] : []);
  }
  return true;
}

export function checkFuture(ctx: CheckContext, epochMs: number | undefined, where: [number, number]): boolean {
  if (epochMs === undefined || ctx.site?.config.future) return true;
  if (Math.floor(epochMs / 1000) <= Math.floor(ctx.now / 1000)) return true;
  ctx.report('future-date', where[0], where[1],
    `Dated in the future (${formatInZone(epochMs, ctx.tz)}): Jekyll holds this post back until a build after that time (unless future: true in _config.yml).`);
  return false;
}
