import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardContribution } from '@outrider/core';

const pluginsDir = join(import.meta.dirname, '../../../plugins');

/** Plugins not importable yet (no built dist/), so their panels are pending. */
export function missingPlugins(): string[] {
  return FIRST_PARTY_PLUGINS.filter((name) => !existsSync(join(pluginsDir, name, 'dist/index.js')));
}

/** First-party plugins whose manifests may contribute panels (each is skipped until it builds). */
export const FIRST_PARTY_PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'] as const;

/** The `dashboards` contributions of every first-party plugin that can be imported now. */
export async function pluginContributions(): Promise<DashboardContribution[]> {
  const out: DashboardContribution[] = [];
  const missing = missingPlugins();
  for (const name of FIRST_PARTY_PLUGINS) {
    if (missing.includes(name)) continue;
    const module = (await import(`@outrider/plugin-${name}`)) as { plugin?: { dashboards?: DashboardContribution[] } };
    out.push(...(module.plugin?.dashboards ?? []));
  }
  return out;
}
