import { formatDuration } from '@outrider/core';
import type { Cron } from 'croner';

/** Fires due in a window: how many, and the latest one. */
export interface MissedFires {
  count: number;
  last: number;
}

/** When a job is due. Times are ms since the epoch on the scheduler's clock. */
export interface Trigger {
  /** Human-readable, for list(): `every 31s`, `cron 7 3 * * * (Asia/Seoul)`, `after a, b`. */
  readonly description: string;
  /** Restarts the schedule at `now` (interval jobs count their period from here, or from startAt). */
  reset(now: number): void;
  /** The first fire strictly after `time`, or undefined when there is none. */
  nextAfter(time: number): number | undefined;
  /** The fires in [`from`, `until`]; `from` is itself a fire. Counts at most `limit`. */
  firesBetween(from: number, until: number, limit: number): MissedFires;
}

/** Fixed rate: anchor + k × every, so a slow tick never drifts the grid. */
export class IntervalTrigger implements Trigger {
  readonly description: string;
  #anchor = 0;

  constructor(
    readonly every: number,
    readonly startAt: number | undefined,
  ) {
    this.description = `every ${formatDuration(every)}`;
  }

  reset(now: number): void {
    this.#anchor = this.startAt ?? now;
  }

  nextAfter(time: number): number {
    // The first fire is startAt itself; without startAt, one period after scheduling.
    if (this.startAt !== undefined && time < this.startAt) return this.startAt;
    return this.#anchor + (Math.floor((time - this.#anchor) / this.every) + 1) * this.every;
  }

  firesBetween(from: number, until: number): MissedFires {
    const count = Math.floor((until - from) / this.every) + 1;
    return { count, last: from + (count - 1) * this.every };
  }
}

/** A cron pattern in a timezone; croner does the calendar and DST arithmetic. */
export class CronTrigger implements Trigger {
  readonly description: string;
  readonly #cron: Cron;

  /** `cron` is a paused croner job with no function: only its date arithmetic is used. */
  constructor(
    cron: Cron,
    pattern: string,
    timezone: string | undefined,
    readonly startAt: number | undefined,
  ) {
    this.#cron = cron;
    this.description = `cron ${pattern}${timezone === undefined ? '' : ` (${timezone})`}`;
  }

  reset(): void {}

  nextAfter(time: number): number | undefined {
    const from = this.startAt !== undefined && time < this.startAt ? this.startAt - 1 : time;
    return this.#cron.nextRun(new Date(from))?.getTime();
  }

  firesBetween(from: number, until: number, limit: number): MissedFires {
    let count = 1;
    let last = from;
    for (let next = this.nextAfter(from); next !== undefined && next <= until && count < limit; ) {
      count++;
      last = next;
      next = this.nextAfter(next);
    }
    return { count, last };
  }
}

/** A job that only runs after others (or by runNow): never due on its own. */
export class AfterOnlyTrigger implements Trigger {
  constructor(readonly description: string) {}
  reset(): void {}
  nextAfter(): undefined {
    return undefined;
  }
  firesBetween(from: number): MissedFires {
    return { count: 1, last: from };
  }
}
