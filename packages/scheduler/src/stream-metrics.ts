import { counter, gauge } from '@outrider/metrics';
import type { Registry } from 'prom-client';

/** Where a stream queue's numbers come from at scrape time. */
export interface StreamSource {
  readonly name: string;
  redelivered(): number;
  /** Entries not yet read by the group, and entries read but not acknowledged. */
  backlog(): Promise<{ unread: number; unacknowledged: number }>;
}

/** Queues reporting to each registry; a queue reports for the life of its registry. */
const sourcesByRegistry = new WeakMap<Registry, Set<StreamSource>>();

/**
 * The series a Redis Streams queue adds to BatchQueue's: re-deliveries and the backlog in Redis,
 * read when scraped (the backlog asks Redis then; a scrape while Redis is down leaves it out).
 */
export function reportStreamTo(registry: Registry, source: StreamSource): void {
  let sources = sourcesByRegistry.get(registry);
  if (sources === undefined) {
    const all = new Set<StreamSource>();
    sources = all;
    sourcesByRegistry.set(registry, all);
    counter(registry, {
      name: 'outrider_queue_redelivered_total',
      help: 'Stream entries claimed from a consumer that did not acknowledge them in time (possible duplicates).',
      labelNames: ['queue'],
      collect() {
        this.reset();
        for (const queue of all) this.inc({ queue: queue.name }, queue.redelivered());
      },
    });
    gauge(registry, {
      name: 'outrider_queue_stream_backlog',
      help: 'Stream entries waiting in Redis: unread by the group, or read and not yet acknowledged.',
      labelNames: ['queue', 'state'],
      async collect() {
        this.reset();
        for (const queue of all) {
          const backlog = await queue.backlog().catch(() => undefined);
          if (backlog === undefined) continue;
          this.set({ queue: queue.name, state: 'unread' }, backlog.unread);
          this.set({ queue: queue.name, state: 'unacknowledged' }, backlog.unacknowledged);
        }
      },
    });
  }
  sources.add(source);
}
