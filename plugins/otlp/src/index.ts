export { type OtlpConfig, type OtlpConfigInput, otlpConfigSchema } from './config.js';
export { otlpErrors } from './error-codes.js';
export type { SpanJson, TraceJson } from './memory-store.js';
export { plugin } from './plugin.js';
export { TRANSLATION_STRATEGIES, type TranslationStrategy } from './translation-strategy.js';
