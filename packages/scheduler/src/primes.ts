import { type Duration, parseDuration } from '@outrider/core';

function isPrime(value: number): boolean {
  if (value < 2) return false;
  for (let divisor = 2; divisor * divisor <= value; divisor++) if (value % divisor === 0) return false;
  return true;
}

/**
 * The smallest whole prime number of seconds at or above `period` (5 min → 307 s,
 * 30 s → 31 s). Jobs on prime periods rarely fire on the same second as each other or as the
 * round-minute jobs of everyone else.
 */
export function primePeriod(period: Duration): number {
  let seconds = Math.max(2, Math.ceil(parseDuration(period, 'period') / 1000));
  while (!isPrime(seconds)) seconds++;
  return seconds * 1000;
}

/**
 * `count` distinct prime periods in ms from `primePeriod(period)` upwards, e.g.
 * `primeSpread('30s', 3)` → `[31000, 37000, 41000]`. Distinct primes are pairwise coprime, so two
 * of these jobs fire in the same second only once per product of their periods.
 */
export function primeSpread(period: Duration, count: number): number[] {
  const periods: number[] = [];
  let seconds = primePeriod(period) / 1000;
  while (periods.length < count) {
    if (isPrime(seconds)) periods.push(seconds * 1000);
    seconds++;
  }
  return periods;
}

/** `ms` plus a uniform random delay in [0, `maxJitter`): the jitter a job's `jitter` option applies per fire. */
export function withJitter(ms: number, maxJitter: Duration, random: () => number = Math.random): number {
  return ms + Math.floor(random() * parseDuration(maxJitter, 'jitter'));
}
