import { defineErrorCodes } from '@outrider/core';

/** The error codes of every ops port (the sidecar's and a service's); `docs/errors.md` says what to do about each. */
export const httpErrors = defineErrorCodes('@outrider/http', {
  OUTRIDER_HTTP_NOT_FOUND: { summary: 'No route matches the request path.', status: 404 },
  OUTRIDER_HTTP_METHOD_NOT_ALLOWED: { summary: 'The path exists but not for this HTTP method.', status: 405 },
  OUTRIDER_HTTP_BAD_REQUEST: {
    summary: 'A request body is not valid JSON or not the shape the route expects.',
    status: 400,
  },
  OUTRIDER_HTTP_BODY_TOO_LARGE: { summary: 'A request body is larger than the server allows.', status: 413 },
  OUTRIDER_HTTP_UNSUPPORTED_MEDIA_TYPE: {
    summary: 'A JSON route was sent a body that is not application/json.',
    status: 415,
  },
  OUTRIDER_HTTP_REQUEST_TIMEOUT: {
    summary: 'The client did not send the whole request within the request timeout.',
    status: 408,
  },
  OUTRIDER_HTTP_INTERNAL: 'A route handler failed; the cause is logged, not returned.',
  OUTRIDER_HTTP_HOST_REFUSED: {
    summary: 'The Host header names neither this server nor an allowed host (DNS rebinding guard).',
    status: 403,
  },
  OUTRIDER_HTTP_LISTEN_FAILED: 'The HTTP server could not listen on its host and port.',
  OUTRIDER_ADMIN_DISABLED: { summary: 'Admin routes are off because no admin token is configured.', status: 403 },
  OUTRIDER_ADMIN_UNAUTHORIZED: {
    summary: 'An admin route was called without an Authorization: Bearer header.',
    status: 401,
  },
  OUTRIDER_ADMIN_FORBIDDEN: { summary: 'An admin route was called with a wrong token.', status: 403 },
});
