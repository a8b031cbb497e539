// Build step after tsc (which builds the plugins too): writes dist/<uid>.json for every dashboard,
// with the panels of every first-party plugin.
import { join } from 'node:path';
import { buildDashboards, checkDashboardStructure, exportDashboards } from '../dist/index.js';
import { pluginContributions } from './plugin-contributions.ts';

const root = join(import.meta.dirname, '..');
const dashboards = buildDashboards(await pluginContributions());
const problems = dashboards.flatMap(checkDashboardStructure);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const { dashboards: files } = await exportDashboards(join(root, 'dist'), dashboards);
console.log(`dashboards: wrote ${files.length} dashboards to dist/`);
