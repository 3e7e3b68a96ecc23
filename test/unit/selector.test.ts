// The CSS selectors of user strip rules, matched with css-select over our tree (htmlTree.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSelector, SelectorError } from '../../src/core/selector';
import { HElement, groupNode, parseHtml } from '../../src/core/htmlTree';
import { elementsOf } from './helpers';

const DOC = '<div id="main" class="article body"><p class="lead">导语<a class="keytip" href="http://quote.eastmoney.com/unify/r/1.600999" data-code="1,600999">某某股份</a></p>'
  + '<p></p><p lang="zh-CN">正文<span id="stock_1.600999"><a class="keytip">甲</a></span></p><ul><li>一</li><li>二</li></ul></div><section><p class="em_media">（文章来源：某报）</p></section>';

function select(sel: string, html = DOC): string[] {
  const s = parseSelector(sel);
  return elementsOf(html).filter(el => s(el)).map(describe);
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

test('more of CSS through css-select: :is, :nth-child, :nth-of-type, :first-of-type, :contains', () => {
  assert.deepEqual(select('li:nth-child(2)'), ['li']);
  assert.deepEqual(select(':is(section, ul) > :first-child'), ['li', 'p.em_media']);
  assert.deepEqual(select('div > p:nth-of-type(2)'), ['p']);
  assert.deepEqual(select('p:contains(文章来源)'), ['p.em_media']);
});

test('comment-marker groups are transparent: what they hold is still a descendant, and its parent is the element', () => {
  const html = '<div class="x"><!-- S --><p><img src="k.png"></p><!-- E --></div>';
  const root = parseHtml(html);
  const div = root.children[0] as HElement;
  const run = div.children.slice(0, 3);
  const group = groupNode(run, div, run[0].start, run[2].end);
  for (const n of run) n.parent = group;
  div.children = [group];
  const p = run[1] as HElement;
  assert.equal(parseSelector('div:has(img)')(div), true);
  assert.equal(parseSelector('div.x > p')(p), true);
  assert.equal(parseSelector('p:only-child')(p), true);
});

test('errors say what is wrong', () => {
  for (const [sel, msg] of [['', /empty selector/], ['p:hovr', /invalid selector 'p:hovr': Unknown pseudo-class :hovr/], ['p[', /invalid selector/],
    ['a >', /invalid selector/], ['p,,', /invalid selector/], ['div)', /invalid selector 'div\)'/], ['[a="x]', /invalid selector/], ['p::before', /Pseudo-elements/]] as const) {
    assert.throws(() => parseSelector(sel), (e: unknown) => e instanceof SelectorError && msg.test(e.message), sel);
  }
});
