import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { increase, orZero, sel } from '../lib/query.js';

const LOADED = `max by (instance) (outrider_config_last_reload_success_timestamp_seconds${sel()})`;

const reloads = () =>
  panel({
    title: 'Config reloads',
    description: 'Reloads by result; 0 until the first reload.',
    kind: 'timeseries',
    queries: ['success', 'failure'].map((result) => ({
      expr: orZero(`sum by (instance) (${increase('outrider_config_reloads_total', `result="${result}"`)})`, LOADED),
      legend: `{{instance}} ${result}`,
    })),
  });

const sinceLastLoad = () =>
  panel({
    title: 'Since last good config',
    kind: 'stat',
    width: 12,
    height: 8,
    unit: 's',
    queries: [{ expr: `time() - ${LOADED}`, legend: '{{instance}}' }],
  });

/** Did the last config reload work, and how old is the config in force. */
export function configRow(): Row {
  return { title: 'Configuration', panels: [reloads(), sinceLastLoad()] };
}
