import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { metricIn } from './metric-registry.js';

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
    const registers = [registry];
    this.#items = metricIn(
      registry,
      'outrider_queue_items_total',
      () =>
        new Counter({
          name: 'outrider_queue_items_total',
          help: 'Items that left a batch queue, by outcome (processed, failed, dropped, rejected).',
          labelNames: ['queue', 'outcome'],
          registers,
        }),
    );
    this.#pending = metricIn(
      registry,
      'outrider_queue_pending',
      () =>
        new Gauge({
          name: 'outrider_queue_pending',
          help: 'Items waiting in a batch queue (not counting the batch in flight).',
          labelNames: ['queue'],
          registers,
        }),
    );
    this.#batchDuration = metricIn(
      registry,
      'outrider_queue_batch_duration_seconds',
      () =>
        new Histogram({
          name: 'outrider_queue_batch_duration_seconds',
          help: 'Time to process one batch.',
          labelNames: ['queue'],
          buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
          registers,
        }),
    );
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
