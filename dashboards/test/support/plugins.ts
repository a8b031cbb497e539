import type { DashboardContribution } from '@outrider/plugin-api';

/** First-party plugins whose manifests contribute panels. */
const FIRST_PARTY_PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'] as const;

/** The `dashboards` contributions of every first-party plugin (all are built by `tsc -b` before the tests). */
export async function pluginContributions(): Promise<DashboardContribution[]> {
  const out: DashboardContribution[] = [];
  for (const name of FIRST_PARTY_PLUGINS) {
    const module = (await import(`@outrider/plugin-${name}`)) as { plugin?: { dashboards?: DashboardContribution[] } };
    out.push(...(module.plugin?.dashboards ?? []));
  }
  return out;
}
