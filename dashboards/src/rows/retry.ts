import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { orZero, rate } from '../lib/query.js';

const ATTEMPTS = 'outrider_retry_attempts_total';

const attempts = () =>
  panel({
    title: 'Retry attempts by outcome',
    kind: 'timeseries',
    unit: 'ops',
    queries: [{ expr: `sum by (operation, outcome) (${rate(ATTEMPTS)})`, legend: '{{operation}} {{outcome}}' }],
  });

const givenUp = () =>
  panel({
    title: 'Calls given up',
    description: 'Calls that ended without success: attempts exhausted, not retryable, deadline passed.',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(
          `sum by (instance, operation) (${rate(ATTEMPTS, 'outcome=~"exhausted|not_retryable|deadline"')})`,
          `sum by (instance, operation) (${rate(ATTEMPTS)})`,
        ),
        legend: '{{instance}} {{operation}}',
      },
    ],
  });

/** @outrider/retry: how often calls need a retry, and how often they give up. */
export function retryRow(): Row {
  return { title: 'Retry', panels: [attempts(), givenUp()] };
}
