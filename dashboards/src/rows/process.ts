import type { Thresholds } from '../config.js';
import type { Row } from '../lib/dashboard.js';
import { panel, redFrom } from '../lib/panels.js';
import { rate, sel } from '../lib/query.js';

const cpu = (thresholds: Thresholds) =>
  panel({
    title: 'CPU',
    description: 'Share of one core.',
    kind: 'timeseries',
    unit: 'percentunit',
    thresholds: redFrom(thresholds.cpuRatio),
    queries: [{ expr: `sum by (instance) (${rate('process_cpu_seconds_total')})`, legend: '{{instance}}' }],
  });

const memory = () =>
  panel({
    title: 'Memory',
    kind: 'timeseries',
    unit: 'bytes',
    queries: [
      { expr: `max by (instance) (process_resident_memory_bytes${sel()})`, legend: '{{instance}} resident' },
      { expr: `sum by (instance) (nodejs_heap_size_used_bytes${sel()})`, legend: '{{instance}} heap used' },
    ],
  });

const eventLoopLag = (thresholds: Thresholds) =>
  panel({
    title: 'Event-loop lag p99',
    kind: 'timeseries',
    unit: 's',
    thresholds: redFrom(thresholds.eventLoopLagSeconds),
    queries: [{ expr: `max by (instance) (nodejs_eventloop_lag_p99_seconds${sel()})`, legend: '{{instance}}' }],
  });

const gc = () =>
  panel({
    title: 'Garbage collection',
    description: 'Share of wall time spent in GC, by kind.',
    kind: 'timeseries',
    unit: 'percentunit',
    queries: [
      { expr: `sum by (instance, kind) (${rate('nodejs_gc_duration_seconds_sum')})`, legend: '{{instance}} {{kind}}' },
    ],
  });

/** The sidecar process itself: CPU, memory, event loop, GC. */
export function processRow(thresholds: Thresholds): Row {
  return { title: 'Process', panels: [cpu(thresholds), memory(), eventLoopLag(thresholds), gc()] };
}
