import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/plugin-jobs raises; `docs/errors.md` says what to do about each. */
export const jobsErrors = defineErrorCodes('@outrider/plugin-jobs', {
  OUTRIDER_JOB_RUN_FAILED:
    'A job from config ran and failed: a command exited non-zero or an HTTP call got an unexpected status.',
});
