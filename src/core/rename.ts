/**
 * Renaming a post without breaking the build: every `{% post_url %}` and `{% link %}` that names it (in posts,
 * pages, layouts and includes: Liquid runs in all of them, in code blocks too, not inside raw or comment) is
 * rewritten to the new name, with the rename, as one edit; and when the rename changes the post's URL, every link
 * written as that URL (Markdown, HTML and reference links, root-relative or absolute to the site; not in code) is
 * rewritten to the new URL, so that it is not broken either. The editor's "Rename Post" command and the file-name
 * quick fix use this; the texts come from the caller (open documents as edited, other files from disk).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TextEdit } from './types';
import { postUrlMatches, postUrlMatchesLoosely } from './liquidSite';
import { walk } from './files';

import { SiteAddress, blankRaw, bodyLinks } from './links';
import { splitFrontMatter } from './frontmatter';
import { CheckOptions, checkPost } from './check';
import { Site } from './site';

const TAG = /\{%-?\s*(post_url|link)\s+([^%]*?)\s*-?%\}/g;

/**
 * The edits that make a text's post_url and link tags name the post at `newRel` instead of `oldRel` (both relative
 * to the site root, `/`-separated; the post keeps its folder, only its base name changes).
 */
export function referenceEdits(text: string, oldRel: string, newRel: string): TextEdit[] {
  if (!text.includes('post_url') && !text.includes('link')) return [];
  const edits: TextEdit[] = [];
  const newBase = newRel.slice(newRel.lastIndexOf('/') + 1);
  const newStem = newBase.replace(/\.[^.]+$/, '');
  for (const m of blankRaw(text).matchAll(TAG)) {
    const arg = m[2];
    if (!arg || arg.includes('{{')) continue;
    const at = m.index! + m[0].indexOf(arg, m[0].indexOf(m[1]) + m[1].length);
    if (m[1] === 'post_url') {
      if (!postUrlMatches(arg, oldRel) && !postUrlMatchesLoosely(arg, oldRel)) continue;
      // the name keeps its folder part (`cat/2022-…`): only the date-slug changes
      const slash = arg.lastIndexOf('/');
      edits.push({ start: at + slash + 1, end: at + arg.length, newText: newStem });
    } else {
      const lead = arg.startsWith('/') ? '/' : '';
      if (arg.replace(/^\/+/, '') !== oldRel) continue;
      edits.push({ start: at, end: at + arg.length, newText: lead + newRel });
    }
  }
  return edits;
}

/**
 * The URL a post's text gets under a file name (site-relative, as its builder writes it: url.ts), or undefined when
 * the builder writes no page for it there (a file name Jekyll skips). The same check as the editor's.
 */
export function postUrlAt(text: string, file: string, site: Site | undefined, options: CheckOptions = {}): string | undefined {
  const r = checkPost({ text, path: file, site }, options);
  return r.jekyll.fate === 'skipped' ? undefined : r.jekyll.url;
}

/** `%`-escapes decoded (a stray `%` left as it is). */
const decoded = (u: string) => { try { return decodeURI(u); } catch { return u; } };

/**
 * The forms a link to a post's URL may be written in, each with what replaces it: the URL as Jekyll escapes it and
 * decoded, and (GitHub Pages and `jekyll serve` answer both) without `.html` or without the last `/`.
 */
function urlForms(oldUrl: string, newUrl: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [[oldUrl, newUrl], [decoded(oldUrl), decoded(newUrl)]];
  const out: Array<[string, string]> = [];
  for (const [o, n] of pairs) {
    out.push([o, n]);
    if (o.endsWith('.html') && n.endsWith('.html')) out.push([o.slice(0, -5), n.slice(0, -5)]);
    if (o.endsWith('/') && n.endsWith('/') && o.length > 1) out.push([o.slice(0, -1), n.slice(0, -1)]);
  }
  // (the longest first: `/a.html` before `/a`)
  return out.filter(([o], i) => out.findIndex(([x]) => x === o) === i).sort((a, b) => b[0].length - a[0].length);
}

/**
 * The edits that make a text's links written as URLs point to `newUrl` where they point to `oldUrl` (both
 * site-relative, as Jekyll writes them: url.ts). The link keeps its form: root-relative or absolute, with its
 * `baseurl`, query and fragment, escaped or not, with or without `.html`.
 */
export function urlLinkEdits(text: string, oldUrl: string, newUrl: string, site: SiteAddress): TextEdit[] {
  if (oldUrl === newUrl) return [];
  const forms = urlForms(oldUrl, newUrl);
  // (cheap test first: the URL's last part, as written either way)
  const tail = (u: string) => u.replace(/\/$/, '').slice(u.replace(/\/$/, '').lastIndexOf('/') + 1).replace(/\.html$/, '');
  if (!forms.some(([o]) => o.length > 1 && text.includes(tail(o)))) return [];
  const split = splitFrontMatter(text);
  const bodyStart = split.kind === 'ok' ? split.bodyStart : split.bom;
  const targets = new Set(forms.map(([o]) => decoded(o)));
  const edits: TextEdit[] = [];
  for (const l of bodyLinks(text, bodyStart, site)) {
    if (l.kind !== 'href' || !l.written || !targets.has(l.target)) continue;
    // the path as written: before the query or fragment, after the scheme and host
    const end = l.written.search(/[?#]/) < 0 ? l.written.length : l.written.search(/[?#]/);
    const head = l.written.slice(0, end);
    for (const [o, n] of forms) {
      if (!head.endsWith(o)) continue;
      const at = l.start + end - o.length;
      edits.push({ start: at, end: at + o.length, newText: n });
      break;
    }
  }
  return edits;
}

/**
 * Files of a site whose Liquid may name a post (posts, drafts, pages, layouts, includes): text files that mention a
 * tag, or (when `needles` are given) any of them (the last part of a post's URL, for its links written as URLs).
 */
export function referrerCandidates(siteRoot: string, needles: string[] = []): string[] {
  const out: string[] = [];
  for (const file of walk(siteRoot, f => /\.(md|markdown|mkd|html?|xml|txt|liquid)$/i.test(f))) {
    let text: string;
    try {
      if (fs.statSync(file).size > 4 * 1024 * 1024) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch { continue; }
    if (/\{%-?\s*(post_url|link)\s/.test(text) || needles.some(n => text.includes(n))) out.push(file);
  }
  return out;
}

/** What to look for in a site's files to find the links written as a post's URL (its last part, escaped and not). */
export function urlNeedles(url: string): string[] {
  const trimmed = url.replace(/\/$/, '');
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.html$/, '');
  return last ? [...new Set([last, decoded(last)])] : [];
}

/** The new base name is a post's: `YYYY-MM-DD-slug.ext` (the same extension kinds), no folder, not empty. */
export function validPostName(name: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}-[^/\\]+\.(md|markdown|html)$/i.test(name) && !name.includes(path.sep);
}
