/**
 * Reading a site's footer knowledge from disk (for the CLI and the editor): the text of a post its vocabulary
 * needs, its `category/*.html` pages and the `newsPost.footer.*` settings of its `.vscode/settings.json`. The
 * vocabulary itself is gathered by the CLI's workers (cli/check.ts) and the editor's scan or index.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FooterSettings, FooterSourceSetting } from './footerKnowledge';
import { readForFacts } from './checkFile';

/** `category/<slug>.html` pages: slug (their `category:`, else the file name) -> `title:`. */
export function readCategoryPages(root: string, dir = 'category'): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = fs.readdirSync(path.join(root, dir));
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/\.(html|md|markdown)$/i.test(name)) continue;
    let head: string;
    try {
      const fd = fs.openSync(path.join(root, dir, name), 'r');
      try {
        const buf = Buffer.alloc(4096);
        head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      continue;
    }
    const fm = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(head);
    const field = (k: string) => {
      const m = fm && new RegExp(`^${k}:[ \\t]*(.*?)[ \\t]*\\r?$`, 'm').exec(fm[1]);
      return m ? m[1].replace(/^(["'])(.*)\1$/, '$2') : undefined;
    };
    const slug = field('category') || name.replace(/\.[^.]+$/, '');
    out.set(slug, field('title') ?? '');
  }
  return out;
}

/** JSON with comments and trailing commas (VS Code's settings files). */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      const s = m ? m[0] : text.slice(i);
      out += s;
      i += s.length - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** `newsPost.footer.*` from a settings object (flat `newsPost.footer.x` keys or nested). */
export function footerSettingsOf(settings: Record<string, unknown> | undefined): FooterSettings {
  const get = (k: string): unknown => {
    if (!settings) return undefined;
    if (`newsPost.footer.${k}` in settings) return settings[`newsPost.footer.${k}`];
    const np = settings.newsPost as Record<string, unknown> | undefined;
    const f = np?.footer as Record<string, unknown> | undefined;
    return f?.[k];
  };
  const out: FooterSettings = {};
  const siteUrl = get('siteUrl');
  if (typeof siteUrl === 'string' && siteUrl.trim()) out.siteUrl = siteUrl.trim();
  const base = get('shareLinkBase');
  if (typeof base === 'string' && base.trim()) out.shareLinkBase = base.trim();
  const sources = get('sources');
  if (Array.isArray(sources)) {
    out.sources = sources.filter((s): s is FooterSourceSetting =>
      !!s && typeof s === 'object' && typeof (s as FooterSourceSetting).category === 'string' && typeof (s as FooterSourceSetting).source === 'string' &&
      ((s as FooterSourceSetting).tag === undefined || typeof (s as FooterSourceSetting).tag === 'string'));
  }
  return out;
}

/** The footer settings of a site's `.vscode/settings.json` (none when absent or unreadable). */
export function readFooterSettings(root: string): FooterSettings {
  try {
    const v = parseJsonc(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'));
    return footerSettingsOf(v && typeof v === 'object' ? v as Record<string, unknown> : undefined);
  } catch {
    return {};
  }
}

/**
 * What the vocabulary needs of a post file: all of it when small (nearly always), else its head (the front
 * matter) and its tail (the footer). Undefined for what is not UTF-8 text. The same read as the CLI's workers.
 */
export function readFactsText(file: string): string | undefined {
  return readForFacts(file).text;
}

/** The rule codes that use a site's footer knowledge: when all are disabled, no vocabulary is read. */
export const KNOWLEDGE_RULES = ['footer-missing', 'footer-share-empty', 'footer-source-form', 'footer-nav-form', 'footer-category-mismatch', 'footer-tag-mismatch', 'footer-source-mismatch', 'category-unknown'];

