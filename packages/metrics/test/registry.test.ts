import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { counter, createRegistry } from '../src/index.js';

describe('createRegistry', () => {
  it('registers the process metrics under the prefix, with the default labels', async () => {
    const registry = createRegistry({ prefix: 'shop_', defaultLabels: { service: 'shop' } });
    counter(registry, { name: 'shop_orders_total', help: 'Orders placed.' }).inc();
    const text = await registry.metrics();
    expect(text).toMatch(/^shop_process_cpu_seconds_total\{service="shop"\} [\d.e-]+$/m);
    expect(text).toMatch(/^shop_nodejs_eventloop_lag_seconds\{service="shop"\}/m);
    expect(text).toContain('shop_orders_total{service="shop"} 1');
  });

  it('leaves the process metrics out when asked', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    expect(registry.getMetricsAsArray()).toHaveLength(0);
    expect(await registry.metrics()).toBe('\n');
  });

  it('registers process metrics without a prefix by default', () => {
    const names = createRegistry()
      .getMetricsAsArray()
      .map((metric) => metric.name);
    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('nodejs_heap_size_used_bytes');
  });

  it.each([['Shop_'], ['shop'], ['shop__'], ['1shop_']])('rejects the prefix %j', (prefix) => {
    expect(() => createRegistry({ prefix })).toThrow(expect.objectContaining({ code: 'OUTRIDER_METRIC_NAME_INVALID' }));
  });

  it('rejects default label names that are not snake_case', () => {
    let caught: unknown;
    try {
      createRegistry({ defaultLabels: { 'service-name': 'shop' } });
    } catch (error) {
      caught = error;
    }
    expect(isOutriderError(caught, 'OUTRIDER_METRIC_NAME_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('service-name');
  });
});
