export { type OtlpConfig, type OtlpConfigInput, otlpConfigSchema } from './config.js';
export { otlpErrors } from './error-codes.js';
export type { SpanJson, TraceJson } from './memory-store.js';
export { OtlpModule } from './otlp-module.js';
export { plugin } from './plugin.js';
export {
  type NameResult,
  type OtelMetricType,
  prometheusLabelName,
  prometheusMetricName,
  prometheusUnit,
} from './prometheus-naming.js';
export { TRANSLATION_STRATEGIES, type TranslationStrategy } from './translation-strategy.js';
