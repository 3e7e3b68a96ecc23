/**
 * Small sites for the URL tests (test/unit/url.test.ts): every permalink style and placeholder, a collection
 * permalink, defaults, a post's own `permalink:` and `slug:`, categories from folders and front matter, non-ASCII
 * and reserved characters. scripts/url-oracle.mjs builds each with the real builders (../shared/jekyll-oracles) and
 * records page.url of every post in test/unit/fixtures/urls/expected-<builder>.json.
 */

export interface UrlCaseSite {
  name: string;
  /** _config.yml */
  config: string;
  /** Extra posts of this site only. */
  posts?: Record<string, string>;
}

/** The posts of every site: site-relative path -> text. */
export const URL_POSTS: Record<string, string> = {
  '_posts/2021-03-07-hello-world.md': '---\ntitle: Hello\ncategories: News Sports\ndate: 2021-03-07 09:05:03 +0800\n---\nHi.\n',
  '_posts/2020-12-31-中文 标题.md': '---\ntitle: 中文\ncategory: 财经\ntags: [a, b]\n---\n正文\n',
  'Sub Dir/_posts/2021-01-01-a.b.md': '---\ntitle: In a folder\ncategories: [Extra]\n---\nx\n',
  '_posts/2021-01-04-slug-dot..md': '---\ntitle: Dot\n---\nx\n',
  '_posts/2021-02-03-page.html': '---\ntitle: Html\ncategories: [Web]\n---\n<p>x</p>\n',
  '_posts/2021-05-06-own.md': '---\ntitle: Own slug\nslug: "My Own Slug! (v2)"\n---\nx\n',
  '_posts/2021-06-07-perma.md': '---\ntitle: Perma\npermalink: /custom/:year/:title.xml\ncategories: [Feeds]\n---\nx\n',
  '_posts/2021-06-08-fixed.md': '---\ntitle: Fixed\npermalink: /fixed/place/\n---\nx\n',
  '_posts/2021-07-08-reserved.md': '---\ntitle: Reserved\ncategories: ["C#", "a?b", "Ünï Cödé", "x&y=z"]\n---\nx\n',
  '_posts/2019-12-30-week.md': '---\ntitle: Week\ndate: 2019-12-30 23:59:59\n---\nx\n',
  '_posts/2021-12-08-news/post.md': '---\ntitle: Dated folder\n---\nx\n',
  '_posts/2021-08-09-Mixed_Case Title(1)+x.md': '---\ntitle: Mixed\ncategories: [MiXed, mixed]\n---\nx\n',
  '_posts/2021-10-11-nofm.md': 'No front matter here.\n',
  '_posts/special/2021-11-12-deflt.md': '---\ntitle: Defaults\n---\nx\n',
  '_posts/2021-09-10-v1.2.3-release.md': '---\ntitle: Numbers\ncategories: [2021, "A/B", "x.y"]\n---\nx\n',
  '_posts/2021-09-11-Ümlaut-ß Straße.md': '---\ntitle: Umlaut\n---\nx\n',
  '_posts/2021-09-12-UPPER.md': '---\ntitle: Upper\nslug: "Hello World"\ndate: 2021-09-12 23:30:00 -0500\n---\nx\n',
  '_posts/2021-04-05-日本語.markdown': '---\ntitle: Kana\ncategories: [日本]\n---\nx\n',
};

const DEFAULTS = `defaults:
  - scope: { path: "_posts/special" }
    values: { permalink: "/special/:slug:output_ext", layout: post }
`;

export const URL_SITES: UrlCaseSite[] = [
  { name: 'default', config: 'timezone: Asia/Shanghai\n' + DEFAULTS },
  { name: 'date-utc', config: 'permalink: date\n' },
  { name: 'pretty', config: 'permalink: pretty\ntimezone: America/New_York\n' },
  { name: 'ordinal', config: 'permalink: ordinal\n' },
  { name: 'none', config: 'permalink: none\n' + DEFAULTS },
  { name: 'weekdate', config: 'permalink: weekdate\ntimezone: Europe/Berlin\n' },
  {
    name: 'all-placeholders',
    config: 'timezone: Asia/Kolkata\npermalink: /:categories/:year/:month/:i_month/:day/:i_day/:short_year/:y_day/:hour/:minute/:second/:short_month/:title/:slug/:name:output_ext\n',
  },
  { name: 'path-collection', config: 'permalink: /:collection/:path:output_ext\n' },
  { name: 'underscore', config: 'permalink: /:year_:month_:day/:title\n' },
  { name: 'jekyll4-only', config: 'permalink: /:slugified_categories/:w_year/W:week/:w_day/:short_day/:long_day/:long_month/:title/\n' },
  {
    name: 'collection-permalink',
    config: 'baseurl: /blog\npermalink: pretty\ncollections:\n  posts:\n    permalink: /articles/:year/:slug/\n' + DEFAULTS,
  },
  { name: 'markdown-ext', config: 'markdown_ext: "markdown,mkd"\npermalink: /:title:output_ext\n' },
];
