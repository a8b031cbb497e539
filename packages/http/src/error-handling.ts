import type { ErrorCatalog, Logger } from '@outrider/core';
import type { Context, Middleware } from 'koa';
import { errorResponse, jsonError } from './json-error.js';
import { matchedRoute } from './matched-route.js';

/**
 * Turns whatever a route throws into `{ error: { code, message } }` with its status, and fills in
 * the JSON body of the router's own 404 / 405 / 501. Server faults are logged with their stack;
 * the client gets no stack and no message of an unexpected error.
 */
/** `catalogs`: the caller's own error catalogs, whose codes carry the status to answer with. */
export function errorHandling(logger: () => Logger, catalogs: readonly ErrorCatalog<string>[] = []): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      respondWithError(ctx, error, logger(), catalogs);
      return;
    }
    if (ctx.body !== undefined && ctx.body !== null) return;
    if (ctx.status === 404) {
      ctx.status = 404;
      ctx.body = jsonError('OUTRIDER_HTTP_NOT_FOUND', `no route for ${ctx.path}`);
    } else if (ctx.status === 405 || ctx.status === 501) {
      // 501 is the router's answer to a method it does not know at all: with no Allow, the path is unknown too.
      const allow = ctx.response.get('Allow');
      if (!allow) {
        ctx.status = 404;
        ctx.body = jsonError('OUTRIDER_HTTP_NOT_FOUND', `no route for ${ctx.path}`);
      } else {
        ctx.status = 405;
        ctx.body = jsonError(
          'OUTRIDER_HTTP_METHOD_NOT_ALLOWED',
          `${ctx.method} is not allowed on ${ctx.path}; allowed: ${allow}`,
        );
      }
    }
  };
}

function respondWithError(
  ctx: Context,
  error: unknown,
  logger: Logger,
  catalogs: readonly ErrorCatalog<string>[],
): void {
  const label = `${ctx.method} ${matchedRoute(ctx)}`;
  const response = errorResponse(error, label, catalogs);
  if (response.serverFault) logger.error({ err: error, route: label, status: response.status }, 'request failed');
  if (ctx.headerSent) return;
  ctx.status = response.status;
  // RFC 9110: a 401 names the scheme that would be accepted.
  if (response.status === 401) ctx.set('WWW-Authenticate', 'Bearer realm="outrider"');
  ctx.body = response.body;
}
