/**
 * The source attribution footer against the post's front matter and the site's conventions. The front matter
 * is the truth: fixes change the footer, never the front matter (except `category-unknown`, whose fix is the
 * category itself). Without site knowledge only what the post says about itself is judged.
 */
import { CheckContext } from '../context';
import { Fix, TextEdit } from '../types';
import { nearest, editDistance } from '../text';
import { parseFooter, Footer, NavLine, SourceLine, replaceFooter, minimalEdit, FooterSyntax, footerSyntaxOf, shareLinkText, navText } from '../footer';
import { FooterKnowledge, SiteFooters, buildFooter, categoryUrl, navLine, formParts, BuiltFooter } from '../footerKnowledge';
import { fileIdOf } from '../vocabulary';
import { t } from '../l10n';

const NEWS = '新闻';

/** The whole line(s) of [start, end) with their line break, and one blank line before them when there is one. */
function deleteLines(text: string, start: number, end: number): TextEdit {
  let s = text.lastIndexOf('\n', start - 1) + 1;
  let e = text.indexOf('\n', end);
  e = e < 0 ? text.length : e + 1;
  // the blank line that separated it from what stands above
  const prev = text.lastIndexOf('\n', s - 2) + 1;
  if (s > 0 && text.slice(prev, s).trim() === '' && prev < s) s = prev;
  if (e === text.length && s > 0) {
    // the last line: drop the line break before it instead, so the file keeps its (missing) final newline
    e = end;
    while (s > 0 && /[\r\n]/.test(text[s - 1])) s--;
  }
  return { start: s, end: e, newText: '' };
}

const quote = (s: string) => `“${s}”`;

export function checkFooter(ctx: CheckContext, knowledge?: FooterKnowledge): void {
  const text = ctx.text;
  const bodyStart = ctx.split.bodyStart;
  const footer = parseFooter(text, bodyStart);
  const site = new SiteFooters(knowledge);
  const categories = ctx.outcome.categories ?? [];
  const tags = ctx.outcome.tags ?? [];
  const fileId = fileIdOf(ctx.relPath);
  const built = buildFooter({ categories, tags, fileId, existing: footer }, site);
  const syntax = footerSyntaxOf(ctx.relPath);

  checkUnknownCategories(ctx, site);
  // an empty share link shows on any site; the rest is the footer convention, judged where the site has it
  checkEmptyShares(ctx, footer, site, categories, fileId, syntax);
  if (!site.hasFooterConvention(footer.sources.length > 0 || footer.navs.length > 0)) return;
  checkDuplicates(ctx, footer);
  checkMarkdownInHtml(ctx, footer, syntax);
  checkNotLast(ctx, footer, bodyStart, syntax);
  checkMissing(ctx, footer, site, built, bodyStart, syntax);
  for (const src of footer.sources) checkSourceForm(ctx, src, site);
  if (footer.nav) {
    const catBad = checkNavCategory(ctx, footer.nav, categories, built);
    if (!catBad) checkNavTag(ctx, footer.nav, tags, built);
    checkNavForm(ctx, footer.nav, site);
  }
  if (footer.source?.name) checkSource(ctx, footer.source, footer.nav, categories, tags, site);
}

function checkEmptyShares(ctx: CheckContext, footer: Footer, site: SiteFooters, categories: string[], fileId: string | undefined, syntax: ReturnType<typeof footerSyntaxOf>): void {
  for (const share of footer.shares) {
    if (share.url) continue;
    const url = site.shareLinkFor(categories, fileId);
    const empty = share.html ? ctx.text.slice(share.start, share.end) : '<>';
    ctx.report('footer-share-empty', share.start, share.end,
      url
        ? share.html
          ? t("The share link is empty: {0} shows nothing on the page. The site's share links follow its file ids: <{1}>.", empty, url)
          : t("The share link is empty: `<>` shows literally on the page. The site's share links follow its file ids: <{0}>.", url)
        : share.html
          ? t("The share link is empty: {0} shows nothing on the page. Put the article's link in it.", empty)
          : t("The share link is empty: `<>` shows literally on the page. Put the article's link between the brackets."),
      url ? [{ title: t('Fill in the share link: <{0}>', url), edits: [{ start: share.start, end: share.end, newText: shareLinkText(url, share.html ? 'html' : syntax) }], preferred: true }] : undefined);
  }
}

function checkDuplicates(ctx: CheckContext, footer: Footer): void {
  const text = ctx.text;
  // per kind: the message and the fix's title, for a copy that is the same as the last one and for one that differs
  type Say = (line: number) => string;
  const kinds: Array<[Array<{ start: number; end: number }>, boolean, Say, Say, string, Say]> = [
    [footer.sources, false,
      n => t('A second source line: the post has another one on line {0} (the same), so the page shows it twice. Keep one.', n),
      n => t('A second source line: the post has another one on line {0}, so the page shows it twice. Keep one.', n),
      t('Delete this source line'), n => t('Delete this source line (keep the one on line {0})', n)],
    [footer.shares, true,
      n => t('A second share link: the post has another one on line {0} (the same), so the page shows it twice. Keep one.', n),
      n => t('A second share link: the post has another one on line {0}, so the page shows it twice. Keep one.', n),
      t('Delete this share link'), n => t('Delete this share link (keep the one on line {0})', n)],
    [footer.navs, true,
      n => t('A second navigation line: the post has another one on line {0} (the same), so the page shows it twice. Keep one.', n),
      n => t('A second navigation line: the post has another one on line {0}, so the page shows it twice. Keep one.', n),
      t('Delete this navigation line'), n => t('Delete this navigation line (keep the one on line {0})', n)],
  ];
  for (const [list, lines, saySame, sayOther, titleSame, titleOther] of kinds) {
    if (list.length < 2) continue;
    const last = list[list.length - 1];
    const lastText = text.slice(last.start, last.end);
    const lastLine = ctx.lineIndex.position(last.start).line + 1;
    for (const p of list.slice(0, -1)) {
      const same = text.slice(p.start, p.end) === lastText;
      const edit = lines ? deleteLines(text, p.start, p.end) : { start: p.start, end: p.end, newText: '' };
      ctx.report('footer-duplicate', p.start, p.end, same ? saySame(lastLine) : sayOther(lastLine),
        [{ title: same ? titleSame : titleOther(lastLine), edits: [edit], preferred: same }]);
    }
  }
}

/**
 * An `.html` post whose footer is written in Markdown: Jekyll converts no Markdown there, so the share link
 * `<http…>` is read as an unknown tag and vanishes, and the navigation line shows its brackets.
 */
function checkMarkdownInHtml(ctx: CheckContext, footer: Footer, syntax: FooterSyntax): void {
  if (syntax !== 'html') return;
  const parts = [...footer.shares.filter(p => !p.html).map(p => ({ p, share: true })), ...footer.navs.filter(p => !p.html).map(p => ({ p, share: false }))]
    .sort((a, b) => a.p.start - b.p.start);
  if (!parts.length) return;
  const text = ctx.text;
  const edits = parts.map(({ p, share }) => ({
    start: p.start, end: p.end,
    newText: share ? shareLinkText((p as { url: string }).url, 'html') : navText(text.slice(p.start, p.end).replace(/\r\n/g, '\n'), 'html').replace(/\n/g, ctx.eol),
  }));
  const fix: Fix = { title: t('Write the footer links as HTML (<a href>)'), edits, preferred: true };
  for (const { p, share } of parts) {
    ctx.report('footer-markdown-in-html', p.start, p.end, share
      ? t('A Markdown share link in an .html post: Jekyll converts no Markdown here, so {0} is read as an unknown HTML tag and the link vanishes from the page. Write it as <a href="…">.', text.slice(p.start, Math.min(p.end, p.start + 40)) + (p.end - p.start > 40 ? '…' : ''))
      : t('A Markdown navigation line in an .html post: Jekyll converts no Markdown here, so the page shows the brackets and parentheses literally. Write the links as <a href="…">.'), [fix]);
  }
}

function checkNotLast(ctx: CheckContext, footer: Footer, bodyStart: number, syntax: FooterSyntax): void {
  const text = ctx.text;
  const { share, nav } = footer;
  const lastPart = [share, nav].filter((p): p is NonNullable<typeof p> => !!p).sort((a, b) => b.end - a.end)[0];
  if (!lastPart) return;
  const movable = footer.shares.length <= 1 && footer.navs.length <= 1;
  const move = (): Fix[] => {
    if (!movable) return [];
    const next = replaceFooter(text, bodyStart, footer, { shareUrl: share?.url, nav: nav ? text.slice(nav.start, nav.end).replace(/\r\n/g, '\n') : undefined }, ctx.eol, syntax);
    return next === text ? [] : [{ title: t('Move the footer to the end of the post'), edits: [minimalEdit(text, next)], preferred: true }];
  };
  const after = text.slice(lastPart.end);
  const first = after.search(/\S/);
  if (first >= 0) {
    const start = lastPart.end + first;
    const end = lastPart.end + after.trimEnd().length;
    const what = text.slice(start, Math.min(end, start + 30)).split('\n')[0];
    ctx.report('footer-not-last', start, end,
      t('Text after the footer ({0}): the footer should end the post.', `${quote(what)}${end - start > what.length ? '…' : ''}`), move());
    return;
  }
  if (share && nav && nav.end <= share.start) {
    ctx.report('footer-not-last', nav.start, nav.end, t('The navigation line comes before the share link: it should be the last line of the post.'), move());
  }
}

/** Whether the site's posts (of this category) end with navigation lines / share links. */
function siteExpects(site: SiteFooters, part: 'nav' | 'share', categories: string[]): { yes: boolean; n: number; of: number } {
  const of = site.otherPosts;
  const n = site.partCount(part);
  // a category whose posts mostly go without (e.g. the site's own notices) is exempt
  for (const c of categories.slice(0, 1)) {
    const inCat = site.categoryCount(c);
    if (part === 'nav' && inCat >= 3 && site.categoryNavCount(c) * 2 < inCat) return { yes: false, n, of };
  }
  // the site's posts say it; with too few of them to tell, the footer settings do
  if (of >= 2) return { yes: n >= 2 && n * 2 >= of, n, of };
  return { yes: !!(site.k.settings?.siteUrl || site.k.settings?.sources?.length), n, of };
}

function checkMissing(ctx: CheckContext, footer: Footer, site: SiteFooters, built: BuiltFooter, bodyStart: number, syntax: FooterSyntax): void {
  const text = ctx.text;
  const categories = ctx.outcome.categories ?? [];
  const navExpected = siteExpects(site, 'nav', categories);
  if (!footer.nav && navExpected.yes) {
    const canBuild = !!built.label && categories.length > 0;
    let fixes: Fix[] = [];
    if (canBuild && footer.shares.length <= 1 && footer.navs.length === 0) {
      const shareUrl = footer.share ? footer.share.url : built.shareUrl;
      const next = replaceFooter(text, bodyStart, footer, { shareUrl, nav: built.nav }, ctx.eol, syntax);
      fixes = [{ title: footer.share || !shareUrl ? t('Add the navigation line: {0}', built.nav.replace(/\n/g, ' ')) : t('Add the footer: <{0}> and {1}', shareUrl, built.nav), edits: [minimalEdit(text, next)], preferred: true }];
    }
    const nav = built.nav.replace(/\n/g, ' ');
    const { n, of } = navExpected;
    if (footer.share) {
      ctx.report('footer-missing', footer.share.start, footer.share.end, of
        ? t("No navigation line after the share link ({0} of the site's {1} other posts have one): the post should end with {2}.", n, of, nav)
        : t('No navigation line after the share link: the post should end with {0}.', nav), fixes);
    } else if (footer.source) {
      // the source line is there: the footer is incomplete, not missing
      const where = lastLineRange(ctx, bodyStart);
      const url = built.shareUrl;
      ctx.report('footer-missing', where[0], where[1], url
        ? t('Footer incomplete: the source line is there, but no share link and no navigation line. The post should end with <{0}>, {1}.', url, nav)
        : t('Footer incomplete: the source line is there, but no share link and no navigation line. The post should end with its share link <http…>, {0}. Run “Insert Attribution Footer” to add them.', nav), fixes);
    } else {
      const where = lastLineRange(ctx, bodyStart);
      const url = built.shareUrl;
      ctx.report('footer-missing', where[0], where[1], url
        ? of
          ? t("No attribution footer ({0} of the site's {1} other posts have one): the post should end with <{2}>, {3}.", n, of, url, nav)
          : t('No attribution footer: the post should end with <{0}>, {1}.', url, nav)
        : of
          ? t("No attribution footer ({0} of the site's {1} other posts have one): the post should end with its share link <http…>, {2}. Run “Insert Attribution Footer” to add it with the share link.", n, of, nav)
          : t('No attribution footer: the post should end with its share link <http…>, {0}. Run “Insert Attribution Footer” to add it with the share link.', nav), fixes);
    }
    return;
  }
  if (footer.nav && !footer.share) {
    const shareExpected = siteExpects(site, 'share', categories);
    if (!shareExpected.yes) return;
    const fileId = fileIdOf(ctx.relPath);
    const url = site.shareLinkFor(categories, fileId);
    const nav = footer.nav;
    const lineStart = text.lastIndexOf('\n', nav.start - 1) + 1;
    const { n, of } = shareExpected;
    const message = url
      ? of
        ? t("No share link before the navigation line ({0} of the site's {1} other posts have one). The site's share links follow its file ids: <{2}>.", n, of, url)
        : t("No share link before the navigation line. The site's share links follow its file ids: <{0}>.", url)
      : of
        ? t("No share link before the navigation line ({0} of the site's {1} other posts have one).", n, of)
        : t('No share link before the navigation line.');
    ctx.report('footer-missing', nav.start, nav.end, message,
      url ? [{ title: t('Add the share link <{0}>', url), edits: [{ start: lineStart, end: lineStart, newText: `${shareLinkText(url, nav.html ? 'html' : syntax)}${ctx.eol}${ctx.eol}` }], preferred: true }] : undefined);
  }
}

/** The last non-blank line of the body (the head of the post when the body is empty). */
function lastLineRange(ctx: CheckContext, bodyStart: number): [number, number] {
  const text = ctx.text;
  const trimmed = text.trimEnd().length;
  if (trimmed <= bodyStart) return ctx.headRange;
  const [s, e] = ctx.lineRange(trimmed - 1);
  return [Math.max(s, bodyStart), e];
}

function checkSourceForm(ctx: CheckContext, src: SourceLine, site: SiteFooters): void {
  if (!src.form) return;
  const want = site.majorityForm;
  if (src.form === want) return;
  const p = formParts(want);
  const raw = ctx.text.slice(src.nameStart, src.nameEnd);
  const fixed = `${p.open}${src.label || p.label}${p.colon}${raw}${p.close}`;
  const half = /[(:)]/.test(src.open + src.colon + src.close);
  ctx.report('footer-source-form', src.innerStart, src.innerEnd, half
    ? t('The source line is written {0} (half-width brackets or colon); the site writes {1}.', src.form, want)
    : t('The source line is written {0}; the site writes {1}.', src.form, want),
    [{ title: t('Write {0}', fixed.replace(raw, src.name)), edits: [{ start: src.innerStart, end: src.innerEnd, newText: fixed }], preferred: true }]);
}

/** The footer's category link against the front matter's categories; true when reported. */
function checkNavCategory(ctx: CheckContext, nav: NavLine, categories: string[], built: BuiltFooter): boolean {
  if (!nav.category || nav.slug === undefined || categories.length === 0 || categories.includes(nav.slug)) return false;
  const link = nav.category;
  const url = built.category && built.label ? categoryUrl(sitePrefix(link.url), built.category.slug, built.category.style) : undefined;
  const linkText = url ? navText(`[返回${built.label}](${url})`, nav.html ? 'html' : 'markdown').replace(/^<p>|<\/p>$/g, '') : '';
  const fixes: Fix[] = url ? [{ title: t('Link to {0}: {1}', built.category!.slug, linkText), edits: [{ start: link.start, end: link.end, newText: linkText }], preferred: true }] : [];
  const names = categories.map(c => `'${c}'`).join(', ');
  ctx.report('footer-category-mismatch', link.start, link.end, categories.length > 1
    ? t("The footer links back to category '{0}', but the post's categories are {1}.", nav.slug, names)
    : t("The footer links back to category '{0}', but the post's category is {1}.", nav.slug, names), fixes);
  return true;
}

/** The site part of a link as written (`//host/`, `/`, `../`), to keep it when only the category changes. */
function sitePrefix(url: string): string {
  const m = /^(.*?)(?:category\/[^/]+\.html|[^/]+\/)$/.exec(url);
  return m && m[1] ? m[1] : '/';
}

function checkNavTag(ctx: CheckContext, nav: NavLine, tags: string[], built: BuiltFooter): void {
  const link = nav.category;
  if (!link || nav.categoryLabel === undefined || tags.length === 0 || tags.includes(nav.categoryLabel)) return;
  const { textStart, textEnd } = link;
  const want = built.label && tags.includes(built.label) ? built.label : undefined;
  ctx.report('footer-tag-mismatch', textStart, textEnd, tags.length > 1
    ? t("The footer link says {0}, but the post's tags are {1}: the link should read 返回<tag>.", quote(link.text), tags.map(quote).join(', '))
    : t("The footer link says {0}, but the post's tag is {1}: the link should read 返回<tag>.", quote(link.text), tags.map(quote).join(', ')),
    want ? [{ title: t('Change to {0}', quote('返回' + want)), edits: [{ start: textStart, end: textEnd, newText: '返回' + want }], preferred: true }] : undefined);
}

function checkNavForm(ctx: CheckContext, nav: NavLine, site: SiteFooters): void {
  const reasons: string[] = [];
  const relative = nav.links.filter(l => !/^(?:[a-z][a-z0-9+.-]*:|\/)/i.test(l.url));
  if (relative.length) {
    const own = `/${(ctx.outcome.categories ?? []).join('/')}/YYYY/MM/DD/…`;
    const links = relative.map(l => `(${l.url})`).reduce((a, b) => t('{0} and {1}', a, b));
    reasons.push(relative.length > 1
      ? t("{0} are relative links: they resolve against the post's own URL ({1}), not the site's root", links, own)
      : t("{0} is a relative link: it resolves against the post's own URL ({1}), not the site's root", links, own));
  }
  const siteUrl = site.siteUrl;
  if (site.siteUrlKnown && nav.siteUrl && nav.siteUrl !== siteUrl && !relative.length) {
    reasons.push(site.k.settings?.siteUrl
      ? t("it links to {0}, the site's setting newsPost.footer.siteUrl says {1}", nav.siteUrl, siteUrl)
      : t("it links to {0}, the site's other posts use {1}", nav.siteUrl, siteUrl));
  }
  if (!reasons.length) return;
  // the layout alone is a matter of taste; when the line is rewritten anyway, it takes the site's
  const sep = site.majoritySeparator;
  if (nav.links.length > 1 && nav.separator !== sep && site.otherPosts > 0) {
    reasons.push(nav.separator === '\n'
      ? t("and its links are on two lines, the site's separated by {0}", sep)
      : sep === '\n'
        ? t("and its links are separated by {0}, the site's on two lines", nav.separator)
        : t("and its links are separated by {0}, the site's separated by {1}", nav.separator, sep));
  }
  const home = site.siteUrlKnown ? siteUrl : nav.siteUrl ?? '/';
  const fixes: Fix[] = [];
  if (nav.slug !== undefined && nav.categoryLabel !== undefined && nav.category && nav.home && nav.links.length === 2) {
    const style = /category\/[^/]+\.html$/.test(nav.category.url) ? 'category' : 'folder';
    const line = navLine(nav.categoryLabel, categoryUrl(home, nav.slug, style), home, sep);
    fixes.push({ title: t('Rewrite as {0}', line.replace(/\n/g, ' ')), edits: [{ start: nav.start, end: nav.end, newText: navText(line, nav.html ? 'html' : 'markdown').replace(/\n/g, ctx.eol) }], preferred: true });
  }
  ctx.report('footer-nav-form', nav.start, nav.end, t("The navigation line differs from the site's: {0}.", reasons.join(t('; '))), fixes);
}

function checkSource(ctx: CheckContext, src: SourceLine, nav: NavLine | undefined, categories: string[], tags: string[], site: SiteFooters): void {
  let expected: string | undefined;
  let why: (name: string) => string = () => '';
  for (const c of categories) {
    const info = site.category(c);
    if (info.source && info.from !== 'page') {
      const source = expected = info.source;
      why = info.from === 'settings'
        ? name => t("The source line names {0}, but category '{1}' is {2}'s (newsPost.footer.sources).", name, c, source)
        : info.posts === 1
          ? name => t("The source line names {0}, but category '{1}' is {2}'s (1 other post).", name, c, source)
          : name => t("The source line names {0}, but category '{1}' is {2}'s ({3} other posts).", name, c, source, info.posts);
      break;
    }
  }
  if (!expected && nav?.slug !== undefined && categories.includes(nav.slug) && /category\/[^/]+\.html$/.test(nav.category?.url ?? '')) {
    // a per-source post on its own: its tag and footer link both say <source>新闻
    const tag = tags.length === 1 && tags[0].endsWith(NEWS) && nav.categoryLabel === tags[0] ? tags[0] : undefined;
    if (tag && tag.length > NEWS.length) {
      expected = tag.slice(0, -NEWS.length);
      why = name => t('The source line names {0}, but its tag and footer link say {1}.', name, tag);
    }
  }
  if (!expected || expected === src.name) return;
  ctx.report('footer-source-mismatch', src.nameStart, src.nameEnd, why(src.name),
    [{ title: t('Change the source to {0}', expected), edits: [{ start: src.nameStart, end: src.nameEnd, newText: expected }] }]);
}

function checkUnknownCategories(ctx: CheckContext, site: SiteFooters): void {
  // only on a site whose posts or category pages tell what it uses (settings name some categories, not all)
  if (site.otherPosts < 5 && !(site.k.categoryPages?.size)) return;
  for (const key of ['categories', 'category']) {
    const e = ctx.entry(key);
    if (!e) continue;
    const spots: Array<{ name: string; start: number; end: number; editable: boolean }> = [];
    if (e.items) {
      for (const it of e.items) if (it.value !== null && it.value !== undefined) spots.push({ name: String(it.value), start: it.start, end: it.end, editable: it.style === 'plain' });
    } else if (typeof e.value === 'string' && (e.style === 'plain' || e.style === 'quoted')) {
      const names = key === 'categories' ? e.value.split(/[ \t]+/).filter(Boolean) : [e.value.trim()];
      let from = 0;
      for (const n of names) {
        const at = e.raw.indexOf(n, from);
        from = at + n.length;
        const start = e.style === 'plain' ? e.valueStart + at : e.valueStart + 1 + at;
        const exact = ctx.text.slice(start, start + n.length) === n;
        spots.push(exact ? { name: n, start, end: start + n.length, editable: true } : { name: n, start: e.valueStart, end: e.valueEnd, editable: false });
      }
    } else continue;
    let known: Map<string, number> | undefined;
    for (const s of spots) {
      if (site.isKnownCategory(s.name)) continue;
      known ??= site.knownCategories();
      // near enough to be a slip, not another word (two-character Chinese names are all within distance 2)
      const near = nearest(s.name, known.keys()).filter(n => {
        const d = editDistance(s.name.toLowerCase(), n.toLowerCase());
        return d < s.name.length && d <= Math.max(1, Math.floor(s.name.length / 3));
      });
      // a new category is no mistake: only a near slip, or a name outside a vocabulary the user declared, is worth a word
      if (near.length === 0 && !site.k.settings?.sources?.length) continue;
      const fixes: Fix[] = s.editable ? near.map((n, i) => ({ title: t("Change to '{0}'", n), edits: [{ start: s.start, end: s.end, newText: n }], preferred: i === 0 && near.length === 1 })) : [];
      ctx.report('category-unknown', s.start, s.end, near.length
        ? t("No other post uses category '{0}' and there is no category/{0}.html page. Did you mean {1}?", s.name, near.map(n => `'${n}'`).reduce((a, b) => t('{0} or {1}', a, b)))
        : t("No other post uses category '{0}' and there is no category/{0}.html page: a new category, or a slip?", s.name), fixes);
    }
  }
}
