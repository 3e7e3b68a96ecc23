// The preview and the source strip on the real corpus (../shared/corpus/finews; skipped when absent):
// every post renders, no ad markup is left, the source line stays, the source strip only deletes, keeps the
// front matter, and the cleaned source renders exactly as the preview showed the original.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { corpusPosts, corpusPresent } from './helpers';
import { renderPost, bodyRange, bodyKindOf } from '../../src/core/render';
import { stripSource, applyEdits } from '../../src/core/stripSource';
import { buildRules, BUILTIN_RULE_IDS } from '../../src/core/stripRules';
import { parseHtml, textOf } from '../../src/core/htmlTree';

const present = corpusPresent;
const posts = corpusPosts();
const NO_RULES = buildRules([], BUILTIN_RULE_IDS).rules;
const AD = /keytip|em_stock_key_common|infokey|EM_StockImg|webquoteklinepic|EmImageRemark|display:none|id="(?:bk)?quote_/;

test('corpus: every post renders with its ad markup stripped and its source line kept', { skip: !present && 'corpus not present' }, () => {
  let html = 0;
  let charts = 0;
  for (const file of posts) {
    const text = fs.readFileSync(file, 'utf8');
    const r = renderPost(text, { kind: bodyKindOf(file) });
    const out = r.blocks.join('');
    assert.doesNotMatch(out, AD, file);
    const media = /<p class="em_media">([\s\S]*?)<\/p>/.exec(text);
    if (media) {
      html++;
      // the source name, with any keytip span inside it unwrapped, is in the preview
      const name = textOf(parseHtml(media[1]));
      assert.ok(textOf(parseHtml(out)).includes(name), `${file}: ${name}`);
      assert.match(name, /^（文章来源：.+）$/);
    }
    const expectCharts = (text.match(/<!-- EM_StockImg_Start -->/g) ?? []).length;
    charts += expectCharts;
    assert.equal(r.counts.find(c => c.rule === 'stock-chart')?.count ?? 0, expectCharts, file);
  }
  assert.ok(html >= 10, `HTML posts seen: ${html}`);
  assert.ok(charts >= 5, `K-line blocks seen: ${charts}`);
});

test('corpus: the source strip deletes only ad markup and the result renders as the preview did', { skip: !present && 'corpus not present' }, () => {
  let stripped = 0;
  for (const file of posts) {
    const text = fs.readFileSync(file, 'utf8');
    const kind = bodyKindOf(file);
    const r = stripSource(text, { kind });
    const out = applyEdits(text, r.edits);
    const { start } = bodyRange(text);
    assert.equal(out.slice(0, start), text.slice(0, start), `${file}: front matter`);
    for (const e of r.edits) assert.equal(e.newText, '');
    const preview = renderPost(text, { kind, anchors: false });
    assert.equal(r.summary, preview.summary, file);
    assert.equal(renderPost(out, { kind, anchors: false, rules: NO_RULES }).blocks.join(''), preview.blocks.join(''), file);
    assert.deepEqual(stripSource(out, { kind }).edits, [], `${file}: stripping twice`);
    if (r.total) stripped++;
  }
  assert.ok(stripped >= 8, `posts with something stripped: ${stripped}`);
});
