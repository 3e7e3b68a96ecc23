// Liquid judged against Liquid itself: generated post bodies (tags Jekyll knows and does not, unclosed and nested
// blocks, raw, comment, whitespace control, stray {{ and {%, filters, assign before and after use, include, link,
// post_url) run through Liquid 4.0.4 with upstream Jekyll 4.4.1's tags (scripts/ruby-liquid.rb, from
// ../shared/jekyll-oracles) and through the checker, on the same small site. Same abort with the same message, and
// the same {{ }} rendering nothing. Skips cleanly without ../shared or Ruby.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPost } from '../../src/core/check';
import { loadSite } from '../../src/core/site';
import { liquidFilterArity } from '../../src/core/liquidSite';
import { repoRoot, seeded, NOW } from './helpers';

const ORACLES = path.resolve(repoRoot, '../shared/jekyll-oracles');
const COUNT = Number(process.env.LIQUID_DIFF_COUNT ?? 1500);
const SEED = Number(process.env.LIQUID_DIFF_SEED ?? 20261206);
const TIME_BUDGET_MS = 90_000;

function rubyReady(): string | false {
  if (!fs.existsSync(path.join(ORACLES, 'vendor/gems/gems/liquid-4.0.4'))) return '../shared/jekyll-oracles is not there';
  const r = spawnSync('ruby', ['-e', 'print 1'], { encoding: 'utf8' });
  if (r.status !== 0) return 'ruby is not installed (../shared/jekyll-oracles/setup installs it)';
  return false;
}

const skip = rubyReady();

/** The small site both sides judge the bodies in. */
function makeSite(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liquid-diff-'));
  const w = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), text); };
  // built by upstream Jekyll 4.4 (a Gemfile asking for it), as the oracle is
  w('Gemfile', 'source "https://rubygems.org"\ngem "jekyll", "~> 4.4"\n');
  w('_config.yml', 'title: 财经快讯\nurl: https://news.example.org\nauthor:\n  name: 编辑部\nempty_key: ""\ntimezone: Asia/Shanghai\n');
  w('_data/releases.yml', '- version: 2.1.0\n  url:\n    gz: https://example.org/a.tar.gz\n  tag: v2_1_0\n- version: "3.0"\n  url:\n    gz: https://example.org/b.tar.gz\n');
  w('_data/sources.json', '{"xinhua": {"name": "新华社"}}');
  w('_includes/known.html', 'included');
  w('_layouts/post.html', '{{ content }}');
  w('_posts/2020-01-01-known.md', '---\ntitle: known\n---\nknown\n');
  w('about.md', '---\ntitle: about\n---\nabout\n');
  return dir;
}

const VARS = ['涨幅', 'price', 'site.title', 'site.author.name', 'site.nothing', 'site.empty_key', 'page.title', 'page.author',
  'page.missing', 'site.data.releases.size', 'site.data.sources.xinhua.name', 'site.data.sources.none.name', 'release.url.gz',
  'release.tag', 'release.nothing', 'x', 'item', 'forloop.index', 'site.url', '"literal"', '42', '1.2-1.5', 'nil', 'true',
  'site.title.size', "site['title']", 'page.categories', 'page.tags.first'];
const FILTERS = ['upcase', 'size', 'downcase', 'default: "无"', 'append: "元"', 'nofilter', 'find: "a"', 'where: "version", "2.1.0"',
  'first', 'slugify', 'xml_escape', 'jsonify', 'date: "%Y"', 'relative_url', 'absolute_url', 'markdownify', 'strip_html', 'join: ","',
  'split: ","', 'plus: 1', 'echo', 'truncate: 5'];
const TEXT = ['据新华社消息', '价格区间', '央行今日开展逆回购操作', ' ', '\n', 'A股', '{', '}', '%', '}}', '%}', '涨停'];

function gen(rnd: (n: number) => number, pick: <T>(xs: readonly T[]) => T): string {
  const v = () => pick(VARS) + (rnd(3) === 0 ? ' | ' + pick(FILTERS) : '') + (rnd(5) === 0 ? ' | ' + pick(FILTERS) : '');
  const ws = () => pick(['', '', '-']);
  const out = () => `{{${ws()} ${v()} ${ws()}}}`;
  const frags: Array<() => string> = [
    () => pick(TEXT), () => pick(TEXT), out, out, out,
    () => `{% assign release = site.data.releases | where: "version", "${pick(['2.1.0', '3.0', '9.9'])}" | first %}`,
    () => `{% assign x = ${pick(['"值"', 'site.title', 'page.missing', '1'])} %}`,
    () => `{% if ${pick(['x', 'page.title', 'site.nothing', 'x == 1', 'a and b', '', 'x = ', '"a" contains "a"'])} %}${out()}{% ${pick(['endif', 'endif', 'else %}b{% endif', 'elsif y %}c{% endif', 'endunless', 'endfor'])} %}`,
    () => `{% for item in ${pick(['site.data.releases', 'page.tags', '(1..3)', 'nothing', ''])} %}${out()}{% endfor %}`,
    () => `{% unless x %}u{% endunless %}`,
    () => `{% case x %}{% when ${pick(['1', '"a"', '', '1, 2', '1 or 2'])} %}w{% else${pick(['', ' junk'])} %}e{% endcase %}`,
    () => `{% capture ${pick(['cap', '', '"q"'])} %}${out()}{% endcapture %}{{ cap }}`,
    () => `{% comment %}${pick(['c', out(), '{% if x %}', '{% endif %}', '{% unknowntag %}', '{{ '])}{% endcomment %}`,
    () => `{% raw${pick(['', '', ' x'])} %}${pick(['{{ 涨幅 }}', '{% if %}', 'r'])}{%${pick(['', '-'])} endraw ${pick(['', '-'])}%}`,
    () => `{% highlight ${pick(['ruby', 'sh', '', 'ruby linenos', 'x y=z'])} %}${pick(['code', out()])}{% endhighlight %}`,
    () => `{% ${pick(['echo x', 'render "a"', 'liquid assign a = 1', '# note', 'seo', 'unknown', 'else', 'end', 'endif', 'break', 'increment n', 'cycle "a", "b"', 'cycle', 'tablerow i in page.tags', 'ifchanged'])} %}`,
    () => `{% include ${pick(['known.html', 'missing.html', 'known.html a="1"', 'known.html a=', 'known.html junk'])} %}`,
    () => `{% link ${pick(['about.md', 'missing.md', '_posts/2020-01-01-known.md'])} %}`,
    () => `{% post_url ${pick(['2020-01-01-known', '2020-01-02-missing', 'nodate', '/2020-01-01-known'])} %}`,
    () => pick(['{{', '{%', '{{ 未结束', '{% if x', '价格区间{{1.2-1.5', '{{ a }', '{%- if x -%}y{%- endif -%}']),
  ];
  const n = 1 + rnd(5);
  let body = '正文';
  for (let i = 0; i < n; i++) body += pick(frags)() + (rnd(3) === 0 ? '\n' : '');
  return body + '\n';
}

interface RubyResult { abort: boolean; error: string | null; empties: string[]; rendered: string[] }

function ruby(siteDir: string, bodies: string[], page: Record<string, unknown>): RubyResult[] {
  const input = bodies.map(body => JSON.stringify({ body, page })).join('\n') + '\n';
  return runRuby([siteDir], input).trim().split('\n').map(l => JSON.parse(l));
}

function runRuby(args: string[], input = ''): string {
  const r = spawnSync('ruby', [path.join(repoRoot, 'scripts/ruby-liquid.rb'), ...args], {
    input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: os.tmpdir(),
    env: { ...process.env, JEKYLL_ORACLES: ORACLES, GEM_PATH: `${ORACLES}/vendor/gems:`, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', JEKYLL_NO_BUNDLER_REQUIRE: 'true', RUBYOPT: '', RUBYLIB: '' },
  });
  assert.equal(r.status, 0, `ruby-liquid.rb failed:\n${r.stderr}`);
  return r.stdout;
}

test('Liquid: the filters and their arity are Liquid 4.0.4\'s and Jekyll 4.4.1\'s', { skip }, () => {
  const { jekyll, filters } = JSON.parse(runRuby(['--filters']));
  assert.equal(jekyll, '4.4.1');
  assert.deepEqual(Object.fromEntries([...liquidFilterArity('jekyll-4')].sort()), Object.fromEntries(Object.entries(filters).sort()));
});

const FM = 'title: 央行开展逆回购操作\nauthor: 记者\ndate: 2022-05-31 09:15:00 +0800\ncategories: emnews\ntags: [快讯, 央行]\n';
const PAGE = { title: '央行开展逆回购操作', author: '记者', categories: ['emnews'], tags: ['快讯', '央行'] };

/**
 * Known disagreements, each with its reason: a predicate over the body and the two verdicts.
 * Quiet ones (Liquid prints nothing, we do not say so) are allowed only where a one-post check cannot know the value.
 */
const KNOWN: Array<{ why: string; when: (body: string, ourAbort: string | null, theirAbort: string | null, ours: string[], theirs: string[]) => boolean }> = [
  {
    why: "a filter's Ruby code crashing on a value of a type it does not take (slugify of an integer, relative_url of a hash): filter internals are not modelled",
    when: (_b, _ours, theirs) => !!theirs && !/^(Liquid (syntax )?error|Could not|Invalid syntax for include|Syntax Error in tag)/.test(theirs),
  },
  {
    why: 'a {% break %} outside any loop ends the rendering: render-time errors after it are still reported',
    when: (body, ours, theirs) => !!ours && theirs === null && /\{%-?\s*(break|continue)\b/.test(body),
  },
  {
    why: 'quiet: a filter chain over nil that the checker does not follow (split, converters such as markdownify, ' +
      'a condition only the lax parser reads): it says nothing rather than guess',
    when: (_b, ourAbort, theirAbort, ours, theirs) => ourAbort === null && theirAbort === null && ours.every(m => theirs.includes(m)),
  },
];

function markupOf(token: string): string {
  return token.replace(/^\{\{-?/, '').replace(/-?\}\}$/, '').trim();
}

test('Liquid: generated bodies judged as Liquid 4.0.4 with Jekyll 4.4.1\'s tags does (abort and message, outputs that render nothing)', {
  skip, timeout: 5 * 60_000,
}, () => {
  const siteDir = makeSite();
  try {
    const site = loadSite(siteDir);
    const { rnd, pick } = seeded(SEED);
    const t0 = Date.now();
    const bodies: string[] = [];
    while (bodies.length < COUNT && Date.now() - t0 < TIME_BUDGET_MS / 3) bodies.push(gen(rnd, pick));
    const theirs = ruby(siteDir, bodies, PAGE);
    const problems: string[] = [];
    let aborts = 0, empties = 0, known = 0;
    bodies.forEach((body, i) => {
      if (Date.now() - t0 > TIME_BUDGET_MS) return;
      const text = `---\n${FM}---\n${body}`;
      const r = checkPost({ text, path: path.join(siteDir, '_posts/2022-05-31-post.md'), site }, { now: NOW });
      const rb = theirs[i];
      const ourAbort = r.jekyll.fate === 'abort' ? r.jekyll.abortMessage ?? '(no message)' : null;
      // (Jekyll names the includes folder by its full path where it runs; the checker by the site's folder name)
      const theirAbort = rb.abort ? rb.error!.split(`${siteDir}/`).join('') : null;
      if (rb.abort) aborts++;
      // Liquid's record is by markup: compare the markups that stand once in the body
      const once = (m: string) => (body.split(m).length === 2);
      const ours = r.diagnostics.filter(d => d.code === 'liquid-in-body').map(d => markupOf(text.slice(d.start, d.end))).filter(once).sort();
      const theirEmpty = rb.empties.filter(once).sort();
      empties += theirEmpty.length;
      const sameAbort = (ourAbort === null) === (theirAbort === null) && (ourAbort === null || ourAbort.trim() === theirAbort!.trim());
      const sameEmpty = rb.abort || JSON.stringify(ours) === JSON.stringify(theirEmpty);
      if (sameAbort && sameEmpty) return;
      const k = KNOWN.find(x => x.when(body, ourAbort, theirAbort, ours, theirEmpty));
      if (k) { known++; return; }
      problems.push(`#${i} ${JSON.stringify(body)}\n  Liquid: ${theirAbort ? `abort ${JSON.stringify(theirAbort)}` : `empty ${JSON.stringify(theirEmpty)}`}\n  ours:   ${ourAbort ? `abort ${JSON.stringify(ourAbort)}` : `empty ${JSON.stringify(ours)}`}`);
    });
    console.log(`# liquid-diff: ${bodies.length} bodies (seed ${SEED}) in ${Date.now() - t0} ms: ${aborts} aborts, ${empties} outputs rendering nothing, ${known} known disagreements, ${problems.length} new`);
    assert.equal(problems.length, 0, `${problems.length} bodies judged otherwise than Liquid 4.0.4:\n${problems.slice(0, 15).join('\n')}`);
  } finally {
    fs.rmSync(siteDir, { recursive: true, force: true });
  }
});
