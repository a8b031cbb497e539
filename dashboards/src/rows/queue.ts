import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { quantile, rate, sel } from '../lib/query.js';

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

/** BatchQueue: throughput by outcome, backlog, batch time. */
export function queueRow(): Row {
  return { title: 'Batch queues', panels: [items(), pending(), batchDuration()] };
}
