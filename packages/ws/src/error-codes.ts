import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/ws raises; `docs/errors.md` says what to do about each. */
export const wsErrors = defineErrorCodes('@outrider/ws', {
  OUTRIDER_WS_PROTOCOL: 'An upstream WebSocket message could not be decoded.',
  OUTRIDER_WS_UNAVAILABLE: 'The upstream WebSocket could not be reached within the reconnect window.',
  OUTRIDER_WS_CLIENT_DISPOSED: 'A multiplexer client was used after dispose().',
});
