import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, OutriderError } from '../src/index.js';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it('are each documented in docs/errors.md, and the page lists no code that does not exist', () => {
    const documented = new Set([...docs.matchAll(/`(OUTRIDER_[A-Z_]+)`/g)].map((match) => match[1]));
    expect([...documented].sort()).toEqual(Object.keys(ErrorCodes).sort());
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
