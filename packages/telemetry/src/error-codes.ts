import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/telemetry raises; `docs/errors.md` says what to do about each. */
export const telemetryErrors = defineErrorCodes('@outrider/telemetry', {
  OUTRIDER_TELEMETRY_ACTIVE: 'startTelemetry was called while an earlier pipeline in this process is still running.',
});
