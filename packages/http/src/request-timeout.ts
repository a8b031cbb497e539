import { OutriderError } from '@outrider/core';
import type { Middleware } from 'koa';
import { httpErrors } from './error-codes.js';

/**
 * Answers a request that is not done within `timeoutMs()`: 408 when the client has not finished
 * sending it (the connection is then closed), 503 OUTRIDER_TIMEOUT when the handler is the slow
 * one. A handler that finishes later is ignored; its failure, if any, is swallowed.
 */
export function requestTimeout(timeoutMs: () => number): Middleware {
  return async (ctx, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs(), 'expired');
    });
    const work = next();
    try {
      if ((await Promise.race([work, expired])) !== 'expired') return;
    } finally {
      clearTimeout(timer);
    }
    work.catch(() => {});
    if (!ctx.req.complete) {
      ctx.set('Connection', 'close');
      throw httpErrors.create('OUTRIDER_HTTP_REQUEST_TIMEOUT', `the request was not received within ${timeoutMs()} ms`);
    }
    throw new OutriderError('OUTRIDER_TIMEOUT', `the request was not answered within ${timeoutMs()} ms`);
  };
}
