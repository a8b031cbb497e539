import type { Thresholds } from '../config.js';
import type { Row } from '../lib/dashboard.js';
import { panel, redFrom } from '../lib/panels.js';
import { orZero, quantile, rate, sel } from '../lib/query.js';

// The scheduler labels runs with `job_id` (never `job`, which Prometheus owns).
const RUNS = 'outrider_scheduler_runs_total';
const JOB = 'job_id';

const runs = () =>
  panel({
    title: 'Job runs by outcome',
    kind: 'timeseries',
    unit: 'ops',
    queries: [{ expr: `sum by (${JOB}, outcome) (${rate(RUNS)})`, legend: `{{${JOB}}} {{outcome}}` }],
  });

const failures = () =>
  panel({
    title: 'Job failures and timeouts',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: `sum by (instance, ${JOB}) (${rate(RUNS, 'outcome=~"failure|timeout"')})`,
        legend: `{{instance}} {{${JOB}}}`,
      },
    ],
  });

const lag = (thresholds: Thresholds) =>
  panel({
    title: 'Scheduler lag p99',
    description: 'Delay between when a run was due and when it started.',
    kind: 'timeseries',
    unit: 's',
    thresholds: redFrom(thresholds.schedulerLagSeconds),
    queries: [{ expr: quantile(0.99, 'outrider_scheduler_lag_seconds', 'instance'), legend: '{{instance}}' }],
  });

const duration = () =>
  panel({
    title: 'Run duration p95',
    kind: 'timeseries',
    unit: 's',
    queries: [{ expr: quantile(0.95, 'outrider_scheduler_run_duration_seconds', JOB), legend: `{{${JOB}}}` }],
  });

const running = () =>
  panel({
    title: 'Runs in flight',
    kind: 'timeseries',
    queries: [{ expr: `sum by (${JOB}) (outrider_scheduler_running${sel()})`, legend: `{{${JOB}}}` }],
  });

const skips = () =>
  panel({
    title: 'Skipped fires',
    description: 'Fires that did not run: overlap, misfire, coalesced, lock held elsewhere.',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(
          `sum by (instance, reason) (${rate('outrider_scheduler_skips_total')})`,
          `sum by (instance) (${rate(RUNS)})`,
        ),
        legend: '{{instance}} {{reason}}',
      },
    ],
  });

/** @outrider/scheduler: runs, failures, lag against its threshold, duration, overlap. */
export function schedulerRow(thresholds: Thresholds): Row {
  return { title: 'Scheduler', panels: [runs(), failures(), lag(thresholds), duration(), running(), skips()] };
}
