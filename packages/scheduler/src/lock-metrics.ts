import { counter } from '@outrider/metrics';
import type { Counter, Registry } from 'prom-client';

/** Why a lease was not granted: another owner holds it, or the fire already ran elsewhere. */
export type ContendedReason = 'held' | 'ran';

/** What RedisLockProvider did when Redis did not answer. */
export type UnavailablePolicy = 'skip' | 'run-locally';

/** A distributed lock provider's counters, keyed by lock key (the scheduler's job id). */
export class LockMetrics {
  readonly #acquired: Counter<'key'>;
  readonly #contended: Counter<'key' | 'reason'>;
  readonly #lost: Counter<'key'>;
  readonly #unavailable: Counter<'key' | 'policy'>;
  readonly #fencingRejections: Counter<'key'>;

  constructor(registry: Registry) {
    this.#acquired = counter(registry, {
      name: 'outrider_lock_acquired_total',
      help: 'Leases granted by the distributed lock.',
      labelNames: ['key'],
    });
    this.#contended = counter(registry, {
      name: 'outrider_lock_contended_total',
      help: 'Leases refused: held by another owner, or the fire already ran on another replica.',
      labelNames: ['key', 'reason'],
    });
    this.#lost = counter(registry, {
      name: 'outrider_lock_lost_total',
      help: 'Leases that could not be renewed while their run was still in progress.',
      labelNames: ['key'],
    });
    this.#unavailable = counter(registry, {
      name: 'outrider_lock_unavailable_total',
      help: 'Lease requests Redis did not answer in time, by what was done (skip, run-locally).',
      labelNames: ['key', 'policy'],
    });
    this.#fencingRejections = counter(registry, {
      name: 'outrider_lock_fencing_rejections_total',
      help: 'Fencing tokens found stale: a newer lease of the key had been granted.',
      labelNames: ['key'],
    });
  }

  acquired(key: string): void {
    this.#acquired.inc({ key });
  }

  contended(key: string, reason: ContendedReason): void {
    this.#contended.inc({ key, reason });
  }

  lost(key: string): void {
    this.#lost.inc({ key });
  }

  unavailable(key: string, policy: UnavailablePolicy): void {
    this.#unavailable.inc({ key, policy });
  }

  fencingRejected(key: string): void {
    this.#fencingRejections.inc({ key });
  }
}
