import type { Clock, LogFn } from '@outrider/core';

/**
 * Logs a recurring failure at most once per `intervalMs`, with how many were suppressed since, so
 * a flood of bad upstream messages cannot flood the log too (the counters still see every one).
 */
export class ThrottledLog {
  #lastAt = Number.NEGATIVE_INFINITY;
  #suppressed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = 1_000,
  ) {}

  log(log: LogFn, bindings: Record<string, unknown>, message: string): void {
    const now = this.clock.now();
    if (now - this.#lastAt < this.intervalMs) {
      this.#suppressed++;
      return;
    }
    log({ ...bindings, suppressed: this.#suppressed }, message);
    this.#lastAt = now;
    this.#suppressed = 0;
  }
}
