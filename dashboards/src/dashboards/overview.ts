import { config, type MixinConfig } from '../config.js';
import type { DashboardDefinition } from '../lib/dashboard.js';
import { configRow } from '../rows/config-reloads.js';
import { httpRow } from '../rows/http.js';
import { pluginsRow } from '../rows/plugins.js';
import { processRow } from '../rows/process.js';
import { sidecarHealthRow } from '../rows/sidecar-health.js';

export function overviewDashboard({ thresholds }: MixinConfig): DashboardDefinition {
  return {
    uid: 'outrider-overview',
    title: 'Outrider overview',
    description:
      'Sidecar health, plugin states, restarts, config reloads, HTTP and scrapes, process CPU, memory and event loop.',
    tags: ['sidecar'],
    variableSource: config.variableSources.sidecar,
    rows: [sidecarHealthRow(), pluginsRow(), configRow(), httpRow(thresholds), processRow(thresholds)],
  };
}
