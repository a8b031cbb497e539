import { config } from '../config.js';
import type { DashboardDefinition } from '../lib/dashboard.js';
import { sidecarSummaryRow } from '../rows/sidecar-health.js';

/** The probe and process rows come from the plugins' manifests (`dashboards`). */
export function probesDashboard(): DashboardDefinition {
  return {
    uid: 'outrider-probes',
    title: 'Outrider probes & processes',
    description:
      'HTTP and WebSocket probes, supervised processes and scheduled jobs, from the plugins that define them.',
    tags: ['probes'],
    variableSource: config.variableSources.sidecar,
    rows: [sidecarSummaryRow()],
  };
}
