import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { orZero, quantile, rate, sel } from '../lib/query.js';

const items = () =>
  panel({
    title: 'Queue items by outcome',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      { expr: `sum by (queue, outcome) (${rate('outrider_queue_items_total')})`, legend: '{{queue}} {{outcome}}' },
    ],
  });

const pending = () =>
  panel({
    title: 'Queue pending',
    kind: 'timeseries',
    width: 6,
    queries: [{ expr: `sum by (instance, queue) (outrider_queue_pending${sel()})`, legend: '{{instance}} {{queue}}' }],
  });

const batchDuration = () =>
  panel({
    title: 'Batch duration p99',
    kind: 'timeseries',
    unit: 's',
    width: 6,
    queries: [{ expr: quantile(0.99, 'outrider_queue_batch_duration_seconds', 'queue'), legend: '{{queue}}' }],
  });

const streamBacklog = () =>
  panel({
    title: 'Stream backlog',
    description: 'Redis Streams queues: entries no consumer has read yet, and entries read but not yet acknowledged.',
    kind: 'timeseries',
    queries: [
      {
        expr: `sum by (queue, state) (outrider_queue_stream_backlog${sel()})`,
        legend: '{{queue}} {{state}}',
      },
    ],
  });

const redelivered = () =>
  panel({
    title: 'Stream redeliveries',
    description: 'Entries claimed from a consumer that died or stalled before acknowledging them: possible duplicates.',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(
          `sum by (queue) (${rate('outrider_queue_redelivered_total')})`,
          `sum by (queue) (outrider_queue_stream_backlog${sel()})`,
        ),
        legend: '{{queue}}',
      },
    ],
  });

/** BatchQueue: throughput by outcome, backlog, batch time; for Redis Streams queues, the backlog in Redis. */
export function queueRow(): Row {
  return {
    title: 'Batch queues',
    panels: [items(), pending(), batchDuration(), streamBacklog(), redelivered()],
  };
}
