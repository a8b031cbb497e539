import { describe, expect, it } from 'vitest';
import { type RetryOptions, withRetry } from '../src/index.js';

const cases: Array<[string, RetryOptions]> = [
  ['retries', { retries: -1 }],
  ['retries', { retries: 1.5 }],
  ['minDelay', { minDelay: -10 }],
  ['maxDelay', { minDelay: 500, maxDelay: 100 }],
  ['factor', { factor: 0.5 }],
  ['timeout', { timeout: 0 }],
  ['timeout', { timeout: Number.NaN }],
  ['timeout', { timeout: '0s' }],
  ['timeout', { timeout: '2 seconds' as never }],
  ['minDelay', { minDelay: '-1s' }],
  ['deadline', { deadline: -1 }],
  ['deadline', { deadline: new Date('not a date') }],
  ['retryOn', { retryOn: 'TypeError' as never }],
  ['retryOn', { retryOn: ['TypeError'] as never }],
  ['onRetry', { onRetry: 5 as never }],
  ['signal', { signal: {} as never }],
  ['operation', { operation: '' }],
];

describe('bad options', () => {
  it.each(cases)('reject %s with OUTRIDER_INVALID_ARGUMENT naming it, before any attempt', async (option, options) => {
    let calls = 0;
    const call = withRetry(() => {
      calls += 1;
    }, options);
    await expect(call).rejects.toMatchObject({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option } });
    await expect(call).rejects.toThrow(new RegExp(`^(retry option "${option}"|${option}:) `));
    expect(calls).toBe(0);
  });
});
