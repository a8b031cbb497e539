import type { Clock, Duration } from '@outrider/core';

export interface RateLimit {
  /** At most this many messages... */
  messages: number;
  /** ...in any window this long. */
  interval: Duration;
}

/** A rate limit with its window in ms. */
export interface ResolvedRateLimit {
  readonly messages: number;
  readonly intervalMs: number;
}

/** A sliding window: remembers when the last `messages` sends happened. */
export class RateLimiter {
  readonly #sentAt: number[] = [];

  constructor(
    private readonly limit: ResolvedRateLimit,
    private readonly clock: Clock,
  ) {}

  /** How long until one more message may go; 0 when it may go now. */
  waitMs(): number {
    if (this.#sentAt.length < this.limit.messages) return 0;
    const oldest = this.#sentAt[0] as number;
    return Math.max(0, oldest + this.limit.intervalMs - this.clock.now());
  }

  record(): void {
    this.#sentAt.push(this.clock.now());
    if (this.#sentAt.length > this.limit.messages) this.#sentAt.shift();
  }
}
