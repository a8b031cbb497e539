import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { primePeriod, primeSpread, Scheduler, withJitter } from '../src/index.js';

describe('spreading jobs', () => {
  it('jitter delays each fire by random × jitter, on the unjittered grid', async () => {
    const clock = new ManualClock(0);
    const randoms = [0.5, 0.1, 0.9];
    const scheduler = new Scheduler({ clock, random: () => randoms.shift() ?? 0 });
    const scheduled: number[] = [];
    const started: number[] = [];
    scheduler.add({
      id: 'spread',
      every: '10s',
      jitter: '2s',
      run: (ctx) => {
        scheduled.push(ctx.scheduledAt);
        started.push(clock.now());
      },
    });
    scheduler.start();

    await clock.advance(30_000);

    expect(scheduled).toEqual([11_000, 20_200, 31_800].filter((time) => time <= 30_000));
    expect(started).toEqual(scheduled);
    await scheduler.stop();
  });

  it('primePeriod rounds up to a prime number of seconds: 30 s → 31 s, 5 min → 307 s', () => {
    expect(primePeriod('30s')).toBe(31_000);
    expect(primePeriod('5m')).toBe(307_000);
    expect(primePeriod('1m')).toBe(61_000);
    expect(primePeriod(29_000)).toBe(29_000);
  });

  it('primeSpread gives distinct prime periods, pairwise coprime', () => {
    const periods = primeSpread('30s', 4);
    expect(periods).toEqual([31_000, 37_000, 41_000, 43_000]);
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    for (const a of periods) for (const b of periods) if (a !== b) expect(gcd(a / 1000, b / 1000)).toBe(1);
  });

  it('withJitter adds up to the given amount', () => {
    expect(withJitter(1_000, '1s', () => 0)).toBe(1_000);
    expect(withJitter(1_000, 500, () => 0.999)).toBe(1_499);
  });
});
