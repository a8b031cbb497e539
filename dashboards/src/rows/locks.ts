import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { orZero, rate } from '../lib/query.js';

// RedisLockProvider labels its series with `key`: the scheduler's job id.
const ACQUIRED = 'outrider_lock_acquired_total';
const baseline = `sum by (instance, key) (${rate(ACQUIRED)})`;

const acquired = () =>
  panel({
    title: 'Leases acquired',
    description: 'Fires this replica won: each runs here and nowhere else.',
    kind: 'timeseries',
    unit: 'ops',
    width: 8,
    queries: [{ expr: `sum by (key) (${rate(ACQUIRED)})`, legend: '{{key}}' }],
  });

const contended = () =>
  panel({
    title: 'Leases refused',
    description: 'Another replica held the lease (held), or had already run that fire (ran): the fire is skipped here.',
    kind: 'timeseries',
    unit: 'ops',
    width: 8,
    queries: [
      {
        expr: orZero(`sum by (key, reason) (${rate('outrider_lock_contended_total')})`, baseline),
        legend: '{{key}} {{reason}}',
      },
    ],
  });

const unavailable = () =>
  panel({
    title: 'Lock requests Redis did not answer',
    description: 'Fires skipped (or run here without a lease, policy run-locally) because Redis was down or slow.',
    kind: 'timeseries',
    unit: 'ops',
    width: 8,
    queries: [
      {
        expr: orZero(`sum by (instance, key, policy) (${rate('outrider_lock_unavailable_total')})`, baseline),
        legend: '{{instance}} {{key}} {{policy}}',
      },
    ],
  });

const lost = () =>
  panel({
    title: 'Leases lost mid-run',
    description: 'Renewals that failed while the run went on: another replica may take the job over.',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(`sum by (instance, key) (${rate('outrider_lock_lost_total')})`, baseline),
        legend: '{{instance}} {{key}}',
      },
    ],
  });

const fencing = () =>
  panel({
    title: 'Fencing rejections',
    description: 'Writes refused because a newer lease of the key had been granted: a stale holder caught.',
    kind: 'timeseries',
    unit: 'ops',
    queries: [
      {
        expr: orZero(`sum by (instance, key) (${rate('outrider_lock_fencing_rejections_total')})`, baseline),
        legend: '{{instance}} {{key}}',
      },
    ],
  });

/** RedisLockProvider: which replica runs each fire, and the signs of a lock in trouble. */
export function locksRow(): Row {
  return { title: 'Distributed locks', panels: [acquired(), contended(), unavailable(), lost(), fencing()] };
}
