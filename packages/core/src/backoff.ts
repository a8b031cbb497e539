import { type Duration, parseDuration } from './duration.js';

export interface BackoffOptions {
  /** Delay before the first retry. Default 1000 ms. */
  minDelay?: Duration;
  /** Upper bound of any delay. Default 30 s. */
  maxDelay?: Duration;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Full jitter in [delay/2, delay] so many failing peers do not retry in step. Default true. */
  jitter?: boolean;
}

/** The delay in ms before retry number `attempt` (1-based): exponential, capped, optionally jittered. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const { factor = 2, jitter = true } = options;
  const minDelay = options.minDelay === undefined ? 1000 : parseDuration(options.minDelay, 'minDelay');
  const maxDelay = options.maxDelay === undefined ? 30_000 : parseDuration(options.maxDelay, 'maxDelay');
  const base = Math.min(maxDelay, minDelay * factor ** Math.max(0, attempt - 1));
  return Math.round(jitter ? base / 2 + (random() * base) / 2 : base);
}
