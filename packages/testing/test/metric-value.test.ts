import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricValue } from '../src/index.js';

describe('metricValue', () => {
  it('reads a series by name and a subset of its labels, histogram series included', async () => {
    const registry = new Registry();
    const runs = new Counter({
      name: 'runs_total',
      help: 'h',
      labelNames: ['job_id', 'outcome'],
      registers: [registry],
    });
    runs.inc({ job_id: 'a', outcome: 'success' }, 2);
    runs.inc({ job_id: 'b', outcome: 'failure' });
    new Histogram({ name: 'run_seconds', help: 'h', buckets: [1], registers: [registry] }).observe(0.5);

    expect(await metricValue(registry, 'runs_total', { job_id: 'b' })).toBe(1);
    expect(await metricValue(registry, 'runs_total', { job_id: 'a', outcome: 'success' })).toBe(2);
    expect(await metricValue(registry, 'run_seconds_count')).toBe(1);
    expect(await metricValue(registry, 'runs_total', { job_id: 'c' })).toBeUndefined();
    expect(await metricValue(registry, 'missing_total')).toBeUndefined();
  });
});
