import type { HrTime } from '@opentelemetry/api';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import { type Clock, OutriderError, systemClock } from '@outrider/core';
import type { Registry } from 'prom-client';
import { type CollectedMetric, toMetricData } from './prometheus-points.js';
import { SeriesStarts } from './series-starts.js';

/** The instrumentation scope the bridged metrics travel under (`otel_scope_name` on the sidecar). */
export const PROMETHEUS_BRIDGE_SCOPE = '@outrider/telemetry/prometheus-bridge';

export interface PrometheusBridgeOptions {
  /** The prom-client registries to read at each export. */
  registries: readonly Registry[];
  /** Start times of cumulative series. Default the system clock. */
  clock?: Clock;
}

interface Collectable {
  get(): Promise<CollectedMetric> | CollectedMetric;
  getForPromString?(): Promise<CollectedMetric> | CollectedMetric;
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/** prom-client 15 has `setDefaultLabels` but no getter; its own renderer reads this field. */
function defaultLabelsOf(registry: Registry): Record<string, string> | undefined {
  const labels = (registry as unknown as { _defaultLabels?: Record<string, string> })._defaultLabels;
  return labels !== undefined && Object.keys(labels).length > 0 ? labels : undefined;
}

/** The resource of a producer's result is ignored by the reader (it uses the SDK's); one is made once. */
let emptyResource: Promise<CollectionResult['resourceMetrics']['resource']> | undefined;

/**
 * Reads prom-client registries into the OpenTelemetry metrics pipeline: a `MetricProducer` for a
 * metric reader's `metricProducers` (the design of OpenTelemetry Go contrib's Prometheus bridge).
 * Each export reads every metric of the registries as `/metrics` would, and nothing else: the
 * metrics' hot paths are prom-client's alone.
 */
export class PrometheusBridge implements MetricProducer {
  readonly #registries: readonly Registry[];
  readonly #clock: Clock;
  readonly #starts = new SeriesStarts();

  constructor(options: PrometheusBridgeOptions) {
    if (
      !Array.isArray(options?.registries) ||
      options.registries.some((r) => typeof r?.getMetricsAsArray !== 'function')
    ) {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        'PrometheusBridge: registries must be an array of prom-client Registry',
        {
          module: 'telemetry',
          details: { option: 'registries' },
        },
      );
    }
    this.#registries = [...options.registries];
    this.#clock = options.clock ?? systemClock;
  }

  async collect(): Promise<CollectionResult> {
    emptyResource ??= import('@opentelemetry/resources').then(({ emptyResource: empty }) => empty());
    const now = hrTime(this.#clock.now());
    const metrics: MetricData[] = [];
    const errors: unknown[] = [];
    const seen = new Set<string>();
    this.#starts.begin();
    for (const registry of this.#registries) {
      const defaultLabels = defaultLabelsOf(registry);
      const context = { now, starts: this.#starts, defaultLabels };
      for (const metric of registry.getMetricsAsArray() as unknown as Collectable[]) {
        try {
          const data = await (metric.getForPromString ? metric.getForPromString() : metric.get());
          // One name once: two registries holding the same name would make the export ambiguous.
          if (seen.has(data.name)) {
            errors.push(
              new Error(`prometheus bridge: metric ${data.name} is in more than one registry; the first is kept`),
            );
            continue;
          }
          seen.add(data.name);
          for (const item of toMetricData(data, context)) metrics.push(item);
        } catch (error) {
          // A failing `collect()` callback loses its own metric, not the export.
          errors.push(error);
        }
      }
    }
    this.#starts.end();
    return {
      resourceMetrics: {
        resource: await emptyResource,
        scopeMetrics: metrics.length === 0 ? [] : [{ scope: { name: PROMETHEUS_BRIDGE_SCOPE }, metrics }],
      },
      errors,
    };
  }
}
