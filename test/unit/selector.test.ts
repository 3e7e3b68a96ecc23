// The CSS selector subset of user strip rules, matched on htmlparser2 trees.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSelector, matches, SelectorError } from '../../src/core/selector';
import { HElement } from '../../src/core/htmlTree';
import { elementsOf } from './helpers';

const DOC = '<div id="main" class="article body"><p class="lead">导语<a class="keytip" href="http://quote.eastmoney.com/unify/r/1.600999" data-code="1,600999">某某股份</a></p>'
  + '<p></p><p lang="zh-CN">正文<span id="stock_1.600999"><a class="keytip">甲</a></span></p><ul><li>一</li><li>二</li></ul></div><section><p class="em_media">（文章来源：某报）</p></section>';

function select(sel: string, html = DOC): string[] {
  const s = parseSelector(sel);
  return elementsOf(html).filter(el => matches(el, s)).map(describe);
}

function describe(el: HElement): string {
  return el.name + (el.attrs.id ? '#' + el.attrs.id : '') + (el.attrs.class ? '.' + el.attrs.class.split(' ').join('.') : '');
}

test('type, universal, id, class and lists', () => {
  assert.deepEqual(select('section'), ['section']);
  assert.deepEqual(select('#main'), ['div#main.article.body']);
  assert.deepEqual(select('.article.body'), ['div#main.article.body']);
  assert.deepEqual(select('P.LEAD'), []); // class names are case-sensitive
  assert.deepEqual(select('P.lead'), ['p.lead']); // tag names are not
  assert.deepEqual(select('li, .em_media'), ['li', 'li', 'p.em_media']);
  assert.equal(select('*').length, 12);
});

test('attribute selectors with every operator and the i flag', () => {
  assert.deepEqual(select('a[data-code]'), ['a.keytip']);
  assert.deepEqual(select('[data-code="1,600999"]'), ['a.keytip']);
  assert.deepEqual(select('[class~=body]'), ['div#main.article.body']);
  assert.deepEqual(select('[lang|=zh]'), ['p']);
  assert.deepEqual(select('a[href^="http://quote."]'), ['a.keytip']);
  assert.deepEqual(select('[id$=".600999"]'), ['span#stock_1.600999']);
  assert.deepEqual(select("[href*='EASTMONEY' i]"), ['a.keytip']);
  assert.deepEqual(select('[href*=EASTMONEY]'), []);
});

test('combinators: descendant, child, adjacent and general siblings', () => {
  assert.deepEqual(select('div a.keytip'), ['a.keytip', 'a.keytip']);
  assert.deepEqual(select('p > a.keytip'), ['a.keytip']);
  assert.deepEqual(select('p.lead + p'), ['p']);
  assert.deepEqual(select('p.lead ~ ul > li'), ['li', 'li']);
  assert.deepEqual(select('section > p, div > ul'), ['ul', 'p.em_media']);
});

test('pseudo-classes: :not, :has (relative), :empty, :first-child, :last-child, :only-child', () => {
  assert.deepEqual(select('p:not(.lead):not(.em_media)'), ['p', 'p']);
  assert.deepEqual(select('span:has(> a.keytip)'), ['span#stock_1.600999']);
  assert.deepEqual(select('p:has(a.keytip)'), ['p.lead', 'p']);
  assert.deepEqual(select('p:has(+ p:empty)'), ['p.lead']);
  assert.deepEqual(select('p:empty'), ['p']);
  assert.deepEqual(select('li:first-child'), ['li']);
  assert.deepEqual(select('ul :last-child'), ['li']);
  assert.deepEqual(select('section :only-child'), ['p.em_media']);
});

test('errors say what is wrong and where', () => {
  for (const [sel, msg] of [['', /empty selector/], ['p:hover', /unsupported pseudo-class ':hover'/], ['p[', /expected a name/],
    ['a >', /expected a selector/], ['p,,', /expected a selector/], ['div)', /unexpected '\)'/], ['[a="x]', /expected '"'/]] as const) {
    assert.throws(() => parseSelector(sel), (e: unknown) => e instanceof SelectorError && msg.test(e.message), sel);
  }
});
