/**
 * Translated messages, in VS Code's l10n bundle format: a catalog maps each English message (with `{0}`, `{1}`
 * placeholders) to its translation. English is the default: a message missing from the catalog (or translated
 * as '') is shown as written. The extension sets the catalog from `vscode.l10n.bundle` (l10n/bundle.l10n.<lang>.json,
 * chosen by VS Code's display language); the CLI loads it for the locale of LC_ALL / LC_MESSAGES / LANG; a check
 * worker thread gets its parent's catalog (see checkPool.ts). See docs/l10n.md for adding a message.
 */
import * as fs from 'fs';
import * as path from 'path';

export type Catalog = Record<string, string>;

let catalog: Catalog | undefined;

/** Sets the catalog every later t() reads (undefined: English). */
export function setCatalog(bundle: Catalog | undefined): void {
  catalog = bundle && typeof bundle === 'object' && Object.keys(bundle).length ? bundle : undefined;
}

/** The catalog in use (to hand to a worker thread). */
export function currentCatalog(): Catalog | undefined {
  return catalog;
}

/** Fills `{0}`, `{1}`… with the arguments; other braces (`{% raw %}`, `{{ x }}`) and unknown indexes stay as written. */
export function format(message: string, args: ReadonlyArray<string | number>): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

/**
 * The message in the current language, placeholders filled. The first argument must be a string literal (a test
 * scans the sources for t('…') calls and checks each has a translation).
 */
export function t(message: string, ...args: Array<string | number>): string {
  const translated = catalog?.[message];
  return format(typeof translated === 'string' && translated ? translated : message, args);
}

/** The locale of a POSIX environment, as the C library picks the messages' one: LC_ALL, then LC_MESSAGES, then LANG. */
export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[k];
    if (v) return v;
  }
  return undefined;
}

/**
 * The bundle name for a locale, VS Code style (lowercase, `-`): `zh_CN.UTF-8`, `zh-CN`, `zh`, `zh_SG`, `zh-Hans` →
 * `zh-cn`; `C`, `POSIX` and English → undefined (no bundle). Other locales keep their own tag (`ja_JP` → `ja-jp`).
 */
export function bundleLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const tag = locale.replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();
  if (!tag || tag === 'c' || tag === 'posix' || tag === 'en' || tag.startsWith('en-')) return undefined;
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag === 'zh-my' || tag.startsWith('zh-hans')) return 'zh-cn';
  return tag;
}

/**
 * Loads l10n/bundle.l10n.<locale>.json for a POSIX or BCP 47 locale and makes it the catalog; falls back to the
 * language alone (`fr-ca` → `fr`). Returns the bundle's locale, or undefined (English) when there is none or it
 * cannot be read.
 */
export function loadCatalogForLocale(locale: string | undefined, l10nDir: string): string | undefined {
  const tag = bundleLocale(locale);
  const tries = tag ? [tag, tag.split('-')[0]].filter((x, i, a) => a.indexOf(x) === i) : [];
  for (const name of tries) {
    try {
      const bundle = JSON.parse(fs.readFileSync(path.join(l10nDir, `bundle.l10n.${name}.json`), 'utf8')) as unknown;
      if (bundle && typeof bundle === 'object' && !Array.isArray(bundle)) {
        setCatalog(bundle as Catalog);
        return name;
      }
    } catch {
      // no bundle for this language (or a broken one): try the next, then English
    }
  }
  setCatalog(undefined);
  return undefined;
}
