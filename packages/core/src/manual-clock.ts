import type { Clock, TimerHandle } from './clock.js';

interface PendingTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** Lets queued promise callbacks run before the next timer fires. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock that only moves when told to. Timers fire in due order, and the promise work each one
 * schedules runs before the next fires, so async code behaves as it would in real time.
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: PendingTimer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.#nextId++, due: this.#now + Math.max(0, ms), callback };
    this.#timers.push(timer);
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== (handle as unknown as number));
  }

  /** How many timers are waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.due > target) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = next.due;
      next.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /**
   * Advances timer by timer until `done()` is true, at most `limitMs` of virtual time: for
   * awaiting an outcome without knowing how many backoff steps lead to it.
   */
  async runUntil(done: () => boolean, limitMs = 3_600_000): Promise<void> {
    const limit = this.#now + limitMs;
    await settle();
    while (!done()) {
      const next = this.#earliest();
      if (next === undefined || next.due > limit) {
        throw new Error(`ManualClock.runUntil: condition still false after ${limitMs} ms of virtual time`);
      }
      await this.advance(next.due - this.#now);
    }
  }

  #earliest(): PendingTimer | undefined {
    let earliest: PendingTimer | undefined;
    for (const timer of this.#timers) {
      if (earliest === undefined || timer.due < earliest.due) earliest = timer;
    }
    return earliest;
  }
}
