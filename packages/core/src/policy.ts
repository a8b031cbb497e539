import type { BackoffOptions } from './backoff.js';
import { type Duration, parseDuration } from './duration.js';

/** How long each lifecycle phase may take before the module is marked failed. */
export interface PhaseDeadlines {
  initialize: Duration;
  start: Duration;
  stop: Duration;
  health: Duration;
}

/** Deadlines with every phase read into ms. */
export type ResolvedDeadlines = { readonly [Phase in keyof PhaseDeadlines]: number };

export const defaultDeadlines: ResolvedDeadlines = { initialize: 10_000, start: 10_000, stop: 10_000, health: 5_000 };

/** When a module fails: restart with backoff, at most `maxRestarts` within `window`, then `failed`. */
export interface RestartPolicy extends Required<BackoffOptions> {
  /** Restarts allowed within `window`; 0 never restarts. */
  maxRestarts: number;
  window: Duration;
}

/** A restart policy with its durations read into ms. */
export interface ResolvedRestartPolicy extends Omit<RestartPolicy, 'window' | 'minDelay' | 'maxDelay'> {
  readonly window: number;
  readonly minDelay: number;
  readonly maxDelay: number;
}

export const defaultRestartPolicy: ResolvedRestartPolicy = {
  maxRestarts: 5,
  window: 60_000,
  minDelay: 1_000,
  maxDelay: 30_000,
  factor: 2,
  jitter: true,
};

/** `base` with the phases `given` overrides, each read by parseDuration (`deadlines.<phase>` in errors). */
export function resolveDeadlines(base: ResolvedDeadlines, given: Partial<PhaseDeadlines> = {}): ResolvedDeadlines {
  const read = (phase: keyof PhaseDeadlines): number => {
    const value = given[phase];
    return value === undefined ? base[phase] : parseDuration(value, `deadlines.${phase}`);
  };
  return { initialize: read('initialize'), start: read('start'), stop: read('stop'), health: read('health') };
}

/** `base` with what `given` overrides, its durations read by parseDuration (`restart.<key>` in errors). */
export function resolveRestartPolicy(
  base: ResolvedRestartPolicy,
  given: Partial<RestartPolicy> = {},
): ResolvedRestartPolicy {
  const read = (key: 'window' | 'minDelay' | 'maxDelay'): number => {
    const value = given[key];
    return value === undefined ? base[key] : parseDuration(value, `restart.${key}`);
  };
  return {
    maxRestarts: given.maxRestarts ?? base.maxRestarts,
    factor: given.factor ?? base.factor,
    jitter: given.jitter ?? base.jitter,
    window: read('window'),
    minDelay: read('minDelay'),
    maxDelay: read('maxDelay'),
  };
}

/** Restart times within the policy's window, oldest first; tells whether one more is allowed. */
export class RestartBudget {
  #times: number[] = [];

  constructor(private readonly policy: ResolvedRestartPolicy) {}

  /** Records a restart at `now` if the budget allows it; false once it is spent. */
  take(now: number): boolean {
    this.#times = this.#times.filter((time) => now - time < this.policy.window);
    if (this.#times.length >= this.policy.maxRestarts) return false;
    this.#times.push(now);
    return true;
  }
}
