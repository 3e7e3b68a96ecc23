/**
 * Jekyll's verdict on a post, for people: what it does with the post, led by the reason (its abort message,
 * the problem that makes it skip the file or ignore the front matter), what is lost or changed on the way
 * (the warnings: published, but not as written), then what the page will carry. Pure: no `vscode`.
 */
import { CheckResult } from './check';
import { t } from './l10n';

export interface Verdict {
  /** One sentence: what Jekyll does with the post. */
  headline: string;
  /** Why, when it is not simply published: Jekyll's own abort message or the problem behind it. */
  why?: string;
  /** Jekyll's own words (English, as its build log prints them). */
  jekyllSays?: string;
  /** What the page loses or shows otherwise than written (one line per problem). */
  dropped: string[];
  /** What the page carries (front-matter key, value; the keys stay as Jekyll spells them). */
  details: Array<[string, string]>;
}

const firstSentence = (s: string) => {
  const m = /^(.+?[.。!?])(\s|$)/.exec(s);
  return m ? m[1] : s;
};

/** @param link the post's absolute link (url.ts absoluteUrl), when the site's address is known */
export function verdictOf(r: CheckResult, link?: string): Verdict {
  const j = r.jekyll;
  const errors = r.diagnostics.filter(d => d.severity === 'error');
  const warnings = r.diagnostics.filter(d => d.severity === 'warning');
  const v: Verdict = { headline: '', dropped: [], details: [] };
  switch (j.fate) {
    case 'abort':
      v.headline = t('Jekyll aborts the whole build on this post: no page of the site is built.');
      if (errors[0]) v.why = errors[0].message;
      // Jekyll's words on their own, unless the reason already quotes them
      if (j.abortMessage && !v.why?.includes(j.abortMessage)) v.jekyllSays = j.abortMessage;
      break;
    case 'skipped':
      v.headline = t('Jekyll skips this file without a word: it is not a post of the site.');
      if (errors[0]) v.why = errors[0].message;
      return v;
    case 'unpublished':
      v.headline = t('Jekyll does not publish this post (published: false).');
      break;
    case 'future':
      v.headline = j.date && j.date !== 'build-time' ? t('Jekyll holds this post back until {0} (a date in the future).', j.date) : t('Jekyll holds it back until its date');
      break;
    case 'built':
      if (j.frontMatter === 'none') v.headline = t('Jekyll publishes it, but reads no front matter: the text is the whole page.');
      else if (j.frontMatter === 'ignored') v.headline = t('Jekyll publishes it, but drops its front matter: it cannot load the YAML.');
      else if (warnings.length) v.headline = t('Jekyll publishes it, but not as written.');
      else v.headline = t('Jekyll publishes it as written.');
      if (j.frontMatter !== 'read' && errors[0]) v.why = errors[0].message;
  }
  if (j.frontMatter !== 'read') v.dropped.push(t('The front matter: no layout, no title, no categories or tags; the date comes from the file name or the build.'));
  for (const w of warnings) v.dropped.push(firstSentence(w.message));
  if (j.url) v.details.push(['url', link ?? j.url]);
  if (j.date) v.details.push(['date', j.date === 'build-time' ? t('the time of each build') : j.date]);
  if (j.title) v.details.push(['title', j.title]);
  if (j.layout) v.details.push(['layout', j.layout]);
  if (j.categories?.length) v.details.push(['categories', j.categories.join(t(', '))]);
  if (j.tags?.length) v.details.push(['tags', j.tags.join(t(', '))]);
  return v;
}

/** The verdict as plain text, a line per item (for a dialog's detail). */
export function verdictText(v: Verdict): string {
  const lines: string[] = [];
  if (v.why) lines.push(v.why);
  if (v.jekyllSays) lines.push(t('Jekyll: {0}', v.jekyllSays));
  if (v.dropped.length) lines.push('', t('Not as written:'), ...v.dropped.map(d => `• ${d}`));
  if (v.details.length) lines.push('', ...v.details.map(([k, val]) => `${k}: ${val}`));
  return lines.join('\n').trim();
}
