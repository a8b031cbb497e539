export { type OtlpConfig, type OtlpConfigInput, otlpConfigSchema } from './config.js';
export type { SpanJson, TraceJson } from './memory-store.js';
export { OtlpModule } from './otlp-module.js';
export { plugin } from './plugin.js';
export { prometheusLabelName, prometheusMetricName, unitSuffix } from './prometheus-naming.js';
