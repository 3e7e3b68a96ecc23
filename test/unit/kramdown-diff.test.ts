// The preview's Markdown judged against kramdown itself: post bodies of the shared corpora (finews, jekyllrb,
// ruby-lang: a bounded sample) and generated bodies (quotes next to CJK and Latin text, typographic symbols,
// headings, attribute lists, HTML blocks with blank and indented lines, markdown="1", definition lists,
// footnotes, abbreviations) rendered by kramdown 2.4.0
// with the GFM parser 1.1.0 as Jekyll sets it up (scripts/ruby-kramdown.rb, gems from ../shared/jekyll-oracles)
// and by markdown-it with the kramdown rules (src/core/kramdown.ts). Compared: the visible text (white space
// normalised) and the heading ids. Skips cleanly without ../shared or Ruby.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseHtml, HNode, HRoot } from '../../src/core/htmlTree';
import { markdownHtml, bodyRange } from '../../src/core/render';
import { KramdownOptions, kramdownOptionsOf } from '../../src/core/kramdown';
import { parseDocument } from 'yaml';
import { repoRoot, seeded } from './helpers';

const SHARED = path.resolve(repoRoot, '../shared');
const GEMS = path.join(SHARED, 'jekyll-oracles/vendor/gems/gems');
const PER_SITE = Number(process.env.KRAMDOWN_DIFF_PER_SITE ?? 80);
const GENERATED = Number(process.env.KRAMDOWN_DIFF_COUNT ?? 400);

function rubyReady(): string | false {
  if (!fs.existsSync(path.join(GEMS, 'kramdown-2.4.0'))) return '../shared/jekyll-oracles is not there';
  const r = spawnSync('ruby', ['-e', 'print 1'], { encoding: 'utf8' });
  if (r.status !== 0) return 'ruby is not installed (../shared/jekyll-oracles/setup installs it)';
  return false;
}
const skip = rubyReady();

interface Input { name: string; body: string; ours: KramdownOptions; theirs: Record<string, unknown> }

function kramdownRuby(inputs: Input[]): string[] {
  const r = spawnSync('ruby', [path.join(repoRoot, 'scripts/ruby-kramdown.rb'), GEMS], {
    input: inputs.map(i => JSON.stringify({ body: i.body, options: i.theirs })).join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, `ruby-kramdown.rb failed:\n${r.stderr}`);
  return r.stdout.trim().split('\n').map(l => { const o = JSON.parse(l); assert.ok(!o.error, o.error); return o.html as string; });
}

/** What a reader sees: the text outside scripts, styles and comments, white space (no-break spaces too) collapsed. */
function visible(html: string): string {
  let s = '';
  const walk = (n: HNode | HRoot) => {
    if (n.type === 'text') s += n.data;
    else if (n.type === 'element' && (n.name === 'script' || n.name === 'style')) return;
    else if (n.type !== 'comment') { if (n.type === 'element' && /^(p|h\d|li|div|br|tr|td|th|pre|blockquote|dt|dd)$/.test(n.name)) s += ' '; for (const c of n.children) walk(c); }
  };
  walk(parseHtml(html));
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

function headingIds(html: string): string[] {
  return [...html.matchAll(/<h[1-6]\b[^>]*?\sid="([^"]*)"/g)].map(m => m[1]);
}

/** Where two strings part, with some context. */
function partAt(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 30), i + 30)}… vs …${b.slice(Math.max(0, i - 30), i + 30)}…`;
}

function siteInputs(site: string, dirs: string[]): Input[] {
  const root = path.join(SHARED, 'corpus', site);
  if (!fs.existsSync(path.join(root, '_config.yml'))) return [];
  const raw = (parseDocument(fs.readFileSync(path.join(root, '_config.yml'), 'utf8')).toJS() ?? {}) as Record<string, unknown>;
  const ours = kramdownOptionsOf(raw);
  if (!ours) return [];
  const theirs = (raw.kramdown && typeof raw.kramdown === 'object' ? raw.kramdown : {}) as Record<string, unknown>;
  const files = dirs.flatMap(d => {
    const dir = path.join(root, d);
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => /\.(md|markdown)$/.test(f)).sort().map(f => path.join(dir, f)) : [];
  });
  // a bounded sample spread over the whole list
  const step = Math.max(1, files.length / PER_SITE);
  const picked: string[] = [];
  for (let k = 0; k < files.length && picked.length < PER_SITE; k += step) picked.push(files[Math.floor(k)]);
  return picked.map(f => {
    const text = fs.readFileSync(f, 'utf8');
    // Jekyll runs the body's Liquid before kramdown: its tags are left out here (what they print is no Markdown matter)
    const body = text.slice(bodyRange(text).start).replace(/\{\{[^]*?\}\}/g, 'liquid').replace(/\{%[^]*?%\}/g, '');
    return { name: path.relative(SHARED, f), body, ours, theirs };
  });
}

const DEFAULTS = kramdownOptionsOf({})!;

function generated(): Input[] {
  const { rnd, pick } = seeded(20261206);
  const words = ['他说', '你好', '市场', 'Hello', 'world', 'it', 'rock', 'n', '2024', '中文', 'the', 'end', '。', '，', '：', '!', '?', '(注)', 'x_y'];
  const quoteBits = ['"', "'", '"\'', '\'"', ' "', '" ', "'s", "'80s", '--', '---', '...', '<<', '>>', '<< ', ' >>', ' - '];
  const text = (n: number) => Array.from({ length: n }, () => (rnd(3) === 0 ? pick(quoteBits) : pick(words) + (rnd(3) === 0 ? ' ' : ''))).join('');
  const inline = () => {
    const t = text(2 + rnd(6));
    switch (rnd(8)) {
      case 0: return `${t} *${text(2)}* ${text(2)}`;
      case 1: return `**${text(3)}**${text(1)}`;
      case 2: return `${t} \`${text(1)}\` ${text(1)}`;
      case 3: return `[${text(2)}](http://example.com/a) ${t}`;
      case 4: return `*${text(1)}*{: .hot} ${t}`;
      default: return t;
    }
  };
  const block = (): string => {
    switch (rnd(14)) {
      case 0: return `${'#'.repeat(1 + rnd(3))} ${inline()}`;
      case 1: return `## ${pick(['市场动态', 'Summary', 'Q&A: "why"', '中文 Title', 'Release 1.2.3', '!!!'])}${rnd(2) ? ' {#' + pick(['custom', 'a-1', 'x']) + '}' : ''}`;
      case 2: return `${inline()}\n{: .${pick(['lead', 'note'])}${rnd(2) ? ' #p' + rnd(9) : ''}}`;
      case 3: return `{: .${pick(['lead', 'note'])}}\n${inline()}`;
      case 4: return `<div class="box">\n${inline()}\n\n    ${text(3)}\n\n</div>`;
      case 5: return `<div markdown="1">\n${inline()}\n\n* ${text(2)}\n</div>`;
      case 6: return `* ${inline()}\n* ${inline()}`;
      case 7: return `> ${inline()}`;
      case 8: return `${inline()}\n${inline()}`;
      case 9: return `${inline()}[^${pick(['1', 'n'])}] ${text(2)}\n\n[^${pick(['1', 'n'])}]: ${inline()}`;
      case 10: return `${pick(['SIZE', '市场', 'term'])}\n: ${inline()}`;
      case 11: return `${inline()} HTML\n\n*[HTML]: ${text(2)}`;
      default: return inline();
    }
  };
  return Array.from({ length: GENERATED }, (_, k) => ({
    name: `generated #${k}`, body: Array.from({ length: 1 + rnd(4) }, block).join('\n\n') + '\n', ours: DEFAULTS, theirs: {},
  }));
}

function compare(inputs: Input[]): { same: number; idsSame: number; diffs: string[] } {
  const theirs = kramdownRuby(inputs);
  let same = 0, idsSame = 0;
  const diffs: string[] = [];
  inputs.forEach((inp, k) => {
    const ours = markdownHtml(inp.body, inp.ours);
    const a = visible(ours), b = visible(theirs[k]);
    const ia = headingIds(ours), ib = headingIds(theirs[k]);
    if (a === b) same++;
    else diffs.push(`${inp.name}: text ${partAt(a, b)} in ${JSON.stringify(inp.body.slice(0, 300))}`);
    if (JSON.stringify(ia) === JSON.stringify(ib)) idsSame++;
    else diffs.push(`${inp.name}: ids ${JSON.stringify(ia)} vs ${JSON.stringify(ib)} in ${JSON.stringify(inp.body.slice(0, 300))}`);
  });
  return { same, idsSame, diffs };
}

/**
 * Corpus posts that still show differently, and why (docs/preview.md lists these differences). The test fails
 * when one of them agrees (take it off) or another post parts (a regression, or a difference to list).
 */
const KNOWN: Record<string, string> = {
  'corpus/ruby-lang/en/news/_posts/2002-12-11-ruby-hacking-guide.md': 'span IAL after an image inside a link',
  'corpus/ruby-lang/ja/news/_posts/2010-12-25-ruby-1-9-2-p136-is-released.md': 'a definition list inside a list item',
  'corpus/ruby-lang/ja/news/_posts/2005-07-01-20050701.md': 'a list item\'s indented code read differently',
  'corpus/ruby-lang/ja/news/_posts/2023-05-12-ruby-3-3-0-preview1-released.md': 'a list that interrupts a paragraph',
};

test('kramdown: generated bodies show the same heading ids and, but for emphasis edge cases, the same text', { skip, timeout: 120_000 }, () => {
  const inputs = generated();
  const r = compare(inputs);
  console.log(`kramdown-diff generated: ${r.same}/${inputs.length} same text, ${r.idsSame}/${inputs.length} same ids`);
  if (r.diffs.length) console.log(r.diffs.slice(0, Number(process.env.KRAMDOWN_DIFF_SHOW ?? 20)).join('\n'));
  assert.equal(r.idsSame, inputs.length);
  // the remaining differences are CommonMark's emphasis rules (`**x !**y`) and quotes right after an element
  // (emphasis, link, attribute list, footnote): docs/preview.md; measured 330/400
  assert.ok(r.same >= 0.8 * inputs.length, `${r.same}/${inputs.length}`);
});

test('kramdown: corpus posts (finews, jekyllrb, ruby-lang) show the same text and heading ids', { skip: skip || (!fs.existsSync(path.join(SHARED, 'corpus')) && 'no corpus'), timeout: 120_000 }, () => {
  const inputs = [
    ...siteInputs('finews', ['_posts', 'old_post']),
    ...siteInputs('jekyllrb', ['_posts', '_docs']),
    ...siteInputs('ruby-lang', ['en/news/_posts', 'zh_cn/news/_posts', 'ja/news/_posts']),
  ];
  const r = compare(inputs);
  console.log(`kramdown-diff corpus: ${r.same}/${inputs.length} same text, ${r.idsSame}/${inputs.length} same ids`);
  const parted = [...new Set(r.diffs.map(d => d.slice(0, d.indexOf(': '))))].sort();
  const known = Object.keys(KNOWN).filter(k => inputs.some(i => i.name === k)).sort();
  if (parted.join() !== known.join() || process.env.KRAMDOWN_DIFF_SHOW) console.log(r.diffs.join('\n'));
  assert.deepEqual(parted, known);
});
