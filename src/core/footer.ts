/**
 * The source attribution footer of a news post: parsing it (every form the site has used) and building the
 * right one for a post from its front matter and what the site knows (vocabulary, category pages, settings).
 *
 *     …</p><p class="em_media">（文章来源：21世纪经济报道）</p>
 *
 *     <http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201122245559521>
 *
 *     [返回21世纪经济报道新闻](//finews.withounder.com/category/21shijijingjibaodao.html)｜[返回首页](//finews.withounder.com/)
 *
 * Pure: no `vscode`, no file system.
 */

/** `<p class="em_media">（文章来源：X）</p>`: where it is and how it is spelled. */
export interface SourceLine {
  /** The whole `<p …>…</p>` element. */
  start: number;
  end: number;
  /** The text between `<p …>` and `</p>`. */
  innerStart: number;
  innerEnd: number;
  /** The source name, markup (keytip spans) removed, trimmed; '' when the line has none. */
  name: string;
  /** Raw range of the name (may hold markup). */
  nameStart: number;
  nameEnd: number;
  /** The brackets and colon as written ('' when the inner text has another shape). */
  open: string;
  colon: string;
  close: string;
  /** The label before the colon, e.g. 文章来源. */
  label: string;
  /** The spelling, e.g. `（文章来源：…）`; undefined when the inner text is not `(label: name)`. */
  form?: string;
}

/** `<http://…>` (or `<>`) alone on its line. */
export interface ShareLink {
  /** The `<…>`. */
  start: number;
  end: number;
  /** The URL ('' for `<>`). */
  url: string;
  /** Written as HTML (`<p><a href="…">…</a></p>`), not as a Markdown autolink. */
  html?: boolean;
}

export interface NavLink {
  start: number;
  end: number;
  text: string;
  url: string;
  /** Where its text is (inside `[…]` or `<a …>…</a>`). */
  textStart: number;
  textEnd: number;
}

/** `[返回X新闻](//host/category/slug.html)｜[返回首页](//host/)`, on one line or two. */
export interface NavLine {
  start: number;
  end: number;
  links: NavLink[];
  /** The link back to the category (the first link that is not 返回首页). */
  category?: NavLink;
  /** Its text without 返回, e.g. 央行网站新闻 (the tag the post should carry). */
  categoryLabel?: string;
  /** The category slug in its URL (`category/<slug>.html` or `…/<slug>/`). */
  slug?: string;
  home?: NavLink;
  /** The site URL the links use, e.g. `//finews.withounder.com/` (from the home link). */
  siteUrl?: string;
  /** `｜` one line, or '\n' for the two-line form. */
  separator: string;
  /** Written as HTML (`<p><a href="…">返回…</a>｜…</p>`), not as Markdown links. */
  html?: boolean;
}

export interface Footer {
  /** Every em_media line / share link / navigation line in the body, in order. */
  sources: SourceLine[];
  shares: ShareLink[];
  navs: NavLine[];
  /** The last of each (the footer's own parts). */
  source?: SourceLine;
  share?: ShareLink;
  nav?: NavLine;
  /** Where the footer starts (its first part) and ends (its last part); undefined when there is none. */
  start?: number;
  end?: number;
}

export const SOURCE_LABEL = '文章来源';
export const CANONICAL_FORM = '（文章来源：…）';

const EM_MEDIA = /<p\s+class\s*=\s*["']?em_media["']?\s*>([\s\S]*?)<\/p\s*>/gi;
const SOURCE_INNER = /^([ \t]*)([（(]?)[ \t]*((?:文章)?来源)[ \t]*([：:]?)([\s\S]*?)([）)]?)[ \t]*$/;
const SHARE = /^[ \t]*<((?:https?:)?\/\/[^\s<>]*)?>[ \t]*$/;
const NAV_LINK = /\[(返回[^\]\n]*)\]\(([^)\n]*)\)/g;
const NAV_ONLY = /^[ \t]*(?:\[返回[^\]\n]*\]\([^)\n]*\)[ \t]*(?:[｜|][ \t]*)?)+$/;
// the same in HTML, as an .html post must write them (Jekyll converts no Markdown there)
const SHARE_HTML = /^[ \t]*<p>[ \t]*<a\s+href\s*=\s*"((?:https?:)?\/\/[^"\s<>]*)?"\s*>[^<\n]*<\/a>[ \t]*<\/p>[ \t]*$/i;
const NAV_LINK_HTML = /<a\s+href\s*=\s*"([^"\n]*)"\s*>(返回[^<\n]*)<\/a>/gi;
const NAV_ONLY_HTML = /^[ \t]*<p>[ \t]*(?:<a\s+href\s*=\s*"[^"\n]*"\s*>返回[^<\n]*<\/a>[ \t]*(?:[｜|][ \t]*)?)+<\/p>[ \t]*$/i;

/** How a post's footer links are written: Markdown in `.md`/`.markdown` posts, HTML in `.html` posts. */
export type FooterSyntax = 'markdown' | 'html';

export function footerSyntaxOf(path: string): FooterSyntax {
  return /\.html?$/i.test(path) ? 'html' : 'markdown';
}

const escAttr = (s: string) => s.replace(/&(?!(?:amp|quot|lt|gt|#\d+);)/g, '&amp;').replace(/"/g, '&quot;');
const unescAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The share link line: `<url>`, or `<p><a href="url">url</a></p>` in HTML. */
export function shareLinkText(url: string, syntax: FooterSyntax = 'markdown'): string {
  return syntax === 'html' ? `<p><a href="${escAttr(url)}">${url.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</a></p>` : `<${url}>`;
}

/** Markdown navigation links (`[返回X](url)`) as HTML: each line a `<p>`, each link an `<a href>`; HTML stays as it is. */
export function navText(nav: string, syntax: FooterSyntax = 'markdown'): string {
  if (syntax === 'markdown') return nav;
  return nav.split('\n').map(line => {
    if (/^\s*<p>/i.test(line)) return line;
    return `<p>${line.trim().replace(/\[([^\]\n]*)\]\(([^)\n]*)\)/g, (_m, text: string, url: string) => `<a href="${escAttr(url.trim())}">${text}</a>`)}</p>`;
  }).join('\n');
}

/** Markup removed and entities of the simplest kind decoded: the name a reader sees. */
export function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim();
}

export function formOf(open: string, colon: string, close: string, label = SOURCE_LABEL): string {
  return `${open}${label}${colon}…${close}`;
}

function parseSource(text: string, m: RegExpExecArray, from: number): SourceLine {
  const start = from + m.index;
  const end = start + m[0].length;
  const innerStart = start + m[0].indexOf('>') + 1;
  const innerEnd = innerStart + m[1].length;
  const s = SOURCE_INNER.exec(m[1]);
  if (!s) {
    return { start, end, innerStart, innerEnd, name: plainText(m[1]), nameStart: innerStart, nameEnd: innerEnd, open: '', colon: '', close: '', label: '' };
  }
  const before = s[1].length + s[2].length;
  const labelAt = m[1].indexOf(s[3], before);
  const colonAt = m[1].indexOf(s[4], labelAt + s[3].length);
  let nameStart = innerStart + colonAt + s[4].length;
  let nameEnd = nameStart + s[5].length;
  while (nameStart < nameEnd && /[ \t]/.test(text[nameStart])) nameStart++;
  while (nameEnd > nameStart && /[ \t]/.test(text[nameEnd - 1])) nameEnd--;
  return {
    start, end, innerStart, innerEnd, name: plainText(s[5]), nameStart, nameEnd,
    open: s[2], colon: s[4], close: s[6], label: s[3], form: formOf(s[2], s[4], s[6], s[3]),
  };
}

function navOf(lineStart: number, line: string, html: boolean): NavLink[] {
  const links: NavLink[] = [];
  const re = html ? NAV_LINK_HTML : NAV_LINK;
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = lineStart + m.index;
    const [text, url] = html ? [m[2], unescAttr(m[1]).trim()] : [m[1], m[2].trim()];
    const textStart = html ? start + m[0].indexOf('>') + 1 : start + 1;
    links.push({ start, end: start + m[0].length, text, url, textStart, textEnd: textStart + text.length });
  }
  return links;
}

/** The category slug a navigation URL points to: `…/category/<slug>.html` or `…/<slug>/`. */
export function slugOfNavUrl(url: string): string | undefined {
  const u = url.replace(/[?#].*$/, '');
  let m = /(?:^|\/)category\/([^/]+?)\.html$/.exec(u);
  if (m) return safeDecode(m[1]);
  m = /^(?:(?:https?:)?\/\/[^/]+|\.{1,2})?\/([^/]+)\/$/.exec(u);
  if (m) return safeDecode(m[1]);
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function finishNav(n: { start: number; end: number; links: NavLink[]; separator: string; html: boolean }): NavLine {
  const home = n.links.find(l => l.text === '返回首页');
  const category = n.links.find(l => l !== home);
  // (no object spread: V8's spread here was most of this function's time)
  const nav: NavLine = { start: n.start, end: n.end, links: n.links, separator: n.separator, home, category };
  if (n.html) nav.html = true;
  if (category) {
    nav.categoryLabel = category.text.replace(/^返回/, '');
    nav.slug = slugOfNavUrl(category.url);
  }
  if (home && /^(?:https?:)?\/\//.test(home.url)) nav.siteUrl = home.url.endsWith('/') ? home.url : home.url + '/';
  return nav;
}

/** Every footer part in a post's body (bodyStart: where the body starts in the text). */
export function parseFooter(text: string, bodyStart = 0): Footer {
  // (a post's footer is asked for three times in a row: its facts, the footer rules, its share link for the site
  // map; the last answer is kept, and callers do not change it)
  if (lastFooter && lastFooter.text === text && lastFooter.bodyStart === bodyStart) return lastFooter.footer;
  const footer = parseFooterOnce(text, bodyStart);
  lastFooter = { text, bodyStart, footer };
  return footer;
}

let lastFooter: { text: string; bodyStart: number; footer: Footer } | undefined;

function parseFooterOnce(text: string, bodyStart: number): Footer {
  const footer: Footer = { sources: [], shares: [], navs: [] };
  const body = text.slice(bodyStart);
  if (body.includes('em_media')) {
    EM_MEDIA.lastIndex = 0;
    for (let m = EM_MEDIA.exec(body); m; m = EM_MEDIA.exec(body)) footer.sources.push(parseSource(text, m, bodyStart));
  }
  // Lines: share links and navigation lines (consecutive navigation-only lines form one two-line footer).
  let pending: { start: number; end: number; links: NavLink[]; separator: string; html: boolean } | undefined;
  let pos = bodyStart;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let lineEnd = nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const line = text.slice(pos, lineEnd);
    const first = line.charCodeAt(line.search(/\S/));
    let shareHtml: RegExpExecArray | null = null;
    if (first === 0x3c /* < */ && SHARE.test(line)) {
      const lt = line.indexOf('<');
      const gt = line.lastIndexOf('>');
      footer.shares.push({ start: pos + lt, end: pos + gt + 1, url: line.slice(lt + 1, gt) });
    } else if (first === 0x3c && (shareHtml = SHARE_HTML.exec(line))) {
      const from = line.search(/\S/);
      footer.shares.push({ start: pos + from, end: pos + line.trimEnd().length, url: unescAttr(shareHtml[1] ?? ''), html: true });
    }
    const navMd = first === 0x5b /* [ */ && NAV_ONLY.test(line);
    const navHtml = !navMd && first === 0x3c && line.includes('返回') && NAV_ONLY_HTML.test(line);
    if (navMd || navHtml) {
      const links = navOf(pos, line, navHtml);
      const lineFrom = pos + line.search(/\S/);
      const lineTo = pos + line.trimEnd().length;
      if (pending && pending.html === navHtml && /^\r?\n$/.test(text.slice(pending.end, lineFrom).replace(/[ \t]/g, ''))) {
        pending.links.push(...links);
        pending.end = lineTo;
        pending.separator = '\n';
      } else {
        if (pending) footer.navs.push(finishNav(pending));
        const between = navHtml ? line.replace(NAV_LINK_HTML, '') : line;
        const sep = /｜/.test(between) ? '｜' : /\|/.test(between) ? '|' : links.length > 1 ? ' ' : '';
        pending = { start: lineFrom, end: lineTo, links, separator: sep, html: navHtml };
      }
    } else if (pending && line.trim()) {
      footer.navs.push(finishNav(pending));
      pending = undefined;
    }
    if (nl >= text.length) break;
    pos = nl + 1;
  }
  if (pending) footer.navs.push(finishNav(pending));
  footer.source = footer.sources[footer.sources.length - 1];
  footer.share = footer.shares[footer.shares.length - 1];
  footer.nav = footer.navs[footer.navs.length - 1];
  const parts: Array<{ start: number; end: number }> = [];
  for (const p of [footer.source, footer.share, footer.nav]) if (p) parts.push(p);
  if (parts.length) {
    footer.start = Math.min(...parts.map(p => p.start));
    footer.end = Math.max(...parts.map(p => p.end));
  }
  return footer;
}

export interface FooterText {
  /** `<p class="em_media">…</p>`; undefined: keep the post's own source line (or none). */
  sourceLine?: string;
  /** Share link URL ('' writes `<>`); undefined: no share link. */
  shareUrl?: string;
  nav?: string;
}

/** The range of the whole line(s) holding [start, end), with the line break after them. */
function wholeLines(text: string, start: number, end: number): [number, number] {
  const s = text.lastIndexOf('\n', start - 1) + 1;
  let e = text.indexOf('\n', end);
  e = e < 0 ? text.length : e + 1;
  return [s, e];
}

/** Common prefix/suffix trimmed: the one edit that turns `text` into `next`. */
export function minimalEdit(text: string, next: string): { start: number; end: number; newText: string } {
  let a = 0;
  const max = Math.min(text.length, next.length);
  while (a < max && text.charCodeAt(a) === next.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && text.charCodeAt(text.length - 1 - b) === next.charCodeAt(next.length - 1 - b)) b++;
  return { start: a, end: text.length - b, newText: next.slice(a, next.length - b) };
}

/**
 * The post with its footer replaced (or added): every share link and navigation line removed, the source line
 * replaced where it stands (or added after the body's last `</p>`, or as its own paragraph), the share link and
 * navigation line written at the end, separated by blank lines. Text that stood between or after the old
 * footer's parts stays, above the new footer. A final line break is kept if there was one. `syntax` 'html'
 * writes the links as HTML (an `.html` post: Jekyll converts no Markdown there).
 */
export function replaceFooter(text: string, bodyStart: number, footer: Footer, want: FooterText, eol = '\n', syntax: FooterSyntax = 'markdown'): string {
  const cut: Array<[number, number, string]> = [];
  for (const p of [...footer.shares, ...footer.navs]) {
    let [s, e] = wholeLines(text, p.start, p.end);
    // and the blank lines after it, so no run of blank lines is left behind
    for (let m = /^[ \t]*\r?\n/.exec(text.slice(e)); m && m[0].length; m = /^[ \t]*\r?\n/.exec(text.slice(e))) e += m[0].length;
    cut.push([s, e, '']);
  }
  let sourcePlaced = !want.sourceLine;
  if (want.sourceLine && footer.sources.length) {
    footer.sources.forEach((src, i) => cut.push([src.start, src.end, i === footer.sources.length - 1 ? want.sourceLine! : '']));
    sourcePlaced = true;
  }
  cut.sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = bodyStart;
  for (const [s, e, r] of cut) {
    if (s < at) continue; // overlapping (a source line on a navigation line): already cut
    out += text.slice(at, s) + r;
    at = e;
  }
  out += text.slice(at);
  const endsWithEol = /\n$/.test(text);
  let content = out.replace(/[ \t\r\n]+$/, '');
  if (!sourcePlaced) {
    if (/<\/p\s*>$/i.test(content)) content += want.sourceLine;
    else content += (content ? eol + eol : eol) + want.sourceLine;
  }
  const parts: string[] = [];
  if (want.shareUrl !== undefined) parts.push(shareLinkText(want.shareUrl, syntax));
  if (want.nav) parts.push(navText(want.nav, syntax).replace(/\n/g, eol));
  let tail = parts.length ? (content ? eol + eol : eol) + parts.join(eol + eol) : '';
  if (endsWithEol) tail += eol;
  return text.slice(0, bodyStart) + content + tail;
}
