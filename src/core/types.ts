/** Shared types of the checking engine. Offsets are UTF-16 code-unit offsets into the document text. */

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix: text edits in the same document, and/or a rename of the file (a path relative to the old one's folder). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** New base name of the file, e.g. `2022-05-31-slug.md`. */
  renameTo?: string;
  /** The fix the editor should offer first. */
  preferred?: boolean;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes?: Fix[];
}

/** What the site's builder (GitHub Pages or Jekyll 4: src/core/builder.ts) will do with a post, as predicted by the engine (compared with the real builders in test/oracle). */
export interface JekyllOutcome {
  /**
   * abort: `jekyll build` fails because of this post; skipped: the post is silently not read (bad file name,
   * invalid UTF-8); unpublished: `published: false`; future: dated after now without `future: true`;
   * built: it is published.
   */
  fate: 'abort' | 'skipped' | 'unpublished' | 'future' | 'built';
  /** How the front matter was used: read; none (not at byte 0, unclosed, absent: the text is all body); ignored (YAML error). */
  frontMatter: 'read' | 'none' | 'ignored';
  /** Jekyll's own message for an abort. */
  abortMessage?: string;
  /** `page.date` as `YYYY-MM-DD HH:MM:SS +ZZZZ` in the site timezone; 'build-time' when Jekyll uses the time of the build. */
  date?: string;
  title?: string | null;
  categories?: string[];
  /** null when Jekyll leaves page.tags nil (front matter it could not load). */
  tags?: string[] | null;
  layout?: string | null;
  /** page.url as the builder computes it (src/core/url.ts): site-relative, escaped; absent for a skipped post or a template Jekyll cannot fill. */
  url?: string;
}
