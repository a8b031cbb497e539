import { type Clock, OutriderError, type TimerHandle } from '@outrider/core';

interface Pending {
  readonly due: number;
  readonly phase: string;
  readonly reject: (error: OutriderError) => void;
}

/**
 * Bounds every Redis call of one cache by `ms`, on one timer for all of them. The timer is armed
 * for the earliest pending call and is not cleared when a call settles: it fires, expires what is
 * due, and re-arms for the next pending call or stops. A cache reading Redis in a loop then costs a
 * Set insert and delete per call and a timer per `ms`, instead of a timer (armed and cleared) per call.
 */
export class RedisDeadline {
  readonly #pending = new Set<Pending>();
  #timer: TimerHandle | undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly module: string,
  ) {}

  /** `call`'s result, or OUTRIDER_DEADLINE_EXCEEDED once it has taken longer than `ms`. */
  run<T>(phase: string, call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { due: this.clock.now() + this.ms, phase, reject };
      this.#pending.add(pending);
      if (pending.due < this.#armedFor) this.#arm(pending.due);
      let working: Promise<T>;
      try {
        working = call();
      } catch (error) {
        this.#pending.delete(pending);
        reject(error);
        return;
      }
      working.then(
        (value) => {
          if (this.#pending.delete(pending)) resolve(value);
        },
        (error: unknown) => {
          if (this.#pending.delete(pending)) reject(error);
        },
      );
    });
  }

  #arm(due: number): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#armedFor = due;
    const timer = this.clock.setTimeout(() => this.#fire(), Math.max(0, due - this.clock.now()));
    // Only pending calls need it, and their Redis connection keeps the process up meanwhile: a
    // timer left armed after the last call must not hold the process open for up to `ms`.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const pending of this.#pending) {
      if (pending.due <= now) {
        this.#pending.delete(pending);
        pending.reject(
          new OutriderError(
            'OUTRIDER_DEADLINE_EXCEEDED',
            `module "${this.module}" did not finish ${pending.phase} within ${this.ms} ms`,
            { module: this.module, details: { phase: pending.phase, deadlineMs: this.ms } },
          ),
        );
      } else if (pending.due < next) {
        next = pending.due;
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
  }
}
