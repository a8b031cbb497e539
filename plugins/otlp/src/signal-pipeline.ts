import type { SidecarPluginContext } from '@outrider/plugin-api';
import type { BatchQueue } from '@outrider/scheduler';
import type { OtlpConfig } from './config.js';
import type { OwnMetrics } from './own-metrics.js';
import type { QueueItem } from './queue-item.js';
import type { SpooledSignal } from './spool.js';

/** Where batches go: the disk spool (an endpoint is set) or the in-memory store. */
export type BatchSink = (signal: SpooledSignal, batch: QueueItem[]) => Promise<void> | void;

/** A batch could not be written; the request that brought its items gets 503 so the sender retries. */
export class SinkFailedError extends Error {
  override readonly name = 'SinkFailedError';
}

/**
 * The spans or log records of one signal on their way from the receiver to the sink, through a
 * BatchQueue. `accept` resolves once the request's items are in the sink (for the spool: on disk),
 * so a sender is acknowledged only for what survives a crash.
 */
export class SignalPipeline {
  readonly queue: BatchQueue<QueueItem>;
  readonly #signal: SpooledSignal;
  readonly #own: OwnMetrics;
  #failures = 0;

  constructor(
    ctx: SidecarPluginContext,
    signal: SpooledSignal,
    config: OtlpConfig['queue'],
    sink: BatchSink,
    own: OwnMetrics,
  ) {
    this.#signal = signal;
    this.#own = own;
    this.queue = ctx.createQueue<QueueItem>({
      name: `${ctx.instanceName}-${signal}`,
      batchSize: config.batchSize,
      flushInterval: config.flushInterval,
      maxPending: config.maxPending,
      onFull: 'block',
      process: async (batch) => {
        try {
          await sink(signal, batch);
        } catch (error) {
          this.#failures++;
          throw error;
        }
      },
    });
  }

  start(): void {
    this.queue.start();
  }

  async accept(items: readonly QueueItem[]): Promise<void> {
    const failuresBefore = this.#failures;
    const { pending, maxPending, waitingProducers, state } = this.queue.stats();
    if (state === 'running' && waitingProducers === 0 && pending + items.length <= maxPending) {
      // Room for all: every push resolves at once, so skip holding a thousand resolved promises.
      for (const item of items) void this.queue.push(item);
    } else {
      const pushes: Promise<void>[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) pushes[i] = this.queue.push(items[i] as QueueItem);
      await Promise.all(pushes);
    }
    this.#own.queueItems(this.#signal, this.queue.pending);
    await this.queue.flush();
    this.#own.queueItems(this.#signal, this.queue.pending);
    // A batch failed while ours were in flight: ours may have been in it.
    if (this.#failures !== failuresBefore) throw new SinkFailedError(`${this.#signal} batch could not be written`);
  }

  async stop(signal: AbortSignal): Promise<void> {
    const droppedBefore = this.queue.stats().dropped;
    await this.queue.stop(signal);
    const dropped = this.queue.stats().dropped - droppedBefore;
    if (dropped > 0) this.#own.dropped(this.#signal, 'stopped', dropped);
  }
}
