import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/cache raises; `docs/errors.md` says what to do about each. */
export const cacheErrors = defineErrorCodes('@outrider/cache', {
  OUTRIDER_CACHE_SNAPSHOT_INVALID: 'A cache snapshot file is not valid JSON or not an Outrider cache snapshot.',
  OUTRIDER_CACHE_UNKNOWN: { summary: 'No cache with this name is listed on this ops port.', status: 404 },
});
