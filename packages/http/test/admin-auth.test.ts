import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { AdminAuth } from '../src/index.js';

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isOutriderError(error) ? error.code : 'not an OutriderError';
  }
}

describe('AdminAuth', () => {
  it('accepts the bearer token and refuses a missing, malformed or wrong one', () => {
    const auth = new AdminAuth('s3cret-token');
    expect(codeOf(() => auth.check('Bearer s3cret-token'))).toBeUndefined();
    expect(codeOf(() => auth.check('bearer   s3cret-token'))).toBeUndefined();
    expect(codeOf(() => auth.check(undefined))).toBe('OUTRIDER_ADMIN_UNAUTHORIZED');
    expect(codeOf(() => auth.check('Basic czNjcmV0'))).toBe('OUTRIDER_ADMIN_UNAUTHORIZED');
    expect(codeOf(() => auth.check('Bearer s3cret-tokeN'))).toBe('OUTRIDER_ADMIN_FORBIDDEN');
    // A prefix of the token is as wrong as any other guess.
    expect(codeOf(() => auth.check('Bearer s3cret'))).toBe('OUTRIDER_ADMIN_FORBIDDEN');
  });

  it('is off without a token, and never puts the token in its messages', () => {
    const auth = new AdminAuth();
    expect(auth.enabled).toBe(false);
    expect(codeOf(() => auth.check('Bearer anything'))).toBe('OUTRIDER_ADMIN_DISABLED');
    auth.setToken('hunter2-token');
    expect(auth.enabled).toBe(true);
    try {
      auth.check('Bearer wrong');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
    auth.setToken('');
    expect(auth.enabled).toBe(false);
  });
});
