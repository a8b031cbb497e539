export type { MetricType } from './metric-names.js';
export {
  type CounterOptions,
  counter,
  type GaugeOptions,
  gauge,
  type HistogramOptions,
  histogram,
} from './metrics.js';
export { PROMETHEUS_BRIDGE_SCOPE, PrometheusBridge, type PrometheusBridgeOptions } from './prometheus-bridge.js';
export { createRegistry, type RegistryOptions } from './registry.js';
export { startTelemetry } from './start-telemetry.js';
export {
  DEFAULT_METRIC_EXPORT_INTERVAL,
  DEFAULT_OTLP_ENDPOINT,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry-options.js';
