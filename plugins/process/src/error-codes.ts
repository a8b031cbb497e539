import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/plugin-process raises; `docs/errors.md` says what to do about each. */
export const processErrors = defineErrorCodes('@outrider/plugin-process', {
  OUTRIDER_PROCESS_UNSUPPORTED: 'Process metrics need Linux /proc, which this platform does not have.',
});
