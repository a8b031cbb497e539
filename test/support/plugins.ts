import type { DashboardContribution } from '@outrider/plugin-api';
import { BUILT_IN_PLUGINS } from '@outrider/sidecar';

/** The `dashboards` contributions of every built-in plugin, as the sidecar loads them. */
export async function pluginContributions(): Promise<DashboardContribution[]> {
  const out: DashboardContribution[] = [];
  for (const name of BUILT_IN_PLUGINS) {
    const module = (await import(`@outrider/plugin-${name}`)) as { plugin?: { dashboards?: DashboardContribution[] } };
    out.push(...(module.plugin?.dashboards ?? []));
  }
  return out;
}
