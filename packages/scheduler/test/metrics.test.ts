import { ManualClock } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';
import { StallingClock } from './skewed-clock.js';

async function value(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  // Histogram samples carry their own name (`_count`, `_sum`, `_bucket`) inside the metric's entry.
  const samples = (await registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((sample) => ({ ...sample, name: (sample as { metricName?: string }).metricName ?? metric.name })),
  );
  const sample = samples.find(
    (entry) =>
      entry.name === name &&
      Object.entries(labels).every(([key, wanted]) => (entry.labels as Record<string, unknown>)[key] === wanted),
  );
  return sample?.value;
}

describe('metrics', () => {
  it('counts runs by outcome, skips by reason, lag and runs in flight', async () => {
    const clock = new StallingClock(0);
    const registry = new Registry();
    const scheduler = new Scheduler({ clock, registry });
    let fail = false;
    scheduler.add({
      id: 'sync',
      every: '10s',
      run: () => {
        if (fail) throw new Error('boom');
      },
    });
    scheduler.add({ id: 'hang', every: '10s', run: () => new Promise(() => {}) });
    scheduler.start();

    await clock.advance(10_000);
    fail = true;
    clock.stall(25_000); // fires at 20 s real, 45 s seen: 20, 30 and 40 s due → 2 coalesced, lag 5 s; hang's coalesced fire is skipped as an overlap
    await clock.advance(10_000);

    expect(await value(registry, 'outrider_scheduler_runs_total', { job_id: 'sync', outcome: 'success' })).toBe(1);
    expect(await value(registry, 'outrider_scheduler_runs_total', { job_id: 'sync', outcome: 'failure' })).toBe(1);
    expect(await value(registry, 'outrider_scheduler_skips_total', { job_id: 'sync', reason: 'coalesced' })).toBe(2);
    expect(await value(registry, 'outrider_scheduler_skips_total', { job_id: 'hang', reason: 'overlap' })).toBe(1);
    expect(await value(registry, 'outrider_scheduler_running', { job_id: 'hang' })).toBe(1);
    expect(await value(registry, 'outrider_scheduler_running', { job_id: 'sync' })).toBe(0);
    expect(await value(registry, 'outrider_scheduler_lag_seconds_count')).toBe(3);
    expect(await value(registry, 'outrider_scheduler_lag_seconds_sum')).toBe(5);
    expect(await value(registry, 'outrider_scheduler_run_duration_seconds_count', { job_id: 'sync' })).toBe(2);
    await scheduler.stop(AbortSignal.abort());
  });

  it('several schedulers share one registry', async () => {
    const clock = new ManualClock(0);
    const registry = new Registry();
    const first = new Scheduler({ clock, registry, name: 'a' });
    const second = new Scheduler({ clock, registry, name: 'b' });
    first.add({ id: 'one', every: '1s', run: () => {} });
    second.add({ id: 'two', every: '1s', run: () => {} });
    first.start();
    second.start();

    await clock.advance(3_000);

    expect(await value(registry, 'outrider_scheduler_runs_total', { job_id: 'one' })).toBe(3);
    expect(await value(registry, 'outrider_scheduler_runs_total', { job_id: 'two' })).toBe(3);
    const text = await registry.metrics();
    expect(text).toContain('outrider_scheduler_running{job_id="one"} 0');
    expect(text).toContain('outrider_scheduler_running{job_id="two"} 0');
    await Promise.all([first.stop(), second.stop()]);
  });

  it('renders like prom-client, drops a removed job and resets with the registry', async () => {
    const clock = new ManualClock(0);
    const registry = new Registry();
    const scheduler = new Scheduler({ clock, registry });
    scheduler.add({ id: 'kept', every: '1s', run: () => {} });
    scheduler.add({ id: 'gone', every: '1s', run: () => {} });
    scheduler.start();
    await clock.advance(2_000);

    const text = await registry.metrics();
    expect(text).toContain('# TYPE outrider_scheduler_run_duration_seconds histogram');
    expect(text).toContain('outrider_scheduler_run_duration_seconds_bucket{le="0.01",job_id="kept"} 2');
    expect(text).toContain('outrider_scheduler_run_duration_seconds_bucket{le="+Inf",job_id="kept"} 2');
    expect(text).toContain('outrider_scheduler_runs_total{job_id="gone",outcome="success"} 2');
    expect(text).toContain('outrider_scheduler_lag_seconds_bucket{le="0.001"} 4');

    scheduler.remove('gone');
    expect(await registry.metrics()).not.toContain('job_id="gone"');
    registry.resetMetrics();
    expect(await value(registry, 'outrider_scheduler_runs_total', { job_id: 'kept', outcome: 'success' })).toBe(0);
    expect(await value(registry, 'outrider_scheduler_lag_seconds_count')).toBe(0);
    await scheduler.stop();
  });
});
