import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type Duration,
  type Logger,
  OutriderError,
  parseDuration,
  silentLogger,
  systemClock,
  type TimerHandle,
} from '@outrider/core';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { LockLease, LockProvider, LockRequest } from './lock.js';
import { LockMetrics, type UnavailablePolicy } from './lock-metrics.js';
import { defineLockScripts } from './redis-lock-scripts.js';

export interface RedisLockOptions {
  /** An ioredis client (best made with `enableOfflineQueue: false`). The provider never closes it. */
  redis: Redis;
  /** Prefix of every key. Default `outrider:lock:`. */
  prefix?: string;
  /** A lease lasts this long unless renewed; a run in progress renews it every third of it. Default 15s. */
  lease?: Duration;
  /** How long a request may wait for Redis before it counts as unavailable. Default 1s. */
  timeout?: Duration;
  /** When Redis does not answer: skip the fire and count it (default), or run it here without a lease. */
  whenUnavailable?: UnavailablePolicy;
  /** When given, the provider counts leases, contention, losses and outages here. */
  registry?: Registry;
  clock?: Clock;
  logger?: Logger;
}

/** What {@link RedisLockProvider.status} reports. */
export interface RedisLockStatus {
  /** The client's connection state (`ready`, `connecting`, `reconnecting`, `end`, ...). */
  connection: string;
  /** Keys whose lease this provider holds now. */
  held: string[];
  acquired: number;
  contended: number;
  lost: number;
  unavailable: number;
  lastError: string | null;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Scheduler locks shared by replicas on many hosts, in one Redis. A fire is known by its job and
 * scheduled time: the first replica to claim it runs it, and a replica that comes late, however
 * late, finds it ran and skips. While a run is in progress its lease is renewed; each lease carries
 * a fencing token from a per-key counter in Redis.
 *
 * One Redis instance is not safe under every partition: a holder that is paused longer than its
 * lease can run on after another replica took over. The fencing token is what closes that gap for
 * writes that go elsewhere (see {@link RedisLockProvider.isCurrent}).
 */
export class RedisLockProvider implements LockProvider {
  readonly alignsFires = true;
  readonly #redis: Redis;
  readonly #scripts: ReturnType<typeof defineLockScripts>;
  readonly #prefix: string;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #policy: UnavailablePolicy;
  readonly #metrics: LockMetrics | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #held = new Set<string>();
  readonly #counts = { acquired: 0, contended: 0, lost: 0, unavailable: 0 };
  #lastError: string | null = null;

  constructor(options: RedisLockOptions) {
    this.#redis = options.redis;
    this.#scripts = defineLockScripts(options.redis);
    this.#prefix = options.prefix ?? 'outrider:lock:';
    this.#leaseMs = parseDuration(options.lease ?? '15s', 'lease');
    this.#timeoutMs = parseDuration(options.timeout ?? '1s', 'timeout');
    this.#policy = options.whenUnavailable ?? 'skip';
    if (this.#policy !== 'skip' && this.#policy !== 'run-locally') {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        `whenUnavailable: expected "skip" or "run-locally", got ${JSON.stringify(options.whenUnavailable)}`,
      );
    }
    this.#metrics = options.registry === undefined ? undefined : new LockMetrics(options.registry);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  async acquire({ key, fireAt }: LockRequest): Promise<LockLease | undefined> {
    const keys = this.#keys(key);
    const token = randomUUID();
    let answer: [number, string] | typeof TIMED_OUT;
    try {
      answer = await this.#withinTimeout(
        this.#scripts.acquire(...keys, token, this.#leaseMs, fireAt ?? '') as Promise<[number, string]>,
      );
    } catch (error) {
      return this.#unavailable(key, error);
    }
    if (answer === TIMED_OUT) {
      // Redis may still apply the request once it answers again: take that lease back.
      this.#scripts.release(keys[0], token).catch(() => {});
      return this.#unavailable(key, new Error(`no answer from Redis within ${this.#timeoutMs} ms`));
    }
    const [fencingToken, outcome] = answer;
    if (outcome !== 'ok') {
      this.#counts.contended++;
      this.#metrics?.contended(key, outcome === 'ran' ? 'ran' : 'held');
      return undefined;
    }
    this.#counts.acquired++;
    this.#metrics?.acquired(key);
    return this.#lease(key, keys[0], token, fencingToken);
  }

  /**
   * Whether `fencingToken` is still the newest lease of `key`. A job checks before a write that
   * must not come from a replica whose lease has passed on; a stale token is counted.
   */
  async isCurrent(key: string, fencingToken: number): Promise<boolean> {
    const latest = Number(await this.#redis.get(this.#keys(key)[2]));
    if (fencingToken >= latest) return true;
    this.#metrics?.fencingRejected(key);
    return false;
  }

  status(): RedisLockStatus {
    return {
      connection: this.#redis.status,
      held: [...this.#held],
      ...this.#counts,
      lastError: this.#lastError,
    };
  }

  /** The lease, fire and fence keys of `key`, in one hash slot. */
  #keys(key: string): [string, string, string] {
    const base = `${this.#prefix}{${key}}`;
    return [`${base}:lease`, `${base}:fire`, `${base}:fence`];
  }

  #lease(key: string, leaseKey: string, token: string, fencingToken: number): LockLease {
    this.#held.add(key);
    let renewal: TimerHandle | undefined;
    let released = false;
    const renew = () => {
      renewal = this.#clock.setTimeout(() => {
        this.#withinTimeout(this.#scripts.renew(leaseKey, token, this.#leaseMs) as Promise<number>)
          .then((extended) => {
            if (released) return;
            if (extended === 1) renew();
            else this.#lose(key, extended === TIMED_OUT ? 'Redis did not answer' : 'another owner holds it');
          })
          .catch((error: unknown) => {
            if (!released) this.#lose(key, String(error));
          });
      }, this.#leaseMs / 3);
    };
    renew();
    return {
      fencingToken,
      release: async () => {
        if (released) return;
        released = true;
        if (renewal !== undefined) this.#clock.clearTimeout(renewal);
        this.#held.delete(key);
        // The fire marker, not a held-on lease, keeps late replicas from running this fire again.
        await this.#withinTimeout(this.#scripts.release(leaseKey, token) as Promise<number>);
      },
    };
  }

  #lose(key: string, why: string): void {
    this.#held.delete(key);
    this.#counts.lost++;
    this.#metrics?.lost(key);
    this.#logger.warn({ key, why }, 'lock lease lost while the run is in progress');
  }

  #unavailable(key: string, error: unknown): LockLease | undefined {
    this.#lastError = String(error);
    this.#counts.unavailable++;
    this.#metrics?.unavailable(key, this.#policy);
    this.#logger.warn({ key, err: this.#lastError, policy: this.#policy }, 'Redis lock unavailable');
    return this.#policy === 'run-locally' ? { release() {} } : undefined;
  }

  #withinTimeout<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    let timer: TimerHandle | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = this.#clock.setTimeout(() => resolve(TIMED_OUT), this.#timeoutMs);
    });
    return Promise.race([work, deadline]).finally(() => {
      if (timer !== undefined) this.#clock.clearTimeout(timer);
    });
  }
}
