/** `layout` against the site's `_layouts/`, and `title`. */
import { CheckContext } from '../context';
import { nearest } from '../text';
import { Fix } from '../types';
import { t } from '../l10n';
import { GITHUB_PAGES_DEFAULT_THEME } from '../builder';

/** Layouts the usual themes ship; accepted when the site names a theme. */
const THEME_LAYOUTS = ['default', 'post', 'page', 'home'];
const NO_LAYOUT = new Set(['none', 'null', 'false', '']);

/** The theme the site is built with: GitHub Pages gives jekyll-theme-primer to a site that names none. */
export function themeOf(ctx: CheckContext): string | undefined {
  return ctx.site?.config.theme ?? (ctx.builder === 'github-pages' ? GITHUB_PAGES_DEFAULT_THEME : undefined);
}

/** Markdown posts (Jekyll's markdown_ext, by default): those jekyll-default-layout gives a layout. */
const MARKDOWN_EXT = /\.(markdown|mkdown|mkdn|mkd|md)$/i;

/**
 * The layout GitHub Pages' jekyll-default-layout gives a Markdown post that sets none (front-matter defaults
 * included): `post` when the site or its theme has it, else `default`; undefined for other builders and posts.
 */
export function defaultLayoutOf(ctx: CheckContext, known: Set<string>): string | undefined {
  if (ctx.builder !== 'github-pages' || !MARKDOWN_EXT.test(ctx.baseName)) return undefined;
  return known.has('post') ? 'post' : known.has('default') ? 'default' : undefined;
}

export function knownLayouts(ctx: CheckContext): Set<string> {
  return new Set([...(ctx.site?.layouts ?? []), ...(themeOf(ctx) ? THEME_LAYOUTS : [])]);
}

export function checkLayout(ctx: CheckContext): string | null {
  const e = ctx.entry('layout');
  const site = ctx.site;
  const known = knownLayouts(ctx);
  const layout = ctx.data.layout;
  if (layout === undefined || layout === null) {
    if (e || !site) return null;
    // GitHub Pages: jekyll-default-layout lays a Markdown post out with `post` (no defect there)
    const given = defaultLayoutOf(ctx, known);
    if (given && !('layout' in ctx.data)) return given;
    const [s, end] = ctx.headRange;
    const suggestion = known.has('post') ? 'post' : [...known][0];
    ctx.report('layout-missing', s, end,
      suggestion
        ? t("No layout: Jekyll renders this post without the site's page around it. Add 'layout: {0}'.", suggestion)
        : t("No layout: Jekyll renders this post without the site's page around it."),
      suggestion ? [{ title: t("Add 'layout: {0}'", suggestion), edits: [ctx.addKeyEdit(`layout: ${suggestion}`)], preferred: true }] : []);
    return null;
  }
  const name = String(layout);
  if (!site || known.size === 0 || NO_LAYOUT.has(name) || known.has(name)) return name;
  const near = nearest(name, known);
  const fixes: Fix[] = e ? near.map((n, i) => ({ title: t("Change to '{0}'", n), edits: [{ start: e.valueStart, end: e.valueEnd, newText: n }], preferred: i === 0 })) : [];
  const where = e ? [e.valueStart, e.valueEnd] : ctx.headRange;
  ctx.report('layout-unknown', where[0], where[1], near.length
    ? t("Layout '{0}' does not exist in _layouts/: Jekyll warns and renders the post without a layout. Did you mean '{1}'?", name, near[0])
    : t("Layout '{0}' does not exist in _layouts/: Jekyll warns and renders the post without a layout. Known layouts: {1}.", name, [...known].sort().join(', ')), fixes);
  return name;
}

export function checkTitle(ctx: CheckContext, slugTitle: string): string | null {
  const e = ctx.entry('title');
  const title = ctx.data.title;
  if (title === undefined || title === null) {
    if (e && e.style !== 'null') return null;
    const where = e ? [e.keyStart, e.keyEnd] : ctx.headRange;
    ctx.report('title-missing', where[0], where[1], t("No title: Jekyll titles the post '{0}', from its file name.", slugTitle));
    return slugTitle;
  }
  const text = String(title);
  if (!text.trim()) {
    const where = e ? [e.keyStart, Math.max(e.valueEnd, e.keyEnd)] : ctx.headRange;
    ctx.report('title-empty', where[0], where[1], t('The title is empty: the page shows no headline.'));
  }
  return text;
}

/** Utils.titleize_slug: each `-`-separated word capitalised. */
export function titleizeSlug(slug: string): string {
  return slug.split('-').map(w => (w ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
}
