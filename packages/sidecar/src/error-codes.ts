import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/sidecar raises; `docs/errors.md` says what to do about each. */
export const sidecarErrors = defineErrorCodes('@outrider/sidecar', {
  OUTRIDER_ROUTE_CONFLICT: 'A route is already mounted (or built in) for this method and path.',
  OUTRIDER_UI_NOT_BUILT: { summary: "The web console's files were not built.", status: 503 },
  OUTRIDER_UI_BUSY: { summary: 'Too many consoles follow the live series at once.', status: 503 },
});
