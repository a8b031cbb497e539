import { type ErrorCode, isOutriderError } from '@outrider/core';

/** The body of every error response: `{ error: { code, message } }`. */
export interface JsonError {
  error: { code: string; message: string };
}

export function jsonError(code: ErrorCode, message: string): JsonError {
  return { error: { code, message } };
}

/** The HTTP status each error code answers with; codes not listed answer 500. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  OUTRIDER_HTTP_BAD_REQUEST: 400,
  OUTRIDER_INVALID_ARGUMENT: 400,
  OUTRIDER_CONFIG_INVALID: 400,
  OUTRIDER_ADMIN_UNAUTHORIZED: 401,
  OUTRIDER_ADMIN_DISABLED: 403,
  OUTRIDER_ADMIN_FORBIDDEN: 403,
  OUTRIDER_HTTP_HOST_REFUSED: 403,
  OUTRIDER_HTTP_NOT_FOUND: 404,
  OUTRIDER_MODULE_UNKNOWN: 404,
  OUTRIDER_JOB_UNKNOWN: 404,
  OUTRIDER_HTTP_METHOD_NOT_ALLOWED: 405,
  OUTRIDER_HTTP_REQUEST_TIMEOUT: 408,
  OUTRIDER_HTTP_BODY_TOO_LARGE: 413,
  OUTRIDER_HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  OUTRIDER_TIMEOUT: 503,
  OUTRIDER_DEADLINE_EXCEEDED: 503,
  OUTRIDER_MANAGER_STOPPED: 503,
};

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
export function errorResponse(error: unknown, routeLabel: string): ErrorResponse {
  if (isOutriderError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return { status, body: jsonError(error.code, error.message), serverFault: status >= 500 };
  }
  return {
    status: 500,
    body: jsonError('OUTRIDER_HTTP_INTERNAL', `internal error in ${routeLabel}; the sidecar log has the cause`),
    serverFault: true,
  };
}
