// Renaming a post: every post_url and link that names it follows, in posts, pages and includes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { referenceEdits, referrerCandidates, urlLinkEdits, urlNeedles, validPostName } from '../../src/core/rename';
import { writeSite } from './helpers';

const apply = (text: string, edits: { start: number; end: number; newText: string }[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((s, e) => s.slice(0, e.start) + e.newText + s.slice(e.end), text);

test('referenceEdits: post_url (with or without a folder) and link to the old post are rewritten; others, raw and comments left', () => {
  const text = [
    'A {% post_url 2022-05-31-old %} and {%- post_url news/2022-05-31-old -%}.',
    'B {% link _posts/2022-05-31-old.md %} and {% link /_posts/2022-05-31-old.md %}.',
    'C {% post_url 2022-05-31-older %} {% link _posts/2022-05-31-other.md %}',
    '```', 'D {% post_url 2022-05-31-old %}', '```',
    '{% raw %}{% post_url 2022-05-31-old %}{% endraw %} {% comment %}{% post_url 2022-05-31-old %}{% endcomment %}',
  ].join('\n');
  const out = apply(text, referenceEdits(text, '_posts/2022-05-31-old.md', '_posts/2022-05-31-new-name.md'));
  assert.equal(out, [
    'A {% post_url 2022-05-31-new-name %} and {%- post_url news/2022-05-31-new-name -%}.',
    'B {% link _posts/2022-05-31-new-name.md %} and {% link /_posts/2022-05-31-new-name.md %}.',
    'C {% post_url 2022-05-31-older %} {% link _posts/2022-05-31-other.md %}',
    '```', 'D {% post_url 2022-05-31-new-name %}', '```',
    '{% raw %}{% post_url 2022-05-31-old %}{% endraw %} {% comment %}{% post_url 2022-05-31-old %}{% endcomment %}',
  ].join('\n'));
  assert.deepEqual(referenceEdits('no tags here', '_posts/a.md', '_posts/b.md'), []);
});

test('referenceEdits: a post in a category folder (cat/_posts/) named with its folder', () => {
  const text = '{% post_url cat/2022-05-31-old %} {% post_url 2022-05-31-old %}';
  const out = apply(text, referenceEdits(text, 'cat/_posts/2022-05-31-old.md', 'cat/_posts/2022-06-01-new.md'));
  assert.equal(out, '{% post_url cat/2022-06-01-new %} {% post_url 2022-06-01-new %}');
});

test('referrerCandidates: the files of the site whose Liquid names posts; validPostName', () => {
  const dir = writeSite('rename', {
    '2022-05-31-old.md': '---\n---\nx\n',
    '2022-06-01-b.md': '---\n---\nsee {% post_url 2022-05-31-old %}\n',
  }, { 'about.md': '---\n---\n{% link _posts/2022-05-31-old.md %}\n', '_includes/x.html': 'plain' });
  assert.deepEqual(referrerCandidates(dir).map(f => path.relative(dir, f).split(path.sep).join('/')).sort(), ['_posts/2022-06-01-b.md', 'about.md']);
  assert.ok(validPostName('2022-05-31-a-b.md'));
  assert.ok(!validPostName('a-b.md'));
  assert.ok(!validPostName('2022-05-31-x/y.md'));
});

/** The text with the edits applied (from the end). */
const applied = (text: string, edits: Array<{ start: number; end: number; newText: string }>) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

test('urlLinkEdits: links written as the old URL follow it (root-relative, absolute, baseurl, escaped or not, without .html, query and fragment kept); others and code left', () => {
  const site = { url: 'https://news.example.org', baseurl: '/blog' };
  const oldUrl = '/news/2022/05/30/%E6%97%A7%E5%90%8D.html';
  const newUrl = '/news/2022/05/30/%E6%96%B0%E5%90%8D.html';
  const text = [
    '---', 'title: links', '---',
    '[a](/blog/news/2022/05/30/%E6%97%A7%E5%90%8D.html) and [b](/blog/news/2022/05/30/旧名.html#top)',
    '<a href="https://news.example.org/blog/news/2022/05/30/旧名.html?from=home">c</a>',
    '[d]({{ site.baseurl }}/news/2022/05/30/旧名)',
    '[e]: /blog/news/2022/05/30/旧名.html',
    '[not the post](/blog/news/2022/05/30/旧名2.html) [another host](https://elsewhere.org/blog/news/2022/05/30/旧名.html)',
    '[outside the baseurl](/news/2022/05/30/旧名.html)',
    '`[in code](/blog/news/2022/05/30/旧名.html)`',
    '',
  ].join('\n');
  const out = applied(text, urlLinkEdits(text, oldUrl, newUrl, site));
  assert.equal(out, text
    .replace('[a](/blog/news/2022/05/30/%E6%97%A7%E5%90%8D.html)', '[a](/blog/news/2022/05/30/%E6%96%B0%E5%90%8D.html)')
    .replace('[b](/blog/news/2022/05/30/旧名.html#top)', '[b](/blog/news/2022/05/30/新名.html#top)')
    .replace('https://news.example.org/blog/news/2022/05/30/旧名.html?from=home', 'https://news.example.org/blog/news/2022/05/30/新名.html?from=home')
    .replace('{{ site.baseurl }}/news/2022/05/30/旧名)', '{{ site.baseurl }}/news/2022/05/30/新名)')
    .replace('[e]: /blog/news/2022/05/30/旧名.html', '[e]: /blog/news/2022/05/30/新名.html'));
  // the same URL: nothing; a text that does not mention it: nothing
  assert.deepEqual(urlLinkEdits(text, oldUrl, oldUrl, site), []);
  assert.deepEqual(urlLinkEdits('---\ntitle: x\n---\n[x](/blog/other.html)\n', oldUrl, newUrl, site), []);
  assert.deepEqual(urlNeedles(oldUrl), ['%E6%97%A7%E5%90%8D', '旧名']);
  // a pretty URL (/x/): written with or without its last slash
  const pretty = '---\n---\n[p](/2022/05/30/old/) [q](/2022/05/30/old)\n';
  assert.equal(applied(pretty, urlLinkEdits(pretty, '/2022/05/30/old/', '/2022/05/30/new/', {})), '---\n---\n[p](/2022/05/30/new/) [q](/2022/05/30/new)\n');
});
