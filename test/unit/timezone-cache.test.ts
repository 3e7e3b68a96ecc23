// The zone offsets cached by UTC day (src/core/timezone.ts) give what Intl gives at every 15-minute slot, across
// daylight-saving transitions, including a 30-minute one and a zone without transitions.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { offsetMinutes } from '../../src/core/timezone';

function intlOffset(epochMs: number, tz: string): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(epochMs))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - epochMs) / 60000);
}

test('offsets by day agree with Intl slot by slot around transitions', () => {
  const cases: Array<[string, string]> = [
    ['America/New_York', '2024-03-09'], ['America/New_York', '2024-11-02'],
    ['Europe/Berlin', '2024-03-30'], ['Australia/Lord_Howe', '2024-04-06'], ['Australia/Lord_Howe', '2024-10-05'],
    ['Asia/Shanghai', '2024-06-29'],
  ];
  let transitions = 0;
  for (const [tz, start] of cases) {
    const t0 = Date.parse(`${start}T00:00:00Z`);
    let prev: number | undefined;
    // three days, every 15 minutes, and a few instants inside slots
    for (let t = t0; t < t0 + 3 * 86_400_000; t += 15 * 60_000) {
      for (const at of [t, t + 7 * 60_000 + 13_000]) assert.equal(offsetMinutes(at, tz), intlOffset(t, tz), `${tz} at ${new Date(at).toISOString()}`);
      const o = offsetMinutes(t, tz);
      if (prev !== undefined && o !== prev) transitions++;
      prev = o;
    }
  }
  assert.equal(transitions, 5, 'the five DST transitions were crossed');
});
