import { counter } from '@outrider/metrics';
import type { Counter, Registry } from 'prom-client';

/** How one attempt ended. */
export type AttemptOutcome = 'success' | 'retry' | 'exhausted' | 'not_retryable' | 'deadline' | 'aborted';

type AttemptsCounter = Counter<'operation' | 'outcome'>;

/** Remembered per registry so a retried call skips the name checks of the lookup. */
const counters = new WeakMap<Registry, AttemptsCounter>();

/** The attempts counter on `registry`, registered once however many calls share it. */
export function attemptsCounter(registry: Registry): AttemptsCounter {
  let attempts = counters.get(registry);
  if (attempts === undefined) {
    attempts = counter(registry, {
      name: 'outrider_retry_attempts_total',
      help: 'Attempts of retried calls, by operation and how each attempt ended.',
      labelNames: ['operation', 'outcome'],
    });
    counters.set(registry, attempts);
  }
  return attempts;
}
