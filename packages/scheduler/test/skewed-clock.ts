import { type Clock, ManualClock } from '@outrider/core';

/**
 * A ManualClock whose now() can jump ahead of its timers: `stall(ms)` makes the next timer fire
 * `ms` late, as after an event-loop stall or a laptop sleep.
 */
export class StallingClock implements Clock {
  readonly manual: ManualClock;
  #late = 0;

  constructor(start = 0) {
    this.manual = new ManualClock(start);
  }

  now(): number {
    return this.manual.now() + this.#late;
  }

  setTimeout(callback: () => void, ms: number) {
    return this.manual.setTimeout(callback, ms);
  }

  clearTimeout(handle: Parameters<Clock['clearTimeout']>[0]): void {
    this.manual.clearTimeout(handle);
  }

  stall(ms: number): void {
    this.#late += ms;
  }

  advance(ms: number): Promise<void> {
    return this.manual.advance(ms);
  }
}
