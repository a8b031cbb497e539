import { coreErrors, type ErrorCatalog, isOutriderError } from '@outrider/core';
import { httpErrors } from './error-codes.js';

/** The body of every error response: `{ error: { code, message } }`. */
export interface JsonError {
  error: { code: string; message: string };
}

export function jsonError(code: string, message: string): JsonError {
  return { error: { code, message } };
}

/** The catalogs whose codes carry the HTTP status a route answers with; other codes answer 500. */
const CATALOGS: readonly ErrorCatalog<string>[] = [httpErrors, coreErrors];

function statusOf(code: string, more: readonly ErrorCatalog<string>[]): number {
  for (const catalog of [...CATALOGS, ...more]) {
    const status = catalog.status(code);
    if (status !== undefined) return status;
  }
  return 500;
}

export interface ErrorResponse {
  status: number;
  body: JsonError;
  /** True when the error is ours to log: the client did nothing wrong. */
  serverFault: boolean;
}

/**
 * What to answer for an error thrown by a route. OutriderError messages are written to be safe
 * (no secrets), so they are returned; anything else is a bug whose text and stack stay in the log.
 */
export function errorResponse(
  error: unknown,
  routeLabel: string,
  catalogs: readonly ErrorCatalog<string>[] = [],
): ErrorResponse {
  if (isOutriderError(error)) {
    const status = statusOf(error.code, catalogs);
    return { status, body: jsonError(error.code, error.message), serverFault: status >= 500 };
  }
  return {
    status: 500,
    body: jsonError('OUTRIDER_HTTP_INTERNAL', `internal error in ${routeLabel}; the server's log has the cause`),
    serverFault: true,
  };
}
