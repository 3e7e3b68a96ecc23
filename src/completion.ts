// Completion in a post's front matter: `layout` from the site's _layouts/, `categories`/`category` and
// `tags`/`tag` from what the site's posts already use, with their counts (and the category's name).
import * as vscode from 'vscode';
import { asPost, POST_SELECTOR } from './posts';
import { splitFrontMatter } from './core/frontmatter';
import { SiteFooters } from './core/footerKnowledge';
import { footerKnowledgeReady } from './footer';

type Key = 'layout' | 'categories' | 'tags';
const KEYS: Record<string, Key> = { layout: 'layout', categories: 'categories', category: 'categories', tags: 'tags', tag: 'tags' };

/** The front-matter key whose value the position is in (same line, a `- item` below it, or a flow list). */
export function keyAt(text: string, yamlStart: number, yamlEnd: number, offset: number): { key: Key; word: [number, number] } | undefined {
  if (offset < yamlStart || offset > yamlEnd) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // the word being typed: up to a space, comma, bracket or quote
  const wordStart = offset - /[^\s,[\]"']*$/.exec(before)![0].length;
  let nl = text.indexOf('\n', offset);
  if (nl < 0) nl = text.length;
  const rest = text.slice(offset, nl);
  const wordEnd = offset + /^[^\s,[\]"']*/.exec(rest)![0].length;
  const word: [number, number] = [wordStart, wordEnd];
  const m = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*/.exec(before);
  if (m) {
    const key = KEYS[m[1]];
    return key ? { key, word } : undefined;
  }
  if (/^[ \t]*-[ \t]*/.test(before) && !/^[ \t]*-[ \t]*\S*[ \t]/.test(before)) {
    // a list item: its key is the nearest line above that is not an item
    let at = lineStart - 1;
    while (at > yamlStart) {
      const s = text.lastIndexOf('\n', at - 1) + 1;
      const line = text.slice(s, at).replace(/\r$/, '');
      if (!/^[ \t]*-/.test(line) && line.trim()) {
        const k = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*$/.exec(line);
        return k && KEYS[k[1]] ? { key: KEYS[k[1]], word } : undefined;
      }
      at = s - 1;
    }
  }
  return undefined;
}

/**
 * Whether a value the site's posts use is worth suggesting: not one that another rule calls a mistake. A tag
 * with a comma (`新能源，汽车`: tags-comma, tags-fullwidth-comma) never is; a category that only one post uses,
 * with no category page and no setting naming it, is what category-unknown flags on that post (often the
 * leftover of `categories: 财经 要闻`, split by Jekyll).
 */
export function suggestable(key: 'categories' | 'tags', name: string, posts: number, site: SiteFooters): boolean {
  if (/[,，]/.test(name) || !name.trim()) return false;
  if (key === 'tags') return true;
  if (site.k.categoryPages?.has(name) || site.k.settings?.sources?.some(s => s.category === name)) return true;
  return posts > 1 || site.otherPosts < 5;
}

class FrontMatterCompletion implements vscode.CompletionItemProvider {
  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const text = doc.getText();
    const split = splitFrontMatter(text);
    // a new post is written top down: its front matter is not closed yet while its keys are typed
    if (split.kind !== 'ok' && split.kind !== 'unclosed') return undefined;
    const at = keyAt(text, split.yamlStart, split.yamlEnd, doc.offsetAt(pos));
    if (!at) return undefined;
    const post = asPost(doc);
    if (!post) return undefined;
    const range = new vscode.Range(doc.positionAt(at.word[0]), doc.positionAt(at.word[1]));
    const items: vscode.CompletionItem[] = [];
    const plural = (n: number) => (n === 1 ? vscode.l10n.t('1 post') : vscode.l10n.t('{0} posts', n));
    if (at.key === 'layout') {
      for (const name of [...(post.site?.layouts ?? [])].sort()) {
        const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.File);
        item.detail = `_layouts/${name}`;
        item.range = range;
        item.sortText = name === 'post' ? '0' : `1${name}`;
        items.push(item);
      }
      return items;
    }
    const k = await footerKnowledgeReady(doc, post.site?.root);
    const site = new SiteFooters(k);
    const v = k.vocabulary;
    const counts = at.key === 'categories' ? site.knownCategories() : new Map(v?.tags ?? []);
    // counts of the whole site, this post included
    if (at.key === 'categories') for (const [c] of counts) counts.set(c, v?.categories.get(c) ?? 0);
    const ranked = [...counts].filter(([name, n]) => suggestable(at.key === 'categories' ? 'categories' : 'tags', name, n, site)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    ranked.forEach(([name, n], i) => {
      const item = new vscode.CompletionItem(name, at.key === 'categories' ? vscode.CompletionItemKind.Folder : vscode.CompletionItemKind.Keyword);
      if (at.key === 'categories') {
        const info = site.category(name);
        item.detail = `${plural(n)}${info.label ? ` · ${info.label}` : ''}`;
        item.documentation = info.source ? vscode.l10n.t('Category of {0}: its posts carry the tag {1} and end with [返回{1}](…).', info.source, info.label ?? '') : undefined;
      } else item.detail = plural(n);
      item.range = range;
      item.sortText = String(i).padStart(6, '0');
      items.push(item);
    });
    return items;
  }
}

export function registerCompletion(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(POST_SELECTOR, new FrontMatterCompletion(), ':', ' ', ',', '[', '-'));
}
