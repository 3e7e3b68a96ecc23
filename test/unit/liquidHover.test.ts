// What a {{ … }} renders, for the hover: the body run as Jekyll's Liquid with the site's _config.yml and _data/.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPost } from '../../src/core/check';
import { loadSite } from '../../src/core/site';
import { liquidAt } from '../../src/core/liquidHover';
import { NOW } from './helpers';

test('liquidAt: what each output prints, nothing, a branch not taken, and what only the build knows', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liquid-hover-'));
  try {
    fs.writeFileSync(path.join(dir, '_config.yml'), 'title: 财经快讯\ntimezone: Asia/Shanghai\n');
    fs.mkdirSync(path.join(dir, '_data'));
    fs.writeFileSync(path.join(dir, '_data/releases.yml'), '- version: 2.1.0\n  url: https://example.org/2.1.0\n');
    fs.mkdirSync(path.join(dir, '_posts'));
    const file = path.join(dir, '_posts/2022-06-03-a.md');
    const text = '---\ntitle: 沪指收涨\ndate: 2022-06-03 15:05:00 +0800\n---\n' +
      '{% assign r = site.data.releases | where: "version", "2.1.0" | first %}{{ r.url }} {{ page.title | append: "！" }} ' +
      '{{ 涨幅 }} {% if false %}{{ site.title }}{% endif %} {{ site.posts.size }} {{ page.date | date: "%Y-%m-%d %H:%M" }}\n';
    const site = loadSite(dir);
    const result = checkPost({ text, path: file, site }, { now: NOW });
    const at = (s: string) => liquidAt(text, text.indexOf(s) + 2, file, site, result, NOW)!;
    assert.equal(at('{{ r.url }}').printed, 'https://example.org/2.1.0');
    assert.equal(at('{{ page.title |').printed, '沪指收涨！');
    assert.equal(at('{{ 涨幅 }}').printed, '');
    assert.equal(at('{{ site.title }}').printed, undefined, 'in a branch not taken');
    assert.deepEqual([at('{{ site.posts.size }}').partly, at('{{ site.posts.size }}').printed], [true, '…']);
    assert.equal(at('{{ page.date').printed, '2022-06-03 15:05');
    assert.equal(liquidAt(text, text.indexOf('沪指'), file, site, result, NOW), undefined, 'not in Liquid');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
