import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration, Metric, Registry } from 'prom-client';
import { metricsErrors } from './error-codes.js';
import { assertLabelNames, assertMetricName, type MetricType } from './metric-names.js';
import { Counter, Gauge, Histogram } from './prom-client.js';

/** A prom-client configuration without `registers`: the helpers register on the registry they are given. */
export type CounterOptions<L extends string> = Omit<CounterConfiguration<L>, 'registers'>;
export type GaugeOptions<L extends string> = Omit<GaugeConfiguration<L>, 'registers'>;
export type HistogramOptions<L extends string> = Omit<HistogramConfiguration<L>, 'registers'>;

/** What prom-client keeps on every metric at run time but leaves out of its `Metric` type. */
interface MetricShape {
  readonly type: string;
  readonly labelNames: readonly string[];
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

/**
 * The metric `options.name` on `registry`: created on first use, the same instance afterwards.
 * Several caches, queues or schedulers may share one registry, and prom-client refuses a second
 * registration of a name; a second definition that differs in type or labels is an error.
 */
function getOrCreate<M extends Metric>(
  registry: Registry,
  type: MetricType,
  options: { name: string; labelNames?: readonly string[] },
  create: () => M,
): M {
  const labelNames = options.labelNames ?? [];
  const existing = registry.getSingleMetric(options.name) as (M & MetricShape) | undefined;
  if (existing === undefined) {
    // Checked once, at creation: later lookups are a map read and a label comparison.
    assertMetricName(type, options.name);
    assertLabelNames(type, options.name, labelNames);
    return create();
  }
  if (existing.type !== type || !sameLabels(existing.labelNames, labelNames)) {
    throw metricsErrors.create(
      'OUTRIDER_METRIC_CONFLICT',
      `metric "${options.name}" is already registered as a ${existing.type} with labels [${existing.labelNames.join(', ')}]; ` +
        `asked for a ${type} with labels [${labelNames.join(', ')}]`,
      {
        details: {
          metric: options.name,
          registered: { type: existing.type, labelNames: [...existing.labelNames] },
          requested: { type, labelNames: [...labelNames] },
        },
      },
    );
  }
  return existing;
}

/** Gets or creates a counter; its name must end in `_total`. */
export function counter<L extends string = string>(registry: Registry, options: CounterOptions<L>): Counter<L> {
  return getOrCreate(registry, 'counter', options, () => new Counter({ ...options, registers: [registry] }));
}

/** Gets or creates a gauge. */
export function gauge<L extends string = string>(registry: Registry, options: GaugeOptions<L>): Gauge<L> {
  return getOrCreate(registry, 'gauge', options, () => new Gauge({ ...options, registers: [registry] }));
}

/** Gets or creates a histogram; durations are observed in seconds (`_seconds`), sizes in bytes. */
export function histogram<L extends string = string>(registry: Registry, options: HistogramOptions<L>): Histogram<L> {
  return getOrCreate(registry, 'histogram', options, () => new Histogram({ ...options, registers: [registry] }));
}
