import type { Row } from '../lib/dashboard.js';
import { panel, redFrom } from '../lib/panels.js';
import { sel } from '../lib/query.js';

const up = () =>
  panel({
    title: 'Targets up',
    description: 'Scrape targets answering, out of those selected.',
    kind: 'stat',
    queries: [
      { expr: `sum(up${sel()})`, legend: 'up' },
      { expr: `count(up${sel()})`, legend: 'targets' },
    ],
  });

const pluginsRunning = () =>
  panel({
    title: 'Plugins running',
    kind: 'stat',
    queries: [{ expr: `sum(outrider_plugin_state${sel('state="running"')})`, legend: 'running' }],
  });

const pluginsFailed = () =>
  panel({
    title: 'Plugins failed or blocked',
    description: 'Plugins that gave up after their restart policy, or wait on a dependency that failed.',
    kind: 'stat',
    thresholds: redFrom(1),
    queries: [{ expr: `sum(outrider_plugin_state${sel('state=~"failed|blocked"')})`, legend: 'failed' }],
  });

const uptime = () =>
  panel({
    title: 'Uptime',
    kind: 'stat',
    unit: 's',
    queries: [{ expr: `min(time() - process_start_time_seconds${sel()})`, legend: 'uptime' }],
  });

const versions = () =>
  panel({
    title: 'Versions',
    kind: 'table',
    width: 24,
    height: 6,
    queries: [{ expr: `max by (job, instance, version, node_version) (outrider_build_info${sel()})` }],
  });

/** Is every sidecar up, which versions run, how many plugins work. */
export function sidecarHealthRow(): Row {
  return { title: 'Sidecars', panels: [up(), pluginsRunning(), pluginsFailed(), uptime(), versions()] };
}

/** The two stats that open the plugin dashboards, so they never open empty. */
export function sidecarSummaryRow(): Row {
  return { title: 'Sidecars', panels: [up(), pluginsFailed()] };
}
