import {
  type Clock,
  type Duration,
  type Logger,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
  OutriderError,
  parseDuration,
  silentLogger,
  systemClock,
  type TimerHandle,
} from '@outrider/core';
import type { Registry } from 'prom-client';
import { schedulerErrors } from './error-codes.js';
import { QueueMetrics } from './queue-metrics.js';

/** What push() does when `maxPending` items wait: wait for room, drop the oldest, or throw OUTRIDER_QUEUE_FULL. */
export type OnFull = 'block' | 'drop-oldest' | 'reject';

export interface BatchQueueOptions<T> {
  /** Handles one batch. A throw counts the batch's items as failed; they are not retried. */
  process(batch: T[], ctx: { signal: AbortSignal }): Promise<void> | void;
  /** Module name and metric label. Default `'queue'`. */
  name?: string;
  /** Items per batch; a full batch is processed at once. Default 100. */
  batchSize?: number;
  /** A partial batch waits at most this long. Default `'1s'`. */
  flushInterval?: Duration;
  /** Items that may wait (the batch in flight not counted). Default 10000. */
  maxPending?: number;
  /** Default `'block'`. */
  onFull?: OnFull;
  clock?: Clock;
  logger?: Logger;
  registry?: Registry;
}

/** stats(): plain JSON, what the sidecar serves at /api/tasks/queue/stats. */
export interface BatchQueueStats {
  name: string;
  state: ModuleStatus;
  pending: number;
  inFlight: number;
  waitingProducers: number;
  batchSize: number;
  maxPending: number;
  onFull: OnFull;
  /** Items accepted by push(). */
  pushed: number;
  processed: number;
  failed: number;
  dropped: number;
  rejected: number;
  batches: number;
  failedBatches: number;
  lastFlush: string | null;
  lastError: string | null;
}

interface Waiter<T> {
  item: T;
  resolve(): void;
  reject(error: OutriderError): void;
}

const ON_FULL: readonly OnFull[] = ['block', 'drop-oldest', 'reject'];

function positiveInteger(value: number, option: string): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `BatchQueue ${option}: expected an integer > 0, got ${value}`, {
    details: { option },
  });
}

/**
 * Collects items and hands them to `process` in batches: when `batchSize` are waiting or
 * `flushInterval` after the first, one batch at a time. push() applies backpressure at
 * `maxPending`; stop() drains what is waiting before its deadline.
 */
export class BatchQueue<T> implements ModuleInterface {
  readonly name: string;
  readonly #process: BatchQueueOptions<T>['process'];
  readonly #batchSize: number;
  readonly #flushInterval: number;
  readonly #maxPending: number;
  readonly #onFull: OnFull;
  readonly #explicitClock: boolean;
  readonly #metrics: QueueMetrics | undefined;
  #clock: Clock;
  #logger: Logger;
  #status: ModuleStatus = 'registered';
  /** Waiting items are #items[#head..]; the consumed front is trimmed now and then. */
  #items: T[] = [];
  #head = 0;
  #waiters: Waiter<T>[] = [];
  #inFlight = 0;
  #pumping: Promise<void> | undefined;
  #timer: TimerHandle | undefined;
  #closed = false;
  #controller = new AbortController();
  /** Sequence counters: accepted into the queue, taken off it, and finished (processed, failed or dropped). */
  #accepted = 0;
  #taken = 0;
  #done = 0;
  #flushTarget = 0;
  #flushWaiters: { target: number; resolve(): void }[] = [];
  readonly #counts = { processed: 0, failed: 0, dropped: 0, rejected: 0, batches: 0, failedBatches: 0 };
  #lastFlush: number | undefined;
  #lastError: string | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: BatchQueueOptions<T>) {
    if (typeof options?.process !== 'function') {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'BatchQueue process: expected a function', {
        details: { option: 'process' },
      });
    }
    this.name = options.name ?? 'queue';
    this.#process = options.process;
    this.#batchSize = positiveInteger(options.batchSize ?? 100, 'batchSize');
    this.#maxPending = positiveInteger(options.maxPending ?? 10_000, 'maxPending');
    this.#flushInterval = parseDuration(options.flushInterval ?? '1s', 'flushInterval');
    this.#onFull = options.onFull ?? 'block';
    if (!ON_FULL.includes(this.#onFull)) {
      throw new OutriderError(
        'OUTRIDER_INVALID_ARGUMENT',
        `BatchQueue onFull: expected one of ${ON_FULL.join(', ')}, got ${JSON.stringify(options.onFull)}`,
        { details: { option: 'onFull' } },
      );
    }
    this.#explicitClock = options.clock !== undefined;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#metrics = options.registry === undefined ? undefined : new QueueMetrics(options.registry, this.name);
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  get pending(): number {
    return this.#items.length - this.#head;
  }

  initialize(ctx: ModuleContext): void {
    if (!this.#explicitClock) this.#clock = ctx.clock;
    this.#logger = ctx.logger;
    this.#status = 'initialized';
  }

  start(): void {
    this.#status = 'running';
  }

  /**
   * Adds an item. Resolves once it is queued (not processed); with `onFull: 'block'` that waits
   * for room. Rejects with OUTRIDER_QUEUE_FULL (`reject`) or OUTRIDER_QUEUE_CLOSED (after stop).
   */
  push(item: T): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError());
    if (this.pending < this.#maxPending && this.#waiters.length === 0) {
      this.#enqueue(item);
      return Promise.resolve();
    }
    if (this.#onFull === 'drop-oldest') {
      this.#drop(1);
      this.#enqueue(item);
      return Promise.resolve();
    }
    if (this.#onFull === 'reject') {
      this.#counts.rejected++;
      this.#metrics?.items('rejected', 1);
      return Promise.reject(
        schedulerErrors.create('OUTRIDER_QUEUE_FULL', `queue "${this.name}" holds ${this.#maxPending} items`, {
          module: this.name,
          details: { maxPending: this.#maxPending },
        }),
      );
    }
    return new Promise((resolve, reject) => this.#waiters.push({ item, resolve, reject }));
  }

  /** Processes everything queued so far, in batches; resolves when those batches are done. */
  flush(): Promise<void> {
    const target = this.#accepted;
    if (this.#done >= target) return Promise.resolve();
    this.#flushTarget = Math.max(this.#flushTarget, target);
    const done = new Promise<void>((resolve) => this.#flushWaiters.push({ target, resolve }));
    this.#kick();
    return done;
  }

  /** Takes no new items, rejects blocked producers, and drains the rest until `signal` aborts. */
  stop(signal?: AbortSignal): Promise<void> {
    this.#stopping ??= this.#stop(signal);
    return this.#stopping;
  }

  async #stop(signal: AbortSignal | undefined): Promise<void> {
    this.#status = 'stopping';
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#closedError());
    const onAbort = () => {
      this.#controller.abort(signal?.reason);
      this.#drop(this.pending);
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([this.flush(), deadline]);
    signal?.removeEventListener('abort', onAbort);
    this.#disarm();
    this.#status = 'stopped';
  }

  stats(): BatchQueueStats {
    return {
      name: this.name,
      state: this.#status,
      pending: this.pending,
      inFlight: this.#inFlight,
      waitingProducers: this.#waiters.length,
      batchSize: this.#batchSize,
      maxPending: this.#maxPending,
      onFull: this.#onFull,
      pushed: this.#accepted,
      ...this.#counts,
      lastFlush: this.#lastFlush === undefined ? null : new Date(this.#lastFlush).toISOString(),
      lastError: this.#lastError ?? null,
    };
  }

  #closedError(): OutriderError {
    return schedulerErrors.create('OUTRIDER_QUEUE_CLOSED', `queue "${this.name}" is stopped`, { module: this.name });
  }

  #enqueue(item: T): void {
    this.#items.push(item);
    this.#accepted++;
    this.#metrics?.pending(this.pending);
    if (this.pending >= this.#batchSize) this.#kick();
    else if (this.#timer === undefined) this.#arm();
  }

  /** Drops the `count` oldest waiting items. */
  #drop(count: number): void {
    if (count <= 0) return;
    this.#head += count;
    this.#taken += count;
    this.#counts.dropped += count;
    this.#metrics?.items('dropped', count);
    this.#finished(count);
  }

  #take(count: number): T[] {
    const batch = this.#items.slice(this.#head, this.#head + count);
    this.#head += batch.length;
    this.#taken += batch.length;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    while (this.#waiters.length > 0 && this.pending < this.#maxPending) {
      const waiter = this.#waiters.shift() as Waiter<T>;
      this.#enqueue(waiter.item);
      waiter.resolve();
    }
    this.#metrics?.pending(this.pending);
    return batch;
  }

  #kick(): void {
    // Started on a microtask so that #take, which may admit producers and kick again, sees #pumping set.
    this.#pumping ??= Promise.resolve()
      .then(() => this.#pump())
      .finally(() => {
        this.#pumping = undefined;
        // Work that arrived while the loop was winding down.
        if (this.#hasWork()) this.#kick();
        else if (this.pending > 0 && this.#timer === undefined) this.#arm();
      });
  }

  /** A full batch waits, or a partial one the timer or flush() asked for. */
  #hasWork(): boolean {
    return this.pending > 0 && (this.pending >= this.#batchSize || this.#taken < this.#flushTarget);
  }

  async #pump(): Promise<void> {
    // One batch at a time.
    while (this.#hasWork()) {
      this.#disarm();
      await this.#processBatch(this.#take(this.#batchSize));
    }
  }

  async #processBatch(batch: T[]): Promise<void> {
    this.#inFlight = batch.length;
    const started = this.#clock.now();
    try {
      await this.#process(batch, { signal: this.#controller.signal });
      this.#counts.processed += batch.length;
      this.#metrics?.items('processed', batch.length);
    } catch (error) {
      this.#counts.failed += batch.length;
      this.#counts.failedBatches++;
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#metrics?.items('failed', batch.length);
      this.#logger.warn({ queue: this.name, items: batch.length, err: this.#lastError }, 'batch failed');
    }
    this.#inFlight = 0;
    this.#counts.batches++;
    this.#lastFlush = this.#clock.now();
    this.#metrics?.batch(this.#lastFlush - started);
    this.#finished(batch.length);
  }

  #finished(count: number): void {
    this.#done += count;
    if (this.#flushWaiters.length === 0) return;
    const ready = this.#flushWaiters.filter((waiter) => waiter.target <= this.#done);
    this.#flushWaiters = this.#flushWaiters.filter((waiter) => waiter.target > this.#done);
    for (const waiter of ready) waiter.resolve();
  }

  #arm(): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#flushTarget = Math.max(this.#flushTarget, this.#accepted);
      this.#kick();
    }, this.#flushInterval);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
