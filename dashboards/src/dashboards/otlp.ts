import { config } from '../config.js';
import type { DashboardDefinition } from '../lib/dashboard.js';
import { sidecarSummaryRow } from '../rows/sidecar-health.js';

/** The pipeline rows come from the otlp plugin's manifest (`dashboards`). */
export function otlpDashboard(): DashboardDefinition {
  return {
    uid: 'outrider-otlp',
    title: 'Outrider OTLP pipeline',
    description: 'Telemetry received, exported, refused and dropped per signal; export queue, spool and latency.',
    tags: ['otlp'],
    variableSource: config.variableSources.sidecar,
    rows: [sidecarSummaryRow()],
  };
}
