export { telemetryErrors } from './error-codes.js';
export { PROMETHEUS_BRIDGE_SCOPE, PrometheusBridge, type PrometheusBridgeOptions } from './prometheus-bridge.js';
export { startTelemetry } from './start-telemetry.js';
export {
  DEFAULT_METRIC_EXPORT_INTERVAL,
  DEFAULT_OTLP_ENDPOINT,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry-options.js';
