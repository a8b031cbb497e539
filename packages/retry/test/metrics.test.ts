import { ManualClock, sleep } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../src/index.js';
import { drive, flaky } from './drive.js';

async function counts(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('outrider_retry_attempts_total')?.get();
  return Object.fromEntries(
    (metric?.values ?? []).map((sample) => [`${sample.labels.operation}/${sample.labels.outcome}`, sample.value]),
  );
}

describe('outrider_retry_attempts_total', () => {
  it('counts each attempt once by how it ended, across calls sharing a registry', async () => {
    const clock = new ManualClock();
    const registry = new Registry();
    const options = { registry, clock, minDelay: 1, retries: 2 };
    await drive(clock, withRetry(flaky(1, 'ok').fn, { ...options, operation: 'a' }));
    await drive(clock, withRetry(flaky(9, 'ok').fn, { ...options, operation: 'a' }));
    await drive(
      clock,
      withRetry(flaky(9, 'ok', () => new RangeError('bad')).fn, { ...options, operation: 'b', retryOn: [TypeError] }),
    );
    await drive(
      clock,
      withRetry(() => sleep(clock, 10_000), { ...options, operation: 'c', deadline: 500 }),
    );
    const controller = new AbortController();
    const aborted = withRetry(() => sleep(clock, 10_000), { ...options, operation: 'd', signal: controller.signal });
    controller.abort();
    await aborted.catch(() => {});

    expect(await counts(registry)).toEqual({
      'a/success': 1,
      'a/retry': 3,
      'a/exhausted': 1,
      'b/not_retryable': 1,
      'c/deadline': 1,
      'd/aborted': 1,
    });
  });

  it('reports nothing without a registry', async () => {
    const registry = new Registry();
    await withRetry(() => 1);
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });
});
