/**
 * The checker: one post in, Jekyll's verdict and the diagnostics out. Used by the editor and by `newspost check`.
 */
import * as path from 'path';
import { CheckContext } from './context';
import { splitFrontMatter, parseFrontMatter } from './frontmatter';
import { Site, pathUnder, postKindOf, defaultsFor, PostKind, slashed, withBuilder } from './site';
import { BuilderSetting } from './builder';
import { Diagnostic, JekyllOutcome, Severity } from './types';
import { formatInZone } from './timezone';
import { checkFileName, checkSlugDot, fileNameDate, slugOf, dateNameMatch } from './rules/fileName';
import { checkBom, checkBlock, checkYaml } from './rules/structure';
import { checkDate } from './rules/date';
import { checkTaxonomy, wholeNameKnownIn } from './rules/taxonomy';
import { checkLayout, checkTitle, titleizeSlug, defaultLayoutOf, knownLayouts } from './rules/layoutTitle';
import { checkPublished, checkFuture } from './rules/publish';
import { checkLiquid } from './rules/liquid';
import { checkFooter } from './rules/footer';
import { FooterKnowledge } from './footerKnowledge';
import { RULES } from './rules';
import { postUrl, UrlTemplateError } from './url';
import { t } from './l10n';

export interface PostInput {
  text: string;
  /** The file's path (absolute, or relative to the site root). */
  path: string;
  site?: Site;
  /** The bytes were not valid UTF-8 (known to callers that read bytes). */
  invalidUtf8?: boolean;
  /** The file's modification time: a draft without a date is dated by it (Jekyll's --drafts). */
  mtimeMs?: number;
}

export interface CheckOptions {
  /** "Now" for future dates (ms since epoch). */
  now?: number;
  /** Rule codes to skip. */
  disabled?: Iterable<string>;
  /** Severity overrides by rule code ('off' disables). */
  severity?: Record<string, Severity | 'off'>;
  /** Texts longer than this (UTF-16 units) get only the front-matter checks. */
  maxBodyLength?: number;
  /** Extra Liquid tags the site's plugins define. */
  liquidTags?: string[];
  /** Judge as this builder rather than the site's detected one (`newsPost.builder`, `--builder`). */
  builder?: BuilderSetting;
  /** Where `builder` comes from, for the reason shown (default: the setting). */
  builderFrom?: 'setting' | 'flag';
  /** What the site knows about footers and categories (vocabulary, category pages, settings); without it only the post's own footer is judged. */
  footer?: FooterKnowledge;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  jekyll: JekyllOutcome;
  relPath: string;
  kind: PostKind;
}

export const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

/** The path of a file relative to its site, `/`-separated. */
export function relativeToSite(file: string, site?: Site): string {
  return site && path.isAbsolute(file) ? pathUnder(site.root, file) : slashed(file);
}

/** Whether Jekyll reads this file as a post or draft of the site (undefined: not a post; no diagnostics). */
export function postKind(file: string, site?: Site): PostKind | undefined {
  return postKindOf(relativeToSite(file, site), site?.config.collectionsDir);
}

function applyOptions(diags: Diagnostic[], options: CheckOptions): Diagnostic[] {
  const disabled = new Set(options.disabled ?? []);
  const sev = options.severity ?? {};
  const out: Diagnostic[] = [];
  for (const d of diags) {
    if (disabled.has(d.code)) continue;
    const s = sev[d.code];
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

export function checkPost(input: PostInput, options: CheckOptions = {}): CheckResult {
  const { text } = input;
  const site = withBuilder(input.site, options.builder, options.builderFrom);
  const now = options.now ?? Date.now();
  const relPath = relativeToSite(input.path, site);
  const kind = postKindOf(relPath, site?.config.collectionsDir) ?? 'post';
  const split = splitFrontMatter(text);
  const ctx = new CheckContext(text, relPath, kind, split, site, now);
  const result = (): CheckResult => ({ diagnostics: applyOptions(ctx.diagnostics, options), jekyll: ctx.outcome, relPath, kind });

  if (input.invalidUtf8) {
    ctx.report('file-not-utf8', 0, 0, t('This file is not valid UTF-8: Jekyll skips it without a word. Save it as UTF-8.'));
    ctx.outcome.fate = 'skipped';
    ctx.outcome.frontMatter = 'none';
    return result();
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    ctx.report('file-binary', 0, 0, t('This file holds NUL bytes (first at offset {0}): it is binary, not a post. Move it out of {1}/.', nul, kind === 'post' ? '_posts' : '_drafts'));
    ctx.outcome.fate = 'skipped';
    ctx.outcome.frontMatter = 'none';
    return result();
  }

  checkBom(ctx);
  const block = checkBlock(ctx);
  let yamlOk = false;
  if (block === 'read') {
    ctx.fm = parseFrontMatter(text, split);
    yamlOk = checkYaml(ctx);
  }
  const frontMatter: JekyllOutcome['frontMatter'] = block === 'none' ? 'none' : yamlOk ? 'read' : 'ignored';
  ctx.outcome.frontMatter = frontMatter;
  const defaults = site ? defaultsFor(site, relPath) : {};
  if (frontMatter === 'read') {
    ctx.data = { ...defaults };
    for (const e of ctx.fm!.entries) ctx.data[e.key] = e.value;
  } else {
    ctx.data = { ...defaults };
  }

  // Dates first: the file name's fix wants the front-matter day.
  const verdict = frontMatter === 'read' ? checkDate(ctx) : {};
  const nameOk = checkFileName(ctx, verdict.writtenDay);
  if (nameOk) checkSlugDot(ctx);
  const { slug } = slugOfPost(ctx);

  let epochMs = verdict.epochMs;
  let aborted = !!verdict.aborted;
  if (frontMatter !== 'read') {
    // Without front matter Jekyll dates the post by its file name (none: midnight in the site zone); with a YAML error, at build time.
    const fromName = fileNameDate(ctx);
    if (frontMatter === 'none' && fromName) {
      if (fromName.read.epochMs === undefined) {
        aborted = true;
        ctx.outcome.abortMessage = `Invalid date '${fromName.text}': Document '${relPath}' does not have a valid date in the filename.`;
      }
      epochMs = fromName.read.epochMs;
    }
  }

  if (frontMatter === 'read') {
    ctx.outcome.layout = checkLayout(ctx);
    ctx.outcome.title = checkTitle(ctx, titleizeSlug(slug));
    const { categories, tags } = checkTaxonomy(ctx, wholeNameKnownIn(options.footer));
    ctx.outcome.categories = categories;
    ctx.outcome.tags = tags;
    if (text.length <= (options.maxBodyLength ?? DEFAULT_MAX_BODY)) checkFooter(ctx, options.footer);
  } else {
    ctx.outcome.layout = typeof defaults.layout === 'string' ? defaults.layout : site ? defaultLayoutOf(ctx, knownLayouts(ctx)) ?? null : null;
    ctx.outcome.title = frontMatter === 'none' ? titleizeSlug(slug) : null;
    ctx.data = { ...defaults };
    const t = checkTaxonomyQuiet(ctx);
    ctx.outcome.categories = t.categories;
    // with a YAML error Jekyll never runs populate_tags: page.tags stays nil
    ctx.outcome.tags = frontMatter === 'ignored' ? null : t.tags;
  }

  // The body's Liquid runs with the page as Jekyll holds it (title, categories and tags as read above).
  const bodyStart = frontMatter === 'none' ? split.bom : split.bodyStart;
  let liquidOk = true;
  if (text.length <= (options.maxBodyLength ?? DEFAULT_MAX_BODY)) {
    liquidOk = checkLiquid(ctx, bodyStart, frontMatter === 'read', options.liquidTags,
      { epochMs, title: ctx.outcome.title, categories: ctx.outcome.categories, tags: ctx.outcome.tags });
  } else {
    ctx.report('file-too-large', ...ctx.headRange,
      t("This post is {0} MB: only its front matter was checked (the body's Liquid was not).", (text.length / 1048576).toFixed(1)));
  }

  // Jekyll's fate: read errors abort first, then skipped names, then publishing.
  if (!nameOk) {
    // Jekyll never reads a file it skips, so its other faults only matter once it is renamed.
    ctx.outcome.fate = 'skipped';
    for (const d of ctx.diagnostics) {
      if (d.code === 'date-invalid' || d.code === 'liquid-error') d.message = t('Once the file is renamed: {0}', d.message);
    }
  } else if (aborted) {
    ctx.outcome.fate = 'abort';
    ctx.outcome.abortMessage ??= abortMessageOf(ctx);
  } else if (frontMatter === 'ignored' && site?.config.strictFrontMatter) {
    ctx.outcome.fate = 'abort';
  } else {
    const published = frontMatter === 'read' ? checkPublished(ctx) : ctx.data.published !== false;
    const dateEntry = ctx.entry('date');
    const where: [number, number] = dateEntry ? [dateEntry.valueStart, dateEntry.valueEnd] : ctx.headRange;
    const current = frontMatter === 'ignored' || checkFuture(ctx, epochMs, where);
    if (!liquidOk && published && current) {
      ctx.outcome.fate = 'abort';
      ctx.outcome.abortMessage ??= ctx.jekyllSays['liquid-error'];
    } else {
      ctx.outcome.fate = !published ? 'unpublished' : !current ? 'future' : 'built';
      // Jekyll renders only what it publishes: the Liquid error aborts the build the day this post is published
      for (const d of ctx.diagnostics) {
        if (d.code !== 'liquid-error') continue;
        d.severity = 'warning';
        d.message = t('When this post is published: {0}', d.message);
      }
    }
  }
  // a draft with no date is dated by its file's modification time
  if (epochMs === undefined && kind === 'draft' && frontMatter !== 'ignored' && input.mtimeMs) epochMs = Math.floor(input.mtimeMs / 1000) * 1000;
  if (frontMatter === 'ignored') ctx.outcome.date = 'build-time';
  else if (epochMs !== undefined) ctx.outcome.date = formatInZone(epochMs, site?.config.timezone);
  if (ctx.outcome.fate !== 'skipped') setUrl(ctx, frontMatter === 'ignored' ? now : epochMs);
  return result();
}

/** The slug Jekyll titles a post from: the date pattern's (a folder's on Jekyll 3), else the base name's. */
export function slugOfPost(ctx: CheckContext): { slug: string; ext: string } {
  const m = dateNameMatch(ctx);
  return m ? { slug: m[2], ext: m[3] } : slugOf(ctx.baseName);
}

/** page.url (the build's time stands for the date Jekyll could not read); a template Jekyll cannot fill aborts the build. */
function setUrl(ctx: CheckContext, epochMs: number | undefined): void {
  if (epochMs === undefined) return;
  try {
    ctx.outcome.url = postUrl(ctx.site, ctx.relPath, { ...ctx.data, categories: ctx.outcome.categories ?? [] }, epochMs, ctx.builder);
  } catch (e) {
    if (!(e instanceof UrlTemplateError)) throw e;
    if (ctx.outcome.fate === 'built') {
      ctx.outcome.fate = 'abort';
      ctx.outcome.abortMessage ??= e.message;
      const own = ctx.entry('permalink');
      const [s, end] = own ? [own.valueStart, own.valueEnd] : ctx.headRange;
      ctx.report('permalink-invalid', s, end, t('Jekyll cannot make this post\'s URL and the build aborts: "{0}" ({1} permalink).', e.message, own ? t('its own') : t("the site's")));
    }
  }
}

function abortMessageOf(ctx: CheckContext): string | undefined {
  return ctx.jekyllSays['date-invalid'] ?? ctx.jekyllSays['filename-date-invalid'];
}

/** Categories and tags without reporting (for posts whose front matter Jekyll does not read). */
function checkTaxonomyQuiet(ctx: CheckContext): { categories: string[]; tags: string[] } {
  const saved = ctx.diagnostics.length;
  const r = checkTaxonomy(ctx);
  ctx.diagnostics.length = saved;
  return r;
}

export { RULES };
