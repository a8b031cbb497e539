export interface BackoffOptions {
  /** Delay before the first retry, in ms. Default 1000. */
  minDelay?: number;
  /** Upper bound of any delay, in ms. Default 30000. */
  maxDelay?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Full jitter in [delay/2, delay] so many failing peers do not retry in step. Default true. */
  jitter?: boolean;
}

/** The delay before retry number `attempt` (1-based): exponential, capped, optionally jittered. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const { minDelay = 1000, maxDelay = 30_000, factor = 2, jitter = true } = options;
  const base = Math.min(maxDelay, minDelay * factor ** Math.max(0, attempt - 1));
  return Math.round(jitter ? base / 2 + (random() * base) / 2 : base);
}
