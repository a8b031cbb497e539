// Build step after tsc (which builds the plugins too): writes dist/<uid>.json for every dashboard,
// with the panels of every first-party plugin.
import { join } from 'node:path';
import type { DashboardContribution } from '@outrider/plugin-api';
import { buildDashboards, checkDashboardStructure, exportDashboards } from '../dist/index.js';

const PLUGINS = ['otlp', 'process', 'http-probe', 'ws-monitor', 'jobs'];
const root = join(import.meta.dirname, '..');
const contributions: DashboardContribution[] = [];
for (const name of PLUGINS) {
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
console.log(`dashboards: wrote ${files.length} dashboards to dist/`);
