import { isOutriderError } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counter, gauge, histogram } from '../src/index.js';

function nameError(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    expect(isOutriderError(error, 'OUTRIDER_METRIC_NAME_INVALID')).toBe(true);
    return error as Error;
  }
  throw new Error('expected OUTRIDER_METRIC_NAME_INVALID');
}

describe('metric naming rules', () => {
  it('accepts names that follow them', () => {
    const registry = new Registry();
    counter(registry, { name: 'shop_orders_total', help: 'Orders placed.', labelNames: ['region'] });
    gauge(registry, { name: 'shop_queue_depth', help: 'Orders waiting.' });
    gauge(registry, { name: 'shop_last_order_timestamp_seconds', help: 'When the last order came.' });
    histogram(registry, { name: 'shop_checkout_duration_seconds', help: 'Checkout time.', labelNames: ['step'] });
    histogram(registry, { name: 'shop_payload_bytes', help: 'Request size.' });
    expect(registry.getMetricsAsArray().map((metric) => metric.name)).toHaveLength(5);
  });

  it.each([
    ['shopOrdersTotal', 'snake_case'],
    ['shop__orders_total', 'snake_case'],
    ['shop_orders_total_', 'snake_case'],
    ['_shop_orders_total', 'snake_case'],
    ['shop:orders_total', 'snake_case'],
    ['shop_orders', 'end in _total (shop_orders_total)'],
    ['shop_latency_ms_total', 'base unit _seconds instead of _ms'],
    ['shop_download_kilobytes_total', 'base unit _bytes instead of _kilobytes'],
  ])('rejects counter %s (%s)', (name, rule) => {
    const error = nameError(() => counter(new Registry(), { name, help: 'x' }));
    expect(error.message).toContain(name);
    expect(error.message).toContain(rule);
  });

  it.each([
    ['shop_orders_total', 'only counters end in _total'],
    ['shop_cpu_percent', 'base unit _ratio instead of _percent'],
    ['shop_uptime_minutes', 'base unit _seconds instead of _minutes'],
    ['shop_orders_count', '_count is a series suffix'],
  ])('rejects gauge %s (%s)', (name, rule) => {
    expect(nameError(() => gauge(new Registry(), { name, help: 'x' })).message).toContain(rule);
  });

  it.each([
    ['shop_request_duration_milliseconds', 'base unit _seconds instead of _milliseconds'],
    ['shop_request_duration_seconds_bucket', '_bucket is a series suffix'],
    ['shop_request_duration_seconds_sum', '_sum is a series suffix'],
    ['shop_requests_total', 'only counters end in _total'],
  ])('rejects histogram %s (%s)', (name, rule) => {
    expect(nameError(() => histogram(new Registry(), { name, help: 'x' })).message).toContain(rule);
  });

  it('rejects label names that are not snake_case, repeated, or reserved', () => {
    const registry = new Registry();
    expect(
      nameError(() => counter(registry, { name: 'a_total', help: 'x', labelNames: ['statusCode'] })).message,
    ).toContain('label "statusCode" is not snake_case');
    expect(
      nameError(() => counter(registry, { name: 'a_total', help: 'x', labelNames: ['__name'] })).message,
    ).toContain('not snake_case');
    expect(nameError(() => gauge(registry, { name: 'a', help: 'x', labelNames: ['room', 'room'] })).message).toContain(
      'listed twice',
    );
    expect(
      nameError(() => histogram(registry, { name: 'a_seconds', help: 'x', labelNames: ['le'] })).message,
    ).toContain('reserved on a histogram');
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });
});
