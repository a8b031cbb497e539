import type { Row } from '../lib/dashboard.js';
import { panel } from '../lib/panels.js';
import { increase, sel } from '../lib/query.js';

const currentStates = () =>
  panel({
    title: 'Plugin states',
    description: 'The current state of every plugin instance.',
    kind: 'table',
    queries: [{ expr: `max by (instance, plugin, state) (outrider_plugin_state${sel()} == 1)` }],
  });

const notRunning = () =>
  panel({
    title: 'Plugins not running',
    description: '1 while a plugin is in any state but running.',
    kind: 'timeseries',
    queries: [
      {
        expr: `max by (instance, plugin) (outrider_plugin_state${sel('state!="running"')})`,
        legend: '{{instance}} {{plugin}}',
      },
    ],
  });

const restarts = () =>
  panel({
    title: 'Plugin restarts',
    description: 'Restarts by the restart policy after a plugin failed.',
    kind: 'timeseries',
    queries: [
      {
        expr: `sum by (instance, plugin) (${increase('outrider_plugin_restarts_total')})`,
        legend: '{{instance}} {{plugin}}',
      },
    ],
  });

/** Which plugin is in which state and how often the sidecar restarts them. */
export function pluginsRow(): Row {
  return { title: 'Plugins', panels: [currentStates(), notRunning(), restarts()] };
}
