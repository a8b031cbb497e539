import type { Clock, TimerHandle } from './clock.js';
import { OutriderError } from './errors.js';

interface Pending {
  readonly due: number;
  readonly expire: () => void;
}

/**
 * Puts deadlines on lifecycle phases. All pending deadlines share one timer, armed for the
 * earliest: starting a thousand modules then costs a Set insert per phase instead of a timer.
 */
export class Deadlines {
  readonly #pending = new Set<Pending>();
  #timer: TimerHandle | undefined;
  #armedFor = Number.POSITIVE_INFINITY;
  #disarming = false;

  constructor(private readonly clock: Clock) {}

  /**
   * Runs `work` and rejects with OUTRIDER_DEADLINE_EXCEEDED if it takes longer than `ms`;
   * `onExpired` runs first, so the caller can abort the work it started.
   */
  run<T>(
    ms: number,
    what: { module: string; phase: string },
    work: () => Promise<T> | T,
    onExpired?: (error: OutriderError) => void,
  ): Promise<T> {
    const due = this.clock.now() + ms;
    let result: Promise<T> | T;
    try {
      result = work();
    } catch (error) {
      return Promise.reject(error);
    }
    // Work that finished synchronously cannot have outlived a timer: no deadline to keep.
    if (!isPromiseLike(result)) return Promise.resolve(result);
    const working = result;
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        due,
        expire: () => {
          const error = new OutriderError(
            'OUTRIDER_DEADLINE_EXCEEDED',
            `module "${what.module}" did not finish ${what.phase} within ${ms} ms`,
            { module: what.module, details: { phase: what.phase, deadlineMs: ms } },
          );
          onExpired?.(error);
          reject(error);
        },
      };
      this.#add(pending);
      working.then(
        (value) => {
          this.#remove(pending);
          resolve(value);
        },
        (error: unknown) => {
          this.#remove(pending);
          reject(error);
        },
      );
    });
  }

  #add(pending: Pending): void {
    this.#pending.add(pending);
    if (pending.due < this.#armedFor) this.#arm(pending.due);
  }

  #remove(pending: Pending): void {
    this.#pending.delete(pending);
    // Disarmed once the event loop turns with nothing pending: phases that settle within one turn
    // (a wave of modules with quick hooks) reuse the armed timer instead of re-arming it each.
    if (this.#pending.size === 0 && this.#timer !== undefined && !this.#disarming) {
      this.#disarming = true;
      setImmediate(() => {
        this.#disarming = false;
        this.disarmIfIdle();
      });
    }
  }

  /** Clears the timer now if nothing is pending (the end of a start-up or shutdown). */
  disarmIfIdle(): void {
    if (this.#pending.size > 0 || this.#timer === undefined) return;
    this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  #arm(due: number): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#armedFor = due;
    this.#timer = this.clock.setTimeout(() => this.#fire(), Math.max(0, due - this.clock.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const pending of this.#pending) {
      if (pending.due <= now) {
        this.#pending.delete(pending);
        pending.expire();
      } else if (pending.due < next) {
        next = pending.due;
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
  }
}

function isPromiseLike<T>(value: Promise<T> | T): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** One deadline on its own timer: for a single call outside a manager. */
export function withDeadline<T>(
  clock: Clock,
  ms: number,
  what: { module: string; phase: string },
  work: () => Promise<T> | T,
  onExpired?: (error: OutriderError) => void,
): Promise<T> {
  return new Deadlines(clock).run(ms, what, work, onExpired);
}
