import { isOutriderError } from '@outrider/core';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counter, gauge, histogram } from '../src/index.js';

function conflict(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    expect(isOutriderError(error, 'OUTRIDER_METRIC_CONFLICT')).toBe(true);
    return error as Error;
  }
  throw new Error('expected OUTRIDER_METRIC_CONFLICT');
}

describe('get-or-create', () => {
  it('returns the registered metric when the same definition comes again', async () => {
    const registry = new Registry();
    const first = counter(registry, { name: 'jobs_done_total', help: 'Jobs done.', labelNames: ['queue'] });
    const second = counter(registry, { name: 'jobs_done_total', help: 'Jobs done.', labelNames: ['queue'] });
    expect(second).toBe(first);
    first.inc({ queue: 'mail' });
    second.inc({ queue: 'mail' }, 2);
    expect((await first.get()).values).toEqual([{ value: 3, labels: { queue: 'mail' } }]);
    expect(histogram(registry, { name: 'job_seconds', help: 'x' })).toBe(
      histogram(registry, { name: 'job_seconds', help: 'x' }),
    );
    expect(gauge(registry, { name: 'jobs_waiting', help: 'x' })).toBe(
      gauge(registry, { name: 'jobs_waiting', help: 'x' }),
    );
  });

  it('finds a metric that was registered with prom-client directly', () => {
    const registry = new Registry();
    const raw = new Counter({ name: 'raw_total', help: 'x', labelNames: ['a'], registers: [registry] });
    expect(counter(registry, { name: 'raw_total', help: 'x', labelNames: ['a'] })).toBe(raw);
  });

  it('keeps registries apart', () => {
    const one = new Registry();
    const two = new Registry();
    expect(counter(one, { name: 'x_total', help: 'x' })).not.toBe(counter(two, { name: 'x_total', help: 'x' }));
  });

  it('refuses the same name with another type', () => {
    const registry = new Registry();
    gauge(registry, { name: 'queue_depth', help: 'x', labelNames: ['queue'] });
    const error = conflict(() => histogram(registry, { name: 'queue_depth', help: 'x', labelNames: ['queue'] }));
    expect(error.message).toBe(
      'metric "queue_depth" is already registered as a gauge with labels [queue]; asked for a histogram with labels [queue]',
    );
  });

  it('refuses the same name with other labels, in another order too', () => {
    const registry = new Registry();
    counter(registry, { name: 'hits_total', help: 'x', labelNames: ['cache', 'result'] });
    expect(
      conflict(() => counter(registry, { name: 'hits_total', help: 'x', labelNames: ['cache'] })).message,
    ).toContain('asked for a counter with labels [cache]');
    conflict(() => counter(registry, { name: 'hits_total', help: 'x', labelNames: ['result', 'cache'] }));
    conflict(() => counter(registry, { name: 'hits_total', help: 'x' }));
  });

  it('passes prom-client options through (buckets, collect)', async () => {
    const registry = new Registry();
    let depth = 0;
    gauge(registry, {
      name: 'pulled_depth',
      help: 'Read at scrape time.',
      collect() {
        this.set(depth);
      },
    });
    histogram(registry, { name: 'sized_bytes', help: 'x', buckets: [10, 100] }).observe(50);
    depth = 7;
    const text = await registry.metrics();
    expect(text).toContain('pulled_depth 7');
    expect(text).toContain('sized_bytes_bucket{le="100"} 1');
    expect(text).toContain('sized_bytes_bucket{le="10"} 0');
  });
});
