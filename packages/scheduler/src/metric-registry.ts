import type { Metric, Registry } from 'prom-client';

/**
 * The metric `name` in `registry`, created by `make` on first use: several schedulers or queues
 * may share one registry, and prom-client refuses a second registration of a name.
 */
export function metricIn<M extends Metric>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}
