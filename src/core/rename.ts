/**
 * Renaming a post without breaking the build: every `{% post_url %}` and `{% link %}` that names it (in posts,
 * pages, layouts and includes: Liquid runs in all of them, in code blocks too, not inside raw or comment) is
 * rewritten to the new name, with the rename, as one edit. The editor's "Rename Post" command and the file-name
 * quick fix use this; the texts come from the caller (open documents as edited, other files from disk).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TextEdit } from './types';
import { postUrlMatches, postUrlMatchesLoosely } from './liquidSite';
import { walk } from './files';

import { blankRaw } from './links';

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

/** Files of a site whose Liquid may name a post (posts, drafts, pages, layouts, includes): text files that mention a tag. */
export function referrerCandidates(siteRoot: string): string[] {
  const out: string[] = [];
  for (const file of walk(siteRoot, f => /\.(md|markdown|mkd|html?|xml|txt|liquid)$/i.test(f))) {
    let text: string;
    try {
      if (fs.statSync(file).size > 4 * 1024 * 1024) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch { continue; }
    if (/\{%-?\s*(post_url|link)\s/.test(text)) out.push(file);
  }
  return out;
}

/** The new base name is a post's: `YYYY-MM-DD-slug.ext` (the same extension kinds), no folder, not empty. */
export function validPostName(name: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}-[^/\\]+\.(md|markdown|html)$/i.test(name) && !name.includes(path.sep);
}
