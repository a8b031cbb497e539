// Build step after tsc: writes dist/<uid>.json for every dashboard, with the panels of every
// first-party plugin built so far (a plugin not built yet is left out and named).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardContribution } from '@outrider/core';
import { buildDashboards, checkDashboardStructure, exportDashboards } from '../dist/index.js';

const PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'];
const root = join(import.meta.dirname, '..');
const contributions: DashboardContribution[] = [];
const missing: string[] = [];
for (const name of PLUGINS) {
  if (!existsSync(join(root, '../plugins', name, 'dist/index.js'))) {
    missing.push(name);
    continue;
  }
  const module = (await import(`@outrider/plugin-${name}`)) as { plugin?: { dashboards?: DashboardContribution[] } };
  contributions.push(...(module.plugin?.dashboards ?? []));
}
const dashboards = buildDashboards(contributions);
const problems = dashboards.flatMap(checkDashboardStructure);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const { dashboards: files } = await exportDashboards(join(root, 'dist'), dashboards);
console.log(
  `dashboards: wrote ${files.length} dashboards to dist/${missing.length ? ` (plugins not built: ${missing.join(', ')})` : ''}`,
);
