import { defineErrorCodes } from '@outrider/core';

/** The error codes @outrider/metrics raises; `docs/errors.md` says what to do about each. */
export const metricsErrors = defineErrorCodes('@outrider/metrics', {
  OUTRIDER_METRIC_NAME_INVALID:
    'A metric or label name breaks the naming rules (snake_case, base units, _total on counters only).',
  OUTRIDER_METRIC_CONFLICT: 'A metric name is already registered with another type or other label names.',
});
