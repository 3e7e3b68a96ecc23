/** Every rule of the checker: its stable code, default severity and what it is about (settings and docs use this). */
import { Severity } from './types';

export interface RuleInfo {
  severity: Severity;
  description: string;
}

export const RULES: Record<string, RuleInfo> = {
  // The file
  'file-not-utf8': { severity: 'error', description: 'The file is not valid UTF-8: Jekyll skips the post without a word.' },
  'file-binary': { severity: 'error', description: 'The file holds NUL bytes: it is not a text post.' },
  'file-too-large': { severity: 'info', description: 'The file is too large to check in full; only the front matter was checked.' },
  'file-unreadable': { severity: 'error', description: 'The file cannot be read (permissions, not a regular file): Jekyll fails on it. Reported by whole-site checks and newspost check.' },
  'internal-error': { severity: 'warning', description: 'The checker failed on this file (a bug in News Post Editor: please report it); the other files are still checked.' },
  'bom': { severity: 'info', description: 'The file starts with a byte-order mark: Jekyll drops it, so the page is the same; the site\'s other posts have none.' },
  // The file name
  'filename-no-date': { severity: 'error', description: 'The file name lacks YYYY-MM-DD-: Jekyll silently skips the post.' },
  'filename-date-invalid': { severity: 'error', description: 'The date in the file name is impossible and the front matter has none: Jekyll aborts the build.' },
  'filename-date-rolled-over': { severity: 'warning', description: 'The date in the file name does not exist; Ruby rolls it over into the next month.' },
  'filename-date-mismatch': { severity: 'info', description: 'The file name\'s date differs from the front-matter date: Jekyll uses the front matter\'s (URL and date), as its author evidently meant; the file name only misleads whoever sorts the folder.' },
  'permalink-invalid': { severity: 'error', description: 'The post\'s permalink template (its own `permalink:`, a default or the site\'s) names a placeholder the builder does not have, or gives a value Jekyll cannot escape: Jekyll raises and the build aborts.' },
  'filename-slug-dot': { severity: 'warning', description: 'GitHub Pages (Jekyll 3): the file name\'s slug ends with a dot, so the URL\'s `x..html` becomes `x/html`: the post is published at another address.' },
  // The front matter block
  'frontmatter-not-at-start': { severity: 'error', description: 'Something (e.g. a blank line) stands before the opening ---: Jekyll sees no front matter and prints the --- lines in the page.' },
  'frontmatter-unclosed': { severity: 'error', description: 'The front matter is never closed: Jekyll sees none and prints it in the page.' },
  'frontmatter-missing': { severity: 'error', description: 'The post has no front matter: Jekyll builds it without layout, title or categories.' },
  'yaml-syntax': { severity: 'error', description: 'Jekyll cannot load the front matter as YAML and builds the post without it.' },
  'yaml-duplicate-key': { severity: 'warning', description: 'A key is set twice; Jekyll keeps the last value.' },
  'yaml-tab': { severity: 'warning', description: 'A tab character in the front matter.' },
  'yaml-comment': { severity: 'warning', description: 'An unquoted value with \' #\' in it: YAML cuts it there and reads the rest as a comment.' },
  // Keys
  'layout-missing': { severity: 'warning', description: 'No layout (and no default from _config.yml). Not on GitHub Pages for a Markdown post: jekyll-default-layout gives it `post`.' },
  'layout-unknown': { severity: 'warning', description: 'The layout is not in _layouts/: Jekyll renders the post without it.' },
  'title-missing': { severity: 'warning', description: 'No title: Jekyll makes one from the file name.' },
  'title-empty': { severity: 'warning', description: 'The title is empty.' },
  'date-invalid': { severity: 'error', description: 'Jekyll cannot parse the date and aborts the build.' },
  'date-no-offset': { severity: 'warning', description: 'A date and time with no UTC offset: YAML reads it as UTC, so the site shows another time.' },
  'date-other-offset': { severity: 'info', description: 'The date is written in another zone than the site\'s and the site shows it on another day (in its zone; the URL too). The instant is the one written: the same day says nothing.' },
  'date-rolled-over': { severity: 'warning', description: 'The date does not exist; Ruby rolls it over into the next month.' },
  'date-named-zone': { severity: 'warning', description: 'A zone abbreviation Ruby reads as a US zone (CST = -06:00).' },
  'date-no-day': { severity: 'warning', description: 'A time without a day: Jekyll uses the day of the build.' },
  'date-format': { severity: 'warning', description: 'A date format Ruby reads loosely, where what the site shows is not evidently what was written (info when it is: a loose spelling of the very day and time, or a fraction of a second the site never prints); write YYYY-MM-DD HH:MM:SS +ZZZZ.' },
  'unpublished': { severity: 'info', description: 'published: false: Jekyll does not publish the post.' },
  'published-not-boolean': { severity: 'warning', description: 'published is a string, which Jekyll treats as true.' },
  'future-date': { severity: 'info', description: 'The date is in the future: Jekyll holds the post back until then (unless future: true).' },
  'categories-split': { severity: 'warning', description: 'A categories string with spaces, which Jekyll splits into several categories (its documented form), where the site knows the whole string as one category (another post lists it so, or a category page names it): a slip.' },
  'categories-comma': { severity: 'warning', description: 'A comma-separated categories string: Jekyll splits on whitespace only and keeps the commas.' },
  'categories-fullwidth-comma': { severity: 'warning', description: 'A full-width comma in categories: it is not a separator.' },
  'tags-split': { severity: 'warning', description: 'A tags string with spaces, which Jekyll splits into several tags (its documented form), where another post of the site has the whole string as one tag: a slip.' },
  'tags-comma': { severity: 'warning', description: 'A comma-separated tags string: Jekyll splits on whitespace only and keeps the commas.' },
  'tags-fullwidth-comma': { severity: 'warning', description: 'A full-width comma in tags: it is not a separator.' },
  'tags-dropped': { severity: 'warning', description: 'tags is neither a string nor a list: Jekyll drops it.' },
  'category-and-categories': { severity: 'warning', description: 'Both category and categories: Jekyll merges them.' },
  'tag-and-tags': { severity: 'warning', description: 'Both tag and tags: Jekyll uses tag and ignores tags.' },
  'category-not-split': { severity: 'warning', description: 'The singular category key with spaces: Jekyll keeps it as one category.' },
  'liquid-error': { severity: 'error', description: 'Liquid cannot parse the body (Liquid 4.0.4, as GitHub Pages and Jekyll 4 run it), or an include, link or post_url names a file the site lacks: Jekyll aborts the whole build.' },
  'liquid-in-body': { severity: 'warning', description: 'A {{ … }} that renders nothing on this site (a name nothing defines, a site or page key that is not set): the text disappears from the page. Liquid that resolves is not reported.' },
  'liquid-unknown-filter': { severity: 'warning', description: 'A filter the site\'s builder does not have (e.g. find on GitHub Pages\' Jekyll 3.10): Liquid passes the value on unchanged.' },
  // The source attribution footer and the site's categories (site conventions)
  'footer-missing': { severity: 'warning', description: 'The post lacks the attribution footer (share link, navigation line) that the site\'s posts end with.' },
  'footer-duplicate': { severity: 'warning', description: 'A footer part (source line, share link, navigation line) appears twice.' },
  'footer-not-last': { severity: 'warning', description: 'Text after the footer, or its parts out of order: the navigation line should end the post.' },
  'footer-markdown-in-html': { severity: 'warning', description: 'An `.html` post whose share link or navigation line is written in Markdown: Jekyll converts no Markdown in `.html` posts, so the share link vanishes and the navigation line shows its brackets.' },
  'footer-share-empty': { severity: 'warning', description: 'An empty share link `<>`: it shows literally on the page.' },
  'footer-source-form': { severity: 'warning', description: 'The source line\'s brackets or colon differ from the site\'s majority spelling (e.g. `(文章来源:X)` for `（文章来源：X）`).' },
  'footer-nav-form': { severity: 'warning', description: 'The navigation line uses relative links, another site URL or another layout than the site\'s.' },
  'footer-category-mismatch': { severity: 'warning', description: 'The footer links back to another category than the front matter\'s.' },
  'footer-tag-mismatch': { severity: 'warning', description: 'The footer link\'s text (返回<tag>) disagrees with the front matter\'s tag.' },
  'footer-source-mismatch': { severity: 'warning', description: 'The source line names another source than the post\'s category (a per-source category) stands for.' },
  'category-unknown': { severity: 'warning', description: 'A category the site has never used (no other post, no category page): did you mean another?' },
  // The site as a whole (whole-site checks: newspost check on a site, the editor after Check All Posts)
  'url-conflict': { severity: 'error', description: 'Two files (posts, pages or documents) are written to the same URL: Jekyll writes one over the other and logs only "Conflict", so one of them is not on the site. Reported on both, naming the other.' },
  'url-case-conflict': { severity: 'warning', description: 'Two URLs differ only in case: on a case-insensitive disk or host (macOS, Windows, some servers) one overwrites the other.' },
  'story-duplicate': { severity: 'warning', description: 'The same story saved twice: two posts with the same title, date and categories, or with the same share link (the source\'s story id). Reported on both.' },
  'link-broken': { severity: 'warning', description: 'A link inside the site (root-relative, or absolute to the site\'s url and baseurl) to a URL no post, page, document or file of the site is written to, or to a post that is not published. Only links into folders the site has are judged (pages made by plugins are not known).' },
  // The site (reported on _config.yml)
  'config-plugin-not-loaded': { severity: 'warning', description: 'GitHub Pages: a plugins: entry GitHub Pages does not whitelist; it is never loaded.' },
  'config-plugins-folder': { severity: 'warning', description: 'GitHub Pages: a _plugins/ folder (or plugins_dir); GitHub Pages builds in safe mode and never loads it.' },
};

export function ruleSeverity(code: string): Severity {
  return RULES[code]?.severity ?? 'warning';
}
