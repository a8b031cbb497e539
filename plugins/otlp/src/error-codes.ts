import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/plugin-otlp raises; `docs/errors.md` says what to do about each. */
export const otlpErrors = defineErrorCodes('@outrider/plugin-otlp', {
  OUTRIDER_OTLP_RECEIVER_UNAVAILABLE: 'The OTLP receiver could not listen on its host and port.',
  OUTRIDER_OTLP_SPOOL_UNAVAILABLE: 'The OTLP spool directory cannot be created, read or written.',
});
