/** What every rule of the checker sees about one post, and how it reports. */
import { Diagnostic, Fix, JekyllOutcome, Severity } from './types';
import { FrontMatterSplit, ParsedFrontMatter, FmEntry } from './frontmatter';
import { Site, PostKind } from './site';
import { LineIndex, eolOf } from './text';
import { ruleSeverity } from './rules';
import { Builder } from './builder';

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly eol: string;
  private lines?: LineIndex;
  fm?: ParsedFrontMatter;
  /** Front matter + defaults as Jekyll merges them (only when the front matter is read). */
  data: Record<string, unknown> = {};
  readonly outcome: JekyllOutcome = { fate: 'built', frontMatter: 'read' };
  /** Jekyll's own words (English, as its build log prints them) for the rules that make it abort, by rule code. */
  readonly jekyllSays: Partial<Record<'date-invalid' | 'filename-date-invalid' | 'liquid-error', string>> = {};

  constructor(
    readonly text: string,
    /** Path relative to the site root, `/`-separated (e.g. `_posts/2022-05-31-x.md`). */
    readonly relPath: string,
    readonly kind: PostKind,
    readonly split: FrontMatterSplit,
    readonly site: Site | undefined,
    readonly now: number,
  ) {
    this.eol = eolOf(text);
  }

  get tz(): string | undefined {
    return this.site?.config.timezone;
  }

  /** Which Jekyll builds the post's site (GitHub Pages for a post outside any site: no Gemfile). */
  get builder(): Builder {
    return this.site?.builder ?? 'github-pages';
  }

  /**
   * The part of the path Jekyll's post reader matches its date pattern against: on Jekyll 3 (GitHub Pages) the
   * path below `_posts/` (so `_posts/2021-12-08-x/post.md` is a post dated by its folder), on Jekyll 4 the base
   * name.
   */
  get dateName(): string {
    if (this.builder === 'jekyll-4') return this.baseName;
    const parts = this.relPath.split('/');
    const i = parts.indexOf('_posts');
    return i >= 0 && i < parts.length - 1 ? parts.slice(i + 1).join('/') : this.baseName;
  }

  get baseName(): string {
    return this.relPath.slice(this.relPath.lastIndexOf('/') + 1);
  }

  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }

  report(code: string, start: number, end: number, message: string, fixes?: Fix[], severity?: Severity): void {
    this.diagnostics.push({ code, severity: severity ?? ruleSeverity(code), message, start, end, ...(fixes && fixes.length ? { fixes } : {}) });
  }

  /** The range of the line holding an offset (without its line break). */
  lineRange(offset: number): [number, number] {
    const li = this.lineIndex;
    const { line } = li.position(offset);
    return [li.offset(line, 0), li.lineEnd(line)];
  }

  /** The range of the opening `---` line: where whole-post problems are shown. */
  get headRange(): [number, number] {
    const start = this.split.kind === 'none' ? this.split.bom : this.split.openStart;
    return [start, this.lineRange(start)[1]];
  }

  entry(key: string): FmEntry | undefined {
    return this.fm?.byKey.get(key);
  }

  /** An edit that adds a `key: value` line at the end of the front matter. */
  addKeyEdit(line: string): { start: number; end: number; newText: string } {
    const at = this.split.yamlEnd;
    const needsEol = at > 0 && this.text[at - 1] !== '\n';
    return { start: at, end: at, newText: (needsEol ? this.eol : '') + line + this.eol };
  }

  /** An edit that deletes the whole line of an entry (with its line break). */
  deleteLineEdit(offset: number): { start: number; end: number; newText: string } {
    const li = this.lineIndex;
    const { line } = li.position(offset);
    return { start: li.offset(line, 0), end: li.offset(line + 1, 0), newText: '' };
  }
}
