export { metricsErrors } from './error-codes.js';
export {
  contentTypeOf,
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  OPENMETRICS_UTF8_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  PROMETHEUS_UTF8_CONTENT_TYPE,
} from './exposition-format.js';
export {
  type CounterOptions,
  counter,
  type GaugeOptions,
  gauge,
  type HistogramOptions,
  histogram,
} from './get-or-create.js';
export { assertLabelNames, assertMetricName, type MetricType } from './metric-names.js';
export type { NameEscaping } from './name-escaping.js';
export { type Negotiated, negotiate, negotiateFormat } from './negotiate-format.js';
export { collectProcessMetrics, type ProcessMetricsOptions } from './process-metrics.js';
export { createRegistry, type RegistryOptions } from './registry.js';
export { metricsStream, type RenderOptions, renderMetrics } from './render-metrics.js';
