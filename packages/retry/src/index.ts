export type { AttemptContext } from './attempt.js';
export { retry } from './decorator.js';
export { retryErrors } from './error-codes.js';
export type { AttemptOutcome } from './metrics.js';
export type { ErrorClass, RetryEvent, RetryOn, RetryOptions } from './options.js';
export { retryAfterMs } from './retry-after.js';
export { withRetry } from './with-retry.js';
