import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/retry raises; `docs/errors.md` says what to do about each. */
export const retryErrors = defineErrorCodes('@outrider/retry', {
  OUTRIDER_RETRY_EXHAUSTED: 'Every attempt failed; the error keeps the last cause and the attempt count.',
  OUTRIDER_DEADLINE_PASSED: 'The overall deadline of a retried call passed.',
});
