import { Counter, type Registry } from 'prom-client';

/** How one attempt ended. */
export type AttemptOutcome = 'success' | 'retry' | 'exhausted' | 'not_retryable' | 'deadline' | 'aborted';

const NAME = 'outrider_retry_attempts_total';
const counters = new WeakMap<Registry, Counter<'operation' | 'outcome'>>();

/** The attempts counter on `registry`, registered once however many calls share it. */
export function attemptsCounter(registry: Registry): Counter<'operation' | 'outcome'> {
  let counter = counters.get(registry);
  if (counter === undefined) {
    counter =
      (registry.getSingleMetric(NAME) as Counter<'operation' | 'outcome'> | undefined) ??
      new Counter({
        name: NAME,
        help: 'Attempts of retried calls, by operation and how each attempt ended.',
        labelNames: ['operation', 'outcome'],
        registers: [registry],
      });
    counters.set(registry, counter);
  }
  return counter;
}
