import type { Registry } from 'prom-client';
import { collectDefaultMetrics } from './prom-client.js';

export interface ProcessMetricsOptions {
  /** Prefix of the metric names (`shop_` → `shop_process_cpu_seconds_total`). Default none. */
  prefix?: string;
}

/** prom-client names these gauges `_total`, which promtool rejects; the same numbers by type stay. */
const MISNAMED_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * prom-client's process and Node.js metrics (CPU, memory, event-loop delay, GC, handles, heap
 * spaces) on `registry`, without the three gauges named like counters, so `promtool check
 * metrics` passes. `nodejs_active_handles{type}` and the like carry what those did.
 */
export function collectProcessMetrics(registry: Registry, options: ProcessMetricsOptions = {}): void {
  const prefix = options.prefix ?? '';
  collectDefaultMetrics({ register: registry, ...(prefix === '' ? {} : { prefix }) });
  for (const name of MISNAMED_GAUGES) registry.removeSingleMetric(`${prefix}${name}`);
}
