import { counter, gauge, histogram } from '@outrider/metrics';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ItemOutcome = 'processed' | 'failed' | 'dropped' | 'rejected';

/** BatchQueue's prom-client metrics; see the README for names and labels. */
export class QueueMetrics {
  readonly #items: Counter<'queue' | 'outcome'>;
  readonly #pending: Gauge<'queue'>;
  readonly #batchDuration: Histogram<'queue'>;

  constructor(
    registry: Registry,
    private readonly queue: string,
  ) {
    this.#items = counter(registry, {
      name: 'outrider_queue_items_total',
      help: 'Items that left a batch queue, by outcome (processed, failed, dropped, rejected).',
      labelNames: ['queue', 'outcome'],
    });
    this.#pending = gauge(registry, {
      name: 'outrider_queue_pending',
      help: 'Items waiting in a batch queue (not counting the batch in flight).',
      labelNames: ['queue'],
    });
    this.#batchDuration = histogram(registry, {
      name: 'outrider_queue_batch_duration_seconds',
      help: 'Time to process one batch.',
      labelNames: ['queue'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    });
  }

  items(outcome: ItemOutcome, count: number): void {
    if (count > 0) this.#items.inc({ queue: this.queue, outcome }, count);
  }

  pending(count: number): void {
    this.#pending.set({ queue: this.queue }, count);
  }

  batch(durationMs: number): void {
    this.#batchDuration.observe({ queue: this.queue }, durationMs / 1000);
  }
}
