import { describe, expect, it } from 'vitest';
import { defineErrorCodes, isOutriderError, OutriderError } from '../src/index.js';

describe('error codes', () => {
  it('a catalog makes OutriderErrors with its codes, and knows their HTTP status', () => {
    const catalog = defineErrorCodes('acme-plugin', {
      ACME_QUOTA_EXCEEDED: { summary: 'The quota is spent.', status: 429 },
      ACME_UPSTREAM_DOWN: 'The upstream does not answer.',
    });
    const error = catalog.create('ACME_QUOTA_EXCEEDED', 'quota of 10 spent', { module: 'acme' });
    expect(error).toBeInstanceOf(OutriderError);
    expect(isOutriderError(error, 'ACME_QUOTA_EXCEEDED')).toBe(true);
    expect(error.module).toBe('acme');
    expect(catalog.status('ACME_QUOTA_EXCEEDED')).toBe(429);
    expect(catalog.status('ACME_UPSTREAM_DOWN')).toBeUndefined();
    expect(catalog.status('OUTRIDER_TIMEOUT')).toBeUndefined();
    expect(catalog.codes.ACME_UPSTREAM_DOWN.summary).toBe('The upstream does not answer.');
  });

  it('a code that is not UPPER_SNAKE_CASE is refused when the catalog is defined', () => {
    expect(() => defineErrorCodes('acme-plugin', { 'acme-bad': 'x' })).toThrow(/"acme-bad" is not UPPER_SNAKE_CASE/);
  });

  it('carry code, module and cause, and serialize without the stack', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new OutriderError('OUTRIDER_MODULE_START_FAILED', 'db failed to start', { module: 'db', cause });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'OutriderError',
      code: 'OUTRIDER_MODULE_START_FAILED',
      message: 'db failed to start',
      module: 'db',
    });
  });
});
