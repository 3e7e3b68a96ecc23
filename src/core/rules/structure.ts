/** The front-matter block itself: BOM, position, closing, YAML syntax, duplicate keys, tabs. */
import { CheckContext } from '../context';
import { Fix } from '../types';
import { t } from '../l10n';
import { defaultLayoutOf, knownLayouts } from './layoutTitle';

/** The layout the builder gives a post whose front matter it does not use (GitHub Pages: `post` for Markdown). */
const givenLayout = (ctx: CheckContext) => defaultLayoutOf(ctx, knownLayouts(ctx));

export function checkBom(ctx: CheckContext): void {
  if (ctx.split.bom) {
    ctx.report('bom', 0, 1, t('The file starts with a byte-order mark (U+FEFF). Jekyll drops it, but tools that do not can break the front matter; the site\'s posts have none.'),
      [{ title: t('Remove the byte-order mark'), edits: [{ start: 0, end: 1, newText: '' }], preferred: true }]);
  }
}

/** Returns how Jekyll treats the front matter block. */
export function checkBlock(ctx: CheckContext): 'read' | 'none' {
  const s = ctx.split;
  if (s.kind === 'notAtStart') {
    const first = s.bom;
    const given = givenLayout(ctx);
    ctx.report('frontmatter-not-at-start', first, s.openStart,
      given
        ? t("Jekyll sees no front matter: it must start at the very first byte, and something (a blank line, spaces) stands before ---. The post is built with GitHub Pages' '{0}' layout, a title from the file name and the --- lines printed in the page.", given)
        : t('Jekyll sees no front matter: it must start at the very first byte, and something (a blank line, spaces) stands before ---. The post is built with no layout, a title from the file name and the --- lines printed in the page.'),
      [{ title: t('Remove what stands before ---'), edits: [{ start: first, end: s.openStart, newText: '' }], preferred: true }]);
    // also underline the opening line so the problem is visible where the eye looks
    return 'none';
  }
  if (s.kind === 'unclosed') {
    const [a, b] = ctx.headRange;
    ctx.report('frontmatter-unclosed', a, b,
      t('The front matter is never closed with a --- line: Jekyll sees none and prints the whole block in the page.'));
    return 'none';
  }
  if (s.kind === 'none') {
    const [a, b] = ctx.headRange;
    const given = givenLayout(ctx);
    ctx.report('frontmatter-missing', a, b, given
      ? t("No front matter: GitHub Pages builds this post with its '{0}' layout, a title made from the file name and the date of the file name.", given)
      : t('No front matter: Jekyll builds this post with no layout, a title made from the file name and the date of the file name.'));
    return 'none';
  }
  return 'read';
}

/** An unescaped `"` inside a double-quoted value: the line rewritten with the quotes escaped. */
function escapeQuotesFix(ctx: CheckContext, offset: number): Fix | undefined {
  const [ls, le] = ctx.lineRange(offset);
  const line = ctx.text.slice(ls, le);
  const m = /^(\s*[^\s:#][^:#]*:[ \t]+)"(.*)"[ \t]*$/.exec(line);
  if (!m || !/(?<!\\)"/.test(m[2])) return undefined;
  const inner = m[2].replace(/\\(?!["\\])/g, '\\\\').replace(/(?<!\\)"/g, '\\"');
  return { title: t('Escape the quotes inside the value'), edits: [{ start: ls + m[1].length, end: le, newText: `"${inner}"` }], preferred: true };
}

/** Keys whose value the page shows: a comment cut there is a lost word, not a note. */
const SHOWN_KEYS = new Set(['title', 'categories', 'category', 'tags', 'tag', 'description', 'author']);

/** Returns false when Jekyll cannot load the YAML (the front matter is then ignored). */
export function checkYaml(ctx: CheckContext): boolean {
  const fm = ctx.fm!;
  if (fm.errors.length) {
    const e = fm.errors[0];
    const fix = escapeQuotesFix(ctx, e.start) ?? fm.errors.map(x => escapeQuotesFix(ctx, x.start)).find(Boolean);
    const strict = ctx.site?.config.strictFrontMatter;
    ctx.report('yaml-syntax', e.start, e.end,
      strict
        ? t('Jekyll cannot load this front matter ({0}) and, with strict_front_matter, aborts the build.', e.message)
        : givenLayout(ctx)
          ? t("Jekyll cannot load this front matter ({0}) and builds the post without it: GitHub Pages' '{1}' layout, no title, dated at the time of the build.", e.message, givenLayout(ctx)!)
          : t('Jekyll cannot load this front matter ({0}) and builds the post without it: no layout, no title, dated at the time of the build.', e.message),
      fix ? [fix] : []);
    return false;
  }
  for (const d of fm.duplicates) {
    const last = fm.byKey.get(d.key)!;
    const line = ctx.lineIndex.position(last.keyStart).line + 1;
    ctx.report('yaml-duplicate-key', d.keyStart, d.keyEnd,
      t("'{0}' is set again on line {1}: Jekyll keeps the last value and ignores this one.", d.key, line),
      [{ title: t("Remove this '{0}' line", d.key), edits: [ctx.deleteLineEdit(d.keyStart)], preferred: true }]);
  }
  for (const e of fm.entries) {
    if (e.style !== 'plain' || !SHOWN_KEYS.has(e.key)) continue;
    const [, le] = ctx.lineRange(e.keyStart);
    const rest = ctx.text.slice(e.valueEnd, le);
    const m = /^[ \t]+#(.*)$/.exec(rest);
    if (!m || !m[1].trim()) continue;
    const whole = ctx.text.slice(e.valueStart, le).trimEnd();
    ctx.report('yaml-comment', e.valueEnd, e.valueStart + whole.length,
      t("YAML reads ' #{0}' as a comment: the {1} is '{2}'. Quote the whole value to keep it.", m[1].trimEnd(), e.key, e.raw),
      [{ title: t('Quote the whole value'), edits: [{ start: e.valueStart, end: e.valueStart + whole.length, newText: JSON.stringify(whole) }], preferred: true }]);
  }
  for (const tab of fm.tabs) {
    ctx.report('yaml-tab', tab, tab + 1, t('A tab in the front matter: YAML forbids tabs in indentation and the site uses spaces.'),
      [{ title: t('Replace the tab with a space'), edits: [{ start: tab, end: tab + 1, newText: ' ' }], preferred: true }]);
  }
  return true;
}
