/**
 * The links of a post's body that point inside its site: `{% post_url %}` and `{% link %}` tags, and links written
 * as Markdown (`[text](/path)`, `[ref]: /path`, `<https://site/path>`) or HTML (`href="/path"`, `src="/path"`)
 * that are root-relative or absolute to the site's own `url` (and under its `baseurl`). Relative links and links to
 * other hosts are left alone: only links that clearly point inside the site are kept. Code (fences, indented
 * `{% highlight %}`, inline backticks, `{% raw %}`) is skipped. Pure: no `vscode`, no file system.
 */

export interface BodyLink {
  kind: 'post_url' | 'link' | 'href';
  /** post_url/link: the tag's argument as written; href: the site-relative path (`/a/b/`, baseurl removed, decoded). */
  target: string;
  /** href: the link as written. */
  written?: string;
  /** Offsets of the tag, or of the URL as written. */
  start: number;
  end: number;
}

/** What decides whether a URL points inside the site: `url` (scheme and host) and `baseurl` of `_config.yml`. */
export interface SiteAddress {
  url?: string;
  baseurl?: string;
}

/** The host of the site's url (lower case), '' when none is set. */
function hostOf(url: string | undefined): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]+)/i.exec(url ?? '');
  return m ? m[1].toLowerCase() : '';
}

/** `/base` without its trailing slash ('' for none). */
export function normalBaseurl(baseurl: string | undefined): string {
  const b = (baseurl ?? '').trim().replace(/\/+$/, '');
  return !b ? '' : b.startsWith('/') ? b : '/' + b;
}

/**
 * The site-relative path (`/a/b/`) a written link points to, or undefined when it does not clearly point inside
 * the site: relative, another host, outside the baseurl, Liquid left in it, not http(s).
 */
export function internalPath(href: string, site: SiteAddress): string | undefined {
  let h = href.trim();
  if (h.includes('{')) {
    // the two Liquid outputs links are built with
    h = h.replace(/\{\{-?\s*site\.baseurl\s*-?\}\}/g, site.baseurl ?? '').replace(/\{\{-?\s*site\.url\s*-?\}\}/g, site.url ?? '');
    if (/\{[{%]/.test(h)) return undefined;
  }
  const c = h.charCodeAt(0);
  // neither root-relative nor http(s): relative, mailto:, #anchor … (the common case, decided at once)
  if (c !== 47 /* / */ && c !== 104 && c !== 72 /* h H */) return undefined;
  const { host, base } = prepared(site);
  let p: string;
  if (c !== 47 || h.charCodeAt(1) === 47) {
    const abs = /^(?:(https?:)?\/\/)([^/?#]*)(.*)$/i.exec(h);
    if (!abs || !host || abs[2].toLowerCase() !== host) return undefined;
    p = abs[3] || '/';
  } else p = h;
  if (/\s/.test(p)) return undefined;
  const cut = p.search(/[?#]/);
  if (cut >= 0) p = p.slice(0, cut);
  if (!p.startsWith('/')) p = '/' + p;
  if (base) {
    if (p !== base && !p.startsWith(base + '/')) return undefined;
    p = p.slice(base.length) || '/';
  }
  if (p.includes('%')) {
    try { p = decodeURI(p); } catch { /* a stray % : kept as written */ }
  }
  return p;
}

const preparedOf = new WeakMap<SiteAddress, { host: string; base: string }>();
function prepared(site: SiteAddress): { host: string; base: string } {
  let v = preparedOf.get(site);
  if (!v) preparedOf.set(site, (v = { host: hostOf(site.url), base: normalBaseurl(site.baseurl) }));
  return v;
}

/** The text with `{% raw %}` and `{% comment %}` blocks blanked (offsets kept): Liquid does not run there. */
export function blankRaw(text: string): string {
  return text.replace(/\{%-?\s*(raw|comment)\s*-?%\}[\s\S]*?\{%-?\s*end\1\s*-?%\}/g, s => s.replace(/[^\n]/g, ' '));
}

/** The body with code blanked out (same length, offsets kept): fences, highlight/raw blocks, inline code, comments. */
function blankCode(body: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  // (each pass only when its marker occurs: most posts have none of them)
  let out = body.includes('{%') ? blankRaw(body).replace(/\{%-?\s*(highlight)\b[\s\S]*?\{%-?\s*end\1\s*-?%\}/g, blank) : body;
  if (out.includes('```') || out.includes('~~~')) out = out.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1?\2[`~]*[ \t]*$|(?![\s\S]))/gm, blank);
  if (out.includes('<!--')) out = out.replace(/<!--[\s\S]*?-->/g, blank);
  // inline code within a line (a stray backtick must not blank the rest of the post)
  if (out.includes('`')) out = out.replace(/(`+)[^`\n][^\n]*?\1/g, blank);
  return out;
}

const TAG = /\{%-?\s*(post_url|link)\s+([^%]*?)\s*-?%\}/g;
/** `](url`, `<url>`, `href="url"` `src='url'` `href=url`, and reference definitions `[ref]: url`, each with a literal start (fast to scan for). */
const HREFS: Array<[string, RegExp]> = [
  // (a Liquid output in the URL, `{{ site.baseurl }}`, may hold spaces)
  ['](', /\]\(\s*<?((?:\{\{[^}\n]*\}\}|[^)\s>])+)/g],
  ['//', /<((?:https?:)?\/\/[^>\s]+)>/g],
  ['=', /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi],
  [']:', /^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?(?=\s|$)/gm],
];

/** The links of a body that point inside the site (offsets into `text`). */
export function bodyLinks(text: string, bodyStart: number, site: SiteAddress): BodyLink[] {
  const raw = text.slice(bodyStart);
  const body = blankCode(raw);
  const out: BodyLink[] = [];
  // Liquid runs in code blocks too (not inside raw or comment): tags are taken from the body with only those blanked
  for (const m of blankRaw(raw).matchAll(TAG)) {
    const arg = m[2].trim();
    if (!arg || arg.includes('{{')) continue;
    out.push({ kind: m[1] as 'post_url' | 'link', target: arg, start: bodyStart + m.index!, end: bodyStart + m.index! + m[0].length });
  }
  for (const [marker, re] of HREFS) {
    if (!body.includes(marker)) continue;
    for (const m of body.matchAll(re)) {
      const written = m[1] ?? m[2] ?? m[3];
      // a `{% link %}`/`{% post_url %}` in the URL is judged as a tag
      if (!written || written.includes('{%')) continue;
      const target = internalPath(written, site);
      if (target === undefined) continue;
      const start = bodyStart + m.index! + m[0].indexOf(written);
      out.push({ kind: 'href', target, written, start, end: start + written.length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The story's id in a share link: the source's article id (`NW202205302396506117` of `…?infoCode=NW2022…`,
 * `202112082206563626` of `…/a/202112082206563626.html`: the last run of 8 or more characters with 6 digits in a
 * row, in the query or the last path segment), so that the same story is known under two share hosts; else the
 * whole link (scheme and trailing slash dropped, host lower-cased). Undefined for a bare host.
 */
export function sourceIdOf(shareUrl: string | undefined): string | undefined {
  if (!shareUrl) return undefined;
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]+)([^?#]*)(\?[^#]*)?/i.exec(shareUrl.trim());
  if (!m) return undefined;
  const last = m[2].slice(m[2].lastIndexOf('/') + 1).replace(/\.[a-z]+$/i, '');
  const ids = `${last} ${m[3] ?? ''}`.match(/[A-Za-z0-9]*\d{6}[A-Za-z0-9]*/g)?.filter(x => x.length >= 8);
  if (ids?.length) return ids[ids.length - 1];
  const rest = (m[2] + (m[3] ?? '')).replace(/\/+$/, '');
  return rest ? m[1].toLowerCase() + rest : undefined;
}
