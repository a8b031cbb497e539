import { assertDefaultLabels, assertPrefix } from './metric-names.js';
import { collectProcessMetrics } from './process-metrics.js';
import { Registry } from './prom-client.js';

export interface RegistryOptions {
  /** Prefix of the process metrics (`shop_` → `shop_process_cpu_seconds_total`). Default none. */
  prefix?: string;
  /** Labels on every series of the registry, e.g. `{ service: 'shop' }`. */
  defaultLabels?: Record<string, string>;
  /** Registers the process and Node.js metrics of `collectProcessMetrics` (CPU, memory, event-loop delay, GC). Default true. */
  defaultMetrics?: boolean;
}

/** A prom-client registry for a service that prefers to be scraped, checked against Outrider's naming rules. */
export function createRegistry(options: RegistryOptions = {}): Registry {
  if (options.prefix !== undefined) assertPrefix(options.prefix);
  const registry = new Registry();
  if (options.defaultLabels !== undefined) {
    assertDefaultLabels(options.defaultLabels);
    registry.setDefaultLabels(options.defaultLabels);
  }
  if (options.defaultMetrics ?? true) {
    collectProcessMetrics(registry, options.prefix === undefined ? {} : { prefix: options.prefix });
  }
  return registry;
}
