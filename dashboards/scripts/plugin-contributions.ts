// The panels of every first-party plugin, for the build (dist/<uid>.json) and the structure test. The
// plugins are this package's declared devDependencies (`@outrider/plugin-*`), so the list is written
// once, in package.json; a test in test/ checks it against the sidecar's BUILT_IN_PLUGINS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardContribution } from '@outrider/plugin-api';

/** `@outrider/plugin-*` packages this package declares, in package.json order. */
export function pluginPackages(): string[] {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  // `@outrider/plugin-api` is the contract, not a plugin.
  return Object.keys(manifest.devDependencies ?? {}).filter(
    (name) => name.startsWith('@outrider/plugin-') && name !== '@outrider/plugin-api',
  );
}

/** The `dashboards` contributions of every first-party plugin (built by `tsc -b` before this runs). */
export async function pluginContributions(): Promise<DashboardContribution[]> {
  const out: DashboardContribution[] = [];
  for (const name of pluginPackages()) {
    const module = (await import(name)) as { plugin?: { dashboards?: DashboardContribution[] } };
    out.push(...(module.plugin?.dashboards ?? []));
  }
  return out;
}
