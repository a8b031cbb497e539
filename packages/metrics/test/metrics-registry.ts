import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

/**
 * A registry with every metric type, labels needing escapes, and the special values. Built the
 * same way twice when two registries must hold equal data (prom-client's OpenMetrics output
 * renames counters in place, so one set of metric objects cannot serve both formats).
 */
export function richRegistry(
  options: { contentType?: string; withNaN?: boolean; defaultLabels?: Record<string, string> } = {},
): Registry {
  const registry = new Registry();
  if (options.contentType) registry.setContentType(options.contentType as never);
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  const registers = [registry];
  const requests = new Counter({
    name: 'app_requests_total',
    help: 'Requests served, by "method" and path \\ with a\nsecond line.',
    labelNames: ['method', 'path'],
    registers,
  });
  requests.inc({ method: 'GET', path: '/a"b\\c\nd' }, 3);
  requests.inc({ method: 'POST', path: '' });
  requests.inc({ method: 'GET', path: '/ü/日本' }, 0.5);
  const restarts = new Counter({ name: 'app_restarts_total', help: 'Restarts.', registers });
  restarts.inc(2);
  const temperature = new Gauge({
    name: 'app_temperature_celsius',
    help: 'Temperature.',
    labelNames: ['zone'],
    registers,
  });
  temperature.set({ zone: 'hot' }, Number.POSITIVE_INFINITY);
  temperature.set({ zone: 'cold' }, Number.NEGATIVE_INFINITY);
  temperature.set({ zone: 'tiny' }, 1e-7);
  temperature.set({ zone: 'huge' }, 1e21);
  temperature.set({ zone: 'minus' }, -1.5);
  if (options.withNaN) temperature.set({ zone: 'unknown' }, Number.NaN);
  new Gauge({
    name: 'app_queue_depth',
    help: 'Collected at scrape time.',
    registers,
    async collect() {
      await Promise.resolve();
      this.set(17);
    },
  });
  const latency = new Histogram({
    name: 'app_latency_seconds',
    help: 'Latency.',
    labelNames: ['route', 'code'],
    buckets: [0.01, 0.1, 1, 10],
    registers,
  });
  for (const [route, value] of [
    ['/x', 0.005],
    ['/x', 0.5],
    ['/y', 20],
    ['/x', 0.05],
  ] as const) {
    latency.observe({ route, code: '200' }, value);
  }
  const plain = new Histogram({ name: 'app_batch_size_items', help: 'Batch sizes.', buckets: [1, 5], registers });
  plain.observe(3);
  const sizes = new Summary({
    name: 'app_payload_bytes',
    help: 'Payload sizes.',
    labelNames: ['kind'],
    percentiles: [0.5, 0.9, 0.99],
    registers,
  });
  for (let i = 1; i <= 100; i++) sizes.observe({ kind: i % 2 === 0 ? 'even' : 'odd' }, i);
  new Counter({
    name: 'app_never_total',
    help: 'A counter never incremented, with labels.',
    labelNames: ['x'],
    registers,
  });
  return registry;
}
