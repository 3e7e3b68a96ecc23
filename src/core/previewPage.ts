/**
 * The preview page as the webview gets it: a strict Content-Security-Policy (our script by nonce only, no
 * inline handlers, no frames, forms, plugins or connections; https and data images, http images only when
 * allowed), the post as the site's `post` layout shows it (date in the site time zone, title, body, tags)
 * and the banner that explains what was stripped. The body HTML comes from render.ts, already sanitised.
 */
import { absoluteUrl } from './url';
import { JekyllOutcome } from './types';
import { RenderedBody, RenderOptions, renderPost, bodyKindOf } from './render';
import { checkPost } from './check';
import { Site } from './site';
import { t } from './l10n';
import type { SitePage } from './sitePage';

/** The two views of the preview: the post inside the site's layouts, or the article alone. */
export type PreviewMode = 'site' | 'article';

export interface PostHeader {
  /** `page.date` as the layout prints it (`%Y-%m-%d %H:%M:%S` in the site time zone). */
  date?: string;
  /** The zone the date is shown in, e.g. `+0800 Asia/Shanghai`. */
  zone?: string;
  title?: string | null;
  tags?: string[];
  /** Why the site will not show this post as previewed (future date, unpublished, build abort…). */
  notice?: string;
  /** Where the site publishes it: the absolute link (or the site-relative URL when the site's address is unknown). */
  link?: string;
}

/** The header of a post from the checker's prediction of what Jekyll does with it. */
export function headerFromOutcome(j: JekyllOutcome, timezone?: string, link?: string): PostHeader {
  const h: PostHeader = { title: j.title ?? null, tags: j.tags ?? [] };
  if (link && j.fate !== 'skipped' && j.fate !== 'abort') h.link = link;
  if (j.date === 'build-time') {
    h.date = undefined;
    h.zone = t('the time of each build');
  } else if (j.date) {
    const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([+-]\d{4})$/.exec(j.date);
    h.date = m ? m[1] : j.date;
    h.zone = m ? `${m[2]}${timezone ? ' ' + timezone : ''}` : timezone;
  }
  switch (j.fate) {
    // Jekyll's own abort text stays English (what its build log prints)
    case 'abort': h.notice = j.abortMessage ? t('Jekyll stops the whole build on this post: {0}', j.abortMessage) : t('Jekyll stops the whole build on this post.'); break;
    case 'skipped': h.notice = t('Jekyll skips this file: it is not read as a post.'); break;
    case 'unpublished': h.notice = t('published: false: the post is not on the site.'); break;
    case 'future': h.notice = t('Dated in the future: Jekyll leaves the post out until then (unless the site sets future: true).'); break;
    default:
      if (j.frontMatter === 'none') h.notice = t('Jekyll reads no front matter here: the text is shown without the post layout.');
      else if (j.frontMatter === 'ignored') h.notice = t('The front matter has a YAML error: Jekyll drops all of it (no title, date or tags).');
  }
  return h;
}

/** Posts longer than this (UTF-16 units) are not rendered: the preview says so instead. */
export const MAX_PREVIEW_CHARS = 10 * 1024 * 1024;

export interface PreviewModel {
  header: PostHeader;
  body: RenderedBody;
}

/**
 * What the preview shows for a post: the header from the checker's own reading of the front matter (so the
 * date is the one the checker predicts, in the site's time zone) and the body rendered and stripped.
 */
export function previewModel(input: { text: string; path: string; site?: Site; now?: number }, options: RenderOptions = {}): PreviewModel {
  let header: PostHeader;
  try {
    const r = checkPost({ text: input.text, path: input.path, site: input.site }, { now: input.now });
    const url = r.jekyll.url;
    header = headerFromOutcome(r.jekyll, input.site?.config.timezone, url && input.site ? absoluteUrl(input.site, url) ?? url : url);
  } catch (e) {
    header = { notice: t('The front matter could not be read: {0}', e instanceof Error ? e.message : String(e)) };
  }
  if (input.text.length > MAX_PREVIEW_CHARS) {
    const mb = (input.text.length / 1048576).toFixed(1);
    return { header, body: { blocks: [], counts: [], total: 0, summary: t('Not rendered: the post is {0} MB (the preview renders up to {1} MB)', mb, MAX_PREVIEW_CHARS / 1048576) } };
  }
  return { header, body: renderPost(input.text, { kind: bodyKindOf(input.path), ...options }) };
}

export interface PageInput {
  /** A fresh random value per page (base64), for our script's nonce. */
  nonce: string;
  /** The webview's `cspSource` (where our script and stylesheet are served from). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  allowHttpImages: boolean;
  header: PostHeader;
  body: RenderedBody;
  /** Stripped items are shown in place (outlined) instead of removed. */
  showStripped: boolean;
  /** Problems with the user's rules, shown in the banner. */
  problems?: readonly string[];
  /** Update counter the webview echoes back (for incremental updates). */
  version?: number;
  /** Extra state for our script (JSON in a data attribute). */
  state?: Record<string, unknown>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A CSP source expression: a quoted keyword (`'self'`), a scheme (`https:`) or a host source (`https://*.vscode-cdn.net`). */
const SOURCE_EXPRESSION = /^(?:'(?:self|none)'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*|(?:\*\.)?[a-z0-9+-]+(?:\.[a-z0-9+-]+)*)(?::(?:\d+|\*))?(?:\/[^\s;,'"]*)?)$/i;

/**
 * The webview's `cspSource` as CSP sources. VS Code gives several, space-separated (1.139:
 * `'self' https://*.vscode-cdn.net`): each is kept as its own source. A value with anything that is not a
 * source expression (a `;` that would add a directive, `'unsafe-inline'`…) gives no source at all.
 */
export function cspSources(cspSource: string): string {
  const sources = cspSource.trim().split(/\s+/).filter(Boolean);
  return sources.every(s => SOURCE_EXPRESSION.test(s)) ? sources.join(' ') : '';
}

/** The Content-Security-Policy of the preview. */
export function contentSecurityPolicy(p: { nonce: string; cspSource: string; allowHttpImages: boolean }): string {
  const src = cspSources(p.cspSource);
  const sources = (...s: string[]) => s.filter(Boolean).join(' ') || "'none'";
  return [
    "default-src 'none'",
    `img-src ${sources(src, 'https:', 'data:', p.allowHttpImages ? 'http:' : '')}`,
    `style-src ${sources(src, "'unsafe-inline'")}`,
    `style-src-elem ${sources(src)}`,
    "style-src-attr 'unsafe-inline'",
    `font-src ${sources(src)}`,
    `script-src 'nonce-${p.nonce}'`,
    "form-action 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "connect-src 'none'",
    "media-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
  ].join('; ');
}

/** The date/title block, as `_layouts/post.html` shows it. */
export function headerHtml(h: PostHeader): string {
  let s = '';
  if (h.notice) s += `<p class="np-notice">${esc(h.notice)}</p>`;
  if (h.date) s += `<small class="np-date">${esc(h.date)}${h.zone ? ` <span class="np-zone" title="${esc(t("page.date in the site's time zone"))}">(${esc(h.zone)})</span>` : ''}</small>`;
  else if (h.zone) s += `<small class="np-date np-date-missing">${esc(t('date: {0}', h.zone))}</small>`;
  s += h.title ? `<h1 class="np-title">${esc(h.title)}</h1>` : `<h1 class="np-title np-title-missing">${esc(t('(no title)'))}</h1>`;
  if (h.link) s += `<small class="np-link" title="${esc(t('Where the site publishes this post'))}">${esc(h.link)}</small>`;
  return s;
}

/** `tags: <em>a</em> - <em>b</em>` (shown only when the post has tags, like the layout; `tags:` is the layout's own text, not translated). */
export function tagsHtml(h: PostHeader): string {
  if (!h.tags || !h.tags.length) return '';
  return `<small>tags: ${h.tags.map(t => `<em>${esc(t)}</em>`).join(' - ')}</small>`;
}

/** The view switch of the banner: which mode is shown, and the other one offered (only when the site has layouts). */
export interface ModeSwitch {
  mode: PreviewMode;
  /** Site page is possible (the site has layouts). */
  available: boolean;
}

/** The banner: what was stripped, the toggle, the view switch, what the site page leaves out, and any rule problems. */
export function bannerHtml(body: RenderedBody, showStripped: boolean, problems: readonly string[] = [], mode?: ModeSwitch, notes: readonly string[] = []): string {
  let s = `<span class="np-summary">${esc(body.summary)}</span>`;
  if (body.total > 0) {
    s += ` <button type="button" id="np-toggle" class="np-toggle" aria-pressed="${showStripped}">${esc(showStripped ? t('Hide stripped items') : t('Show stripped items'))}</button>`;
  }
  if (mode?.available) {
    s += ` <button type="button" id="np-mode" class="np-toggle" data-np-mode="${mode.mode}">${esc(mode.mode === 'site' ? t('Article only') : t('Site page'))}</button>`;
  }
  for (const n of notes) s += `<div class="np-note">${esc(n)}</div>`;
  for (const p of problems) s += `<div class="np-problem">${esc(t('Rule ignored: {0}', p))}</div>`;
  return s;
}

/** What the site page shows differently from the live site (banner lines). */
export function sitePageNotes(p: SitePage): string[] {
  const notes: string[] = [];
  if (p.error) notes.push(t('The layouts could not be rendered ({0}): the post is shown alone.', p.error));
  if (p.missingTheme) notes.push(t('The theme {0} is not in the site and the preview has no copy of it: its layouts, includes and styles are missing.', p.missingTheme));
  if (p.skippedTags.length) notes.push(t('Tags of plugins the preview does not run, shown as nothing: {0}', p.skippedTags.map(n => `{% ${n} %}`).join(', ')));
  if (p.missingIncludes.length) notes.push(t('Includes not found (Jekyll stops the build): {0}', p.missingIncludes.join(', ')));
  if (p.scripts) notes.push(t('Scripts removed (they never run in the preview): {0}', p.scripts));
  return notes;
}

/** The body as the page holds it: an empty comment before each block marks where the script can patch. */
export function blocksHtml(blocks: readonly string[]): string {
  let s = '';
  for (const b of blocks) s += BLOCK_MARK + b;
  return s;
}

/** The comment that starts each block (the sanitised body never holds comments of its own). */
export const BLOCK_MARK = '<!---->';

/** The smallest replacement that turns one list of blocks into another: common head and tail kept. */
export interface BlockPatch {
  start: number;
  deleteCount: number;
  insert: string[];
}

export function diffBlocks(before: readonly string[], after: readonly string[]): BlockPatch {
  let head = 0;
  const max = Math.min(before.length, after.length);
  while (head < max && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < max - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start: head, deleteCount: before.length - head - tail, insert: after.slice(head, after.length - tail) };
}

export interface SitePageInput extends Omit<PageInput, 'header' | 'body'> {
  page: SitePage;
  /** The banner's and stripped items' stylesheet (media/preview-chrome.css). */
  chromeUri: string;
  /** What the banner says besides the strip summary (sitePageNotes). */
  notes?: readonly string[];
}

/** The page of the "Site page" view: the layouts' sanitised output around the body, the site's stylesheets, our banner on top. */
export function buildSitePreviewPage(p: SitePageInput): string {
  const csp = contentSecurityPolicy(p);
  const state = { version: p.version ?? 0, showStripped: p.showStripped, mode: 'site', ...(p.state ?? {}) };
  const pg = p.page;
  const links = pg.stylesheets.map(u => `<link rel="stylesheet" href="${esc(u)}">\n`).join('');
  const cls = [pg.bodyClass ?? '', 'np-site-page', p.showStripped ? 'np-show-stripped' : ''].filter(Boolean).join(' ');
  return `<!DOCTYPE html>
<html lang="${esc(pg.lang || 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${links}<link rel="stylesheet" href="${esc(p.chromeUri)}">
<title>${esc(pg.title || t('Preview'))}</title>
</head>
<body class="${esc(cls)}" data-np-state="${esc(JSON.stringify(state))}">
<div id="np-banner" class="np-banner${pg.body.total || p.notes?.length ? '' : ' np-banner-clean'}" role="status">${bannerHtml(pg.body, p.showStripped, p.problems, { mode: 'site', available: true }, p.notes)}</div>
${pg.before}<div id="np-content">${blocksHtml(pg.body.blocks)}</div>${pg.after}
${p.scriptUri ? `<script nonce="${esc(p.nonce)}" src="${esc(p.scriptUri)}"></script>` : ''}
</body>
</html>`;
}

/** What must be the same for an update of the site page to patch only the body (else the whole page is set again). */
export function siteShellKey(pg: SitePage): string {
  return JSON.stringify([pg.before, pg.after, pg.stylesheets, pg.title, pg.lang, pg.bodyClass]);
}

/** The article-only page. */
export function buildPreviewPage(p: PageInput & { chromeUri?: string; mode?: ModeSwitch }): string {
  const csp = contentSecurityPolicy(p);
  const state = { version: p.version ?? 0, showStripped: p.showStripped, ...(p.state ?? {}) };
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p.chromeUri ? `<link rel="stylesheet" href="${esc(p.chromeUri)}">\n` : ''}<link rel="stylesheet" href="${esc(p.styleUri)}">
<title>${esc(p.header.title || t('Preview'))}</title>
</head>
<body class="${p.showStripped ? 'np-show-stripped' : ''}" data-np-state="${esc(JSON.stringify(state))}">
<div id="np-banner" class="np-banner${p.body.total ? '' : ' np-banner-clean'}" role="status">${bannerHtml(p.body, p.showStripped, p.problems, p.mode)}</div>
<article id="np-post" class="np-post">
<header id="np-header">${headerHtml(p.header)}</header>
<div id="np-content">${blocksHtml(p.body.blocks)}</div>
<footer id="np-tags">${tagsHtml(p.header)}</footer>
</article>
${p.scriptUri ? `<script nonce="${esc(p.nonce)}" src="${esc(p.scriptUri)}"></script>` : ''}
</body>
</html>`;
}
