import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/scheduler raises; `docs/errors.md` says what to do about each. */
export const schedulerErrors = defineErrorCodes('@outrider/scheduler', {
  OUTRIDER_JOB_DUPLICATE: 'A job with this id exists and replaceExisting was not set.',
  OUTRIDER_JOB_UNKNOWN: { summary: 'No job with this id is scheduled.', status: 404 },
  OUTRIDER_JOB_INVALID: 'A job definition is invalid (trigger, cron expression, timezone, dependencies).',
  OUTRIDER_QUEUE_FULL: 'A bounded queue is full and its policy rejects new items.',
  OUTRIDER_QUEUE_CLOSED: 'A queue was stopped and takes no new items.',
  OUTRIDER_LOCK_UNAVAILABLE: 'A job lock is held by another process.',
});
