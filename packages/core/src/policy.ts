import type { BackoffOptions } from './backoff.js';

/** How long each lifecycle phase may take before the module is marked failed, in ms. */
export interface PhaseDeadlines {
  initialize: number;
  start: number;
  stop: number;
  health: number;
}

export const defaultDeadlines: PhaseDeadlines = { initialize: 10_000, start: 10_000, stop: 10_000, health: 5_000 };

/** When a module fails: restart with backoff, at most `maxRestarts` within `window` ms, then `failed`. */
export interface RestartPolicy extends Required<BackoffOptions> {
  /** Restarts allowed within `window`; 0 never restarts. */
  maxRestarts: number;
  window: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  maxRestarts: 5,
  window: 60_000,
  minDelay: 1_000,
  maxDelay: 30_000,
  factor: 2,
  jitter: true,
};

/** Restart times within the policy's window, oldest first; tells whether one more is allowed. */
export class RestartBudget {
  #times: number[] = [];

  constructor(private readonly policy: RestartPolicy) {}

  /** Records a restart at `now` if the budget allows it; false once it is spent. */
  take(now: number): boolean {
    this.#times = this.#times.filter((time) => now - time < this.policy.window);
    if (this.#times.length >= this.policy.maxRestarts) return false;
    this.#times.push(now);
    return true;
  }
}
