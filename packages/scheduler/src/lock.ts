import { type Clock, systemClock } from '@outrider/core';

/** A held lock. */
export interface LockLease {
  /**
   * Gives the lock up. With `holdMs` > 0 other owners still cannot take it for that long (its own
   * owner can): a peer whose timer for the same fire runs a few ms later then skips instead of
   * running the job a second time.
   */
  release(holdMs?: number): Promise<void> | void;
  /**
   * A number that grows with every lease of the key (from a provider that keeps one, such as
   * RedisLockProvider). A job that writes elsewhere passes it along so the other side can reject a
   * holder whose lease has since passed to someone else.
   */
  readonly fencingToken?: number;
}

export interface LockRequest {
  /** What is locked: the scheduler uses the job id. */
  key: string;
  /** Who asks: one id per scheduler instance. */
  owner: string;
  /** A holder that neither releases nor renews within this long is presumed dead. */
  ttlMs: number;
  /**
   * The scheduled time of the fire this lease is for (absent for manual and `after` runs). With it
   * a provider can refuse a fire that another owner already ran, however late this owner is.
   */
  fireAt?: number;
}

/** Decides which of several schedulers runs a job. May answer synchronously. */
export interface LockProvider {
  /** The lease, or undefined when another owner holds `key`. */
  acquire(request: LockRequest): Promise<LockLease | undefined> | LockLease | undefined;
  /**
   * True for providers shared across hosts: interval jobs without `startAt` then fire on multiples
   * of their period since the epoch, so every replica computes the same fire times.
   */
  readonly alignsFires?: boolean;
}

/** What a lock provider records per key. */
export interface LockRecord {
  owner: string;
  pid: number;
  /** Until when (ms since the epoch) the record blocks other owners. */
  until: number;
  /** Released and only held on for `holdMs`: its own owner may take it again. */
  released: boolean;
}

/** Whether `record` lets `owner` take the lock at `now`; `isAlive` answers for the holder's pid. */
export function canTake(record: LockRecord, owner: string, now: number, isAlive: (pid: number) => boolean): boolean {
  if (record.until <= now) return true;
  if (record.released) return record.owner === owner;
  return !isAlive(record.pid);
}

/**
 * Locks shared by the schedulers of one process (the default gives each scheduler its own, which
 * adds nothing to maxInstances; share one instance to make several schedulers exclusive).
 */
export class InProcessLockProvider implements LockProvider {
  readonly #records = new Map<string, LockRecord>();
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  acquire({ key, owner, ttlMs }: LockRequest): LockLease | undefined {
    const now = this.#clock.now();
    const held = this.#records.get(key);
    if (held !== undefined && !canTake(held, owner, now, () => true)) return undefined;
    const record: LockRecord = { owner, pid: process.pid, until: now + ttlMs, released: false };
    this.#records.set(key, record);
    return {
      release: (holdMs = 0) => {
        if (this.#records.get(key) !== record) return;
        if (holdMs > 0) {
          record.released = true;
          record.until = this.#clock.now() + holdMs;
        } else {
          this.#records.delete(key);
        }
      },
    };
  }
}
