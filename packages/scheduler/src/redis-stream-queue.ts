import { hostname } from 'node:os';
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
  sleep,
  systemClock,
} from '@outrider/core';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { BatchQueueOptions } from './batch-queue.js';
import { schedulerErrors } from './error-codes.js';
import { QueueMetrics } from './queue-metrics.js';
import { reportStreamTo } from './stream-metrics.js';

export interface RedisStreamQueueOptions<T>
  extends Pick<BatchQueueOptions<T>, 'process' | 'name' | 'batchSize' | 'flushInterval' | 'clock' | 'logger'> {
  /** An ioredis client for pushes and acks; the consumer blocks on a duplicate of it. Not closed by the queue. */
  redis: Redis;
  /** The stream's key. Default `outrider:queue:<name>`. */
  stream?: string;
  /** The consumer group shared by every replica. Default `workers`. */
  group?: string;
  /** This consumer's name in the group; unique per replica. Default `<hostname>-<pid>`. */
  consumer?: string;
  /** Entries delivered to a consumer that has not acknowledged them for this long are claimed by another. Default `30s`. */
  reclaimAfter?: Duration;
  /** An entry delivered this many times without success goes to `<stream>:dead` instead. Default 5. */
  maxDeliveries?: number;
  /** Turns items into stream fields and back. Default JSON. */
  codec?: { encode(item: T): string; decode(text: string): T };
  registry?: Registry;
}

/** What stats() reports: the in-memory BatchQueue's counts, plus what a stream adds. */
export interface RedisStreamQueueStats {
  name: string;
  state: ModuleStatus;
  stream: string;
  group: string;
  consumer: string;
  pushed: number;
  processed: number;
  failed: number;
  batches: number;
  failedBatches: number;
  /** Entries claimed from a consumer that did not acknowledge them in time: each may be a duplicate. */
  redelivered: number;
  /** Entries moved to the dead-letter stream after maxDeliveries. */
  deadLettered: number;
  lastError: string | null;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * BatchQueue's Redis Streams backend: items survive the process. push() appends to a stream;
 * every replica reads it in batches through one consumer group and acknowledges a batch only after
 * `process` succeeded. Entries a crashed consumer never acknowledged are claimed by another after
 * `reclaimAfter` and processed again: every item is handled at least once, and the re-deliveries
 * are counted (`redelivered`), since some of them may already have been handled.
 */
export class RedisStreamQueue<T> implements ModuleInterface {
  readonly name: string;
  readonly #redis: Redis;
  readonly #process: BatchQueueOptions<T>['process'];
  readonly #stream: string;
  readonly #group: string;
  readonly #consumer: string;
  readonly #batchSize: number;
  readonly #blockMs: number;
  readonly #reclaimMs: number;
  readonly #maxDeliveries: number;
  readonly #codec: NonNullable<RedisStreamQueueOptions<T>['codec']>;
  readonly #metrics: QueueMetrics | undefined;
  #clock: Clock;
  #logger: Logger;
  #status: ModuleStatus = 'registered';
  #reader: Redis | undefined;
  #loop: Promise<void> | undefined;
  #controller = new AbortController();
  #claimCursor = '0-0';
  readonly #counts = {
    pushed: 0,
    processed: 0,
    failed: 0,
    batches: 0,
    failedBatches: 0,
    redelivered: 0,
    deadLettered: 0,
  };
  #lastError: string | null = null;

  constructor(options: RedisStreamQueueOptions<T>) {
    if (typeof options?.process !== 'function') {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'RedisStreamQueue process: expected a function', {
        details: { option: 'process' },
      });
    }
    this.name = options.name ?? 'queue';
    this.#redis = options.redis;
    this.#process = options.process;
    this.#stream = options.stream ?? `outrider:queue:${this.name}`;
    this.#group = options.group ?? 'workers';
    this.#consumer = options.consumer ?? `${hostname()}-${process.pid}`;
    this.#batchSize = wholeNumber(options.batchSize ?? 100, 'batchSize');
    this.#maxDeliveries = wholeNumber(options.maxDeliveries ?? 5, 'maxDeliveries');
    this.#blockMs = parseDuration(options.flushInterval ?? '1s', 'flushInterval');
    this.#reclaimMs = parseDuration(options.reclaimAfter ?? '30s', 'reclaimAfter');
    this.#codec = options.codec ?? { encode: (item) => JSON.stringify(item), decode: (text) => JSON.parse(text) as T };
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#metrics = options.registry === undefined ? undefined : new QueueMetrics(options.registry, this.name);
    if (options.registry !== undefined) {
      reportStreamTo(options.registry, {
        name: this.name,
        redelivered: () => this.#counts.redelivered,
        backlog: () => this.backlog(),
      });
    }
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(ctx: ModuleContext): void {
    this.#logger = ctx.logger;
    this.#clock = ctx.clock;
    this.#status = 'initialized';
  }

  /** Creates the group if needed (reading the stream from its start) and starts consuming. */
  async start(): Promise<void> {
    try {
      await this.#redis.xgroup('CREATE', this.#stream, this.#group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.#controller = new AbortController();
    this.#reader = this.#redis.duplicate({ enableOfflineQueue: true });
    this.#reader.on('error', () => {});
    this.#status = 'running';
    this.#loop = this.#consume(this.#reader);
  }

  /** Appends the item to the stream; resolves once Redis has it. */
  async push(item: T): Promise<void> {
    if (this.#status === 'stopping' || this.#status === 'stopped') {
      throw schedulerErrors.create('OUTRIDER_QUEUE_CLOSED', `queue "${this.name}" is stopped`, { module: this.name });
    }
    await this.#redis.xadd(this.#stream, '*', 'item', this.#codec.encode(item));
    this.#counts.pushed++;
  }

  /** Stops reading (within one `flushInterval`) and lets the batch in flight finish until `signal` aborts. */
  async stop(signal?: AbortSignal): Promise<void> {
    if (this.#status !== 'running') {
      this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    const abort = () => {
      this.#controller.abort(signal?.reason);
      this.#reader?.disconnect();
    };
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    await this.#loop;
    signal?.removeEventListener('abort', abort);
    this.#reader?.disconnect();
    this.#reader = undefined;
    this.#status = 'stopped';
  }

  stats(): RedisStreamQueueStats {
    return {
      name: this.name,
      state: this.#status,
      stream: this.#stream,
      group: this.#group,
      consumer: this.#consumer,
      ...this.#counts,
      lastError: this.#lastError,
    };
  }

  /**
   * What waits in Redis: entries no consumer of the group has read yet (Redis 7's group lag), and
   * entries read but not yet acknowledged (in a batch now, or left by a consumer that died).
   */
  async backlog(): Promise<{ unread: number; unacknowledged: number }> {
    const groups = (await this.#redis.xinfo('GROUPS', this.#stream)) as unknown[][];
    for (const fields of groups) {
      const info = Object.fromEntries(pairs(fields as (string | number | null)[]));
      if (info.name === this.#group)
        return { unread: Number(info.lag ?? 0), unacknowledged: Number(info.pending ?? 0) };
    }
    return { unread: 0, unacknowledged: 0 };
  }

  async #consume(reader: Redis): Promise<void> {
    while (this.#status === 'running') {
      try {
        const claimed = await this.#claim();
        if (claimed.length > 0) {
          await this.#handle(claimed, true);
          continue;
        }
        const read = (await reader.xreadgroup(
          'GROUP',
          this.#group,
          this.#consumer,
          'COUNT',
          this.#batchSize,
          'BLOCK',
          this.#blockMs,
          'STREAMS',
          this.#stream,
          '>',
        )) as [string, StreamEntry[]][] | null;
        const entries = read?.[0]?.[1] ?? [];
        if (entries.length > 0) await this.#handle(entries, false);
      } catch (error) {
        if (this.#status !== 'running') return;
        this.#lastError = String(error);
        this.#logger.warn({ queue: this.name, err: this.#lastError }, 'stream read failed; retrying');
        await sleep(this.#clock, Math.min(this.#blockMs, 1_000), this.#controller.signal).catch(() => {});
      }
    }
  }

  /** Entries other consumers (or this one, before a failed batch) left unacknowledged too long. */
  async #claim(): Promise<StreamEntry[]> {
    const [next, entries] = (await this.#redis.xautoclaim(
      this.#stream,
      this.#group,
      this.#consumer,
      this.#reclaimMs,
      this.#claimCursor,
      'COUNT',
      this.#batchSize,
    )) as [string, StreamEntry[], string[]?];
    this.#claimCursor = next;
    // Entries deleted from the stream come back as null fields: they are acknowledged away.
    return entries.filter((entry) => entry !== null && Array.isArray(entry[1]));
  }

  async #handle(entries: StreamEntry[], claimed: boolean): Promise<void> {
    let batch = entries;
    if (claimed) {
      this.#counts.redelivered += entries.length;
      batch = await this.#withoutDead(entries);
      if (batch.length === 0) return;
    }
    const items = batch.map(([, fields]) => this.#codec.decode(fields[fields.indexOf('item') + 1] as string));
    const ids = batch.map(([id]) => id);
    const started = this.#clock.now();
    try {
      await this.#process(items, { signal: this.#controller.signal });
    } catch (error) {
      // Left unacknowledged: claimed again after reclaimAfter, up to maxDeliveries.
      this.#counts.failed += items.length;
      this.#counts.failedBatches++;
      this.#counts.batches++;
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#metrics?.items('failed', items.length);
      this.#logger.warn({ queue: this.name, items: items.length, err: this.#lastError }, 'batch failed');
      return;
    }
    await this.#redis
      .multi()
      .xack(this.#stream, this.#group, ...ids)
      .xdel(this.#stream, ...ids)
      .exec();
    this.#counts.processed += items.length;
    this.#counts.batches++;
    this.#metrics?.items('processed', items.length);
    this.#metrics?.batch(this.#clock.now() - started);
  }

  /** Moves entries delivered maxDeliveries times or more to `<stream>:dead`; returns the rest. */
  async #withoutDead(entries: StreamEntry[]): Promise<StreamEntry[]> {
    const first = entries[0]?.[0] as string;
    const last = entries.at(-1)?.[0] as string;
    const pending = (await this.#redis.xpending(this.#stream, this.#group, first, last, entries.length)) as [
      string,
      string,
      number,
      number,
    ][];
    const deliveries = new Map(pending.map(([id, , , count]) => [id, count]));
    const live: StreamEntry[] = [];
    for (const entry of entries) {
      const [id, fields] = entry;
      if ((deliveries.get(id) ?? 0) <= this.#maxDeliveries) {
        live.push(entry);
        continue;
      }
      await this.#redis
        .multi()
        .xadd(`${this.#stream}:dead`, '*', ...fields, 'id', id)
        .xack(this.#stream, this.#group, id)
        .xdel(this.#stream, id)
        .exec();
      this.#counts.deadLettered++;
      this.#metrics?.items('dropped', 1);
    }
    return live;
  }
}

function wholeNumber(value: number, option: string): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new OutriderError(
    'OUTRIDER_INVALID_ARGUMENT',
    `RedisStreamQueue ${option}: expected an integer > 0, got ${value}`,
    {
      details: { option },
    },
  );
}

function* pairs(fields: (string | number | null)[]): Generator<[string, string | number | null]> {
  for (let i = 0; i + 1 < fields.length; i += 2) yield [String(fields[i]), fields[i + 1] as string | number | null];
}
