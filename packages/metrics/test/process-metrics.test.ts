import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { collectProcessMetrics, createRegistry } from '../src/index.js';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = promtool.error !== undefined || promtool.status !== 0;
if (missing)
  console.warn('promtool not found: skipping `promtool check metrics` (apt-get install prometheus to run it)');

describe('collectProcessMetrics', () => {
  it('registers CPU, memory, event-loop delay, GC and handles, without the gauges named _total', () => {
    const registry = new Registry();
    collectProcessMetrics(registry);
    const names = registry.getMetricsAsArray().map((metric) => metric.name);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_gc_duration_seconds',
      'nodejs_active_handles',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.filter((name) => name.startsWith('nodejs_active_') && name.endsWith('_total'))).toEqual([]);
  });

  it('drops the misnamed gauges under a prefix too (createRegistry uses it)', () => {
    const names = createRegistry({ prefix: 'shop_' })
      .getMetricsAsArray()
      .map((metric) => metric.name);
    expect(names).toContain('shop_nodejs_active_handles');
    expect(names).not.toContain('shop_nodejs_active_handles_total');
  });

  it.skipIf(missing)('passes promtool check metrics', async () => {
    const registry = new Registry();
    collectProcessMetrics(registry);
    const result = spawnSync('promtool', ['check', 'metrics'], { input: await registry.metrics(), encoding: 'utf8' });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
  });
});
