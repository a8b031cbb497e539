import { createHash, timingSafeEqual } from 'node:crypto';
import { httpErrors } from './error-codes.js';

const BEARER = /^Bearer +([^\s]+) *$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * The admin token check. Tokens are compared as SHA-256 digests with `timingSafeEqual`, so neither
 * the time taken nor an early length mismatch tells a caller how much of a guess was right.
 */
export class AdminAuth {
  #digest: Buffer | undefined;

  constructor(token?: string) {
    this.setToken(token);
  }

  get enabled(): boolean {
    return this.#digest !== undefined;
  }

  /** An empty or absent token turns admin routes off. */
  setToken(token: string | undefined): void {
    this.#digest = token === undefined || token === '' ? undefined : digest(token);
  }

  /** Throws OUTRIDER_ADMIN_DISABLED, _UNAUTHORIZED or _FORBIDDEN unless `authorization` carries the token. */
  check(authorization: string | undefined): void {
    const expected = this.#digest;
    if (expected === undefined) {
      throw httpErrors.create('OUTRIDER_ADMIN_DISABLED', 'admin routes are disabled: no admin token is configured');
    }
    const presented = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (presented === undefined) {
      throw httpErrors.create(
        'OUTRIDER_ADMIN_UNAUTHORIZED',
        'admin routes need an Authorization: Bearer <token> header',
      );
    }
    if (!timingSafeEqual(digest(presented), expected)) {
      throw httpErrors.create('OUTRIDER_ADMIN_FORBIDDEN', 'the admin token is wrong');
    }
  }
}
