import type { Clock, TimerHandle } from '@outrider/core';
import { RateLimiter, type ResolvedRateLimit } from './rate-limiter.js';

export interface OutboxOptions {
  clock: Clock;
  /** How long changes gather before they are encoded into messages. */
  coalesceMs: number;
  /** Upstream limit on outgoing subscription messages; undefined for none. */
  rateLimit: ResolvedRateLimit | undefined;
  /** Turns the changes gathered so far into messages (and forgets them). */
  encode(): string[];
  /** Sends one message; false when the socket is not open. */
  send(message: string): boolean;
}

/**
 * Outgoing subscription messages: changes made within `coalesceMs` become one encode, and the
 * messages it yields go out no faster than the rate limit allows. While messages wait for the
 * limit, new changes keep gathering, so they coalesce further.
 */
export class Outbox {
  readonly #limiter: RateLimiter | undefined;
  #waiting: string[] = [];
  #timer: TimerHandle | undefined;

  constructor(private readonly options: OutboxOptions) {
    this.#limiter = options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit, options.clock);
  }

  /** Something changed: flush after the coalescing window (unless a flush is already due). */
  schedule(): void {
    if (this.#timer === undefined) this.#arm(this.options.coalesceMs);
  }

  /** Flush now, within the rate limit: used right after a (re)connect. */
  flushNow(): void {
    this.#disarm();
    this.#flush();
  }

  /** Forgets messages encoded for a connection that is gone, and any pending flush. */
  reset(): void {
    this.#disarm();
    this.#waiting = [];
  }

  #flush(): void {
    this.#timer = undefined;
    for (;;) {
      const wait = this.#limiter?.waitMs() ?? 0;
      if (wait > 0) {
        this.#arm(wait);
        return;
      }
      // Encoding waits for a free slot, so every change made meanwhile goes into one encode.
      if (this.#waiting.length === 0) this.#waiting = this.options.encode();
      if (this.#waiting.length === 0) return;
      const message = this.#waiting[0] as string;
      if (!this.options.send(message)) return;
      this.#waiting.shift();
      this.#limiter?.record();
    }
  }

  #arm(ms: number): void {
    this.#timer = this.options.clock.setTimeout(() => this.#flush(), ms);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
