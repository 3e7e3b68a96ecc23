// Jekyll's verdict for people: led by the reason, then what is lost, then what the page carries.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdictOf, verdictText } from '../../src/core/verdict';
import { check, GOOD_FM, post } from './helpers';

test('verdict: an abort says why, with Jekyll\'s own message, nothing cut', () => {
  const v = verdictOf(check('---\nlayout: post\ntitle: "一季度GDP数据解读"\ndate: 2022-05-32 09:00:00 +0800\ncategories: yangxingwangzhan\n---\n正文\n', '2022-05-31-impossible-date.md'));
  assert.match(v.headline, /aborts the whole build/);
  assert.match(v.why ?? '', /Jekyll aborts the build: "Invalid date '2022-05-32 09:00:00 \+0800'.*Write the date as/);
  assert.equal(v.jekyllSays, undefined, 'not twice: the reason quotes Jekyll already');
  const text = verdictText(v);
  assert.match(text, /Invalid date '2022-05-32/);
  assert.match(text, /title: 一季度GDP数据解读/);
  assert.ok(text.length > 200, 'the whole of it');
});

test('verdict: a skipped file says why and nothing about a date or categories it will never have', () => {
  const v = verdictOf(check(post(GOOD_FM), '202205311345000006.md'));
  assert.match(v.headline, /skips this file/);
  assert.match(v.why ?? '', /does not start with a date/);
  assert.deepEqual(v.details, []);
  assert.deepEqual(v.dropped, []);
});

test('verdict: published without its front matter, or not as written, says what is dropped', () => {
  const blank = verdictOf(check('\n' + post(GOOD_FM), '2022-05-31-blank-line-before.md'));
  assert.match(blank.headline, /reads no front matter/);
  assert.match(blank.why ?? '', /Jekyll sees no front matter/);
  assert.match(blank.dropped[0], /no layout, no title/);
  const offset = verdictOf(check(post(GOOD_FM.replace(' +0800', ''))));
  assert.equal(offset.headline, 'Jekyll publishes it, but not as written.');
  assert.ok(offset.dropped.some(d => /no UTC offset/.test(d)), offset.dropped.join('\n'));
  assert.ok(offset.details.some(([k, v]) => k === 'date' && v === '2022-05-31 17:15:00 +0800'), JSON.stringify(offset.details));
  const good = verdictOf(check(post(GOOD_FM)));
  assert.equal(good.headline, 'Jekyll publishes it as written.');
  assert.deepEqual(good.dropped, []);
});
