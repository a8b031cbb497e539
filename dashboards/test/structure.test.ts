import { describe, expect, it } from 'vitest';
import { pluginContributions } from '../scripts/plugin-contributions.ts';
import { buildDashboards, checkDashboardStructure, type DashboardJson, KNOWN_UNITS } from '../src/index.js';

type AnyPanel = Record<string, unknown> & { gridPos: { x: number; y: number; w: number; h: number } };

function copy(json: DashboardJson): DashboardJson & { panels: AnyPanel[] } {
  return structuredClone(json) as DashboardJson & { panels: AnyPanel[] };
}

describe('dashboard structure', () => {
  it('every dashboard, with every first-party plugin contribution, passes the structural check', async () => {
    const dashboards = buildDashboards(await pluginContributions());
    for (const dashboard of dashboards) expect(checkDashboardStructure(dashboard), dashboard.uid).toEqual([]);
  });

  it('knows Grafana units and rejects made-up ones', () => {
    for (const unit of ['s', 'bytes', 'percentunit', 'reqps', 'ops', 'short']) expect(KNOWN_UNITS.has(unit)).toBe(true);
    expect(KNOWN_UNITS.has('seconds')).toBe(false);
  });

  it('reports repeated ids, overlapping or off-grid panels, missing data sources, unknown units and variables', () => {
    const good = buildDashboards([])[0] as DashboardJson;
    const bad = copy(good);
    const [row, first, second, third] = bad.panels;
    const last = bad.panels.at(-1);
    const secondTarget = (second?.targets as Array<Record<string, unknown>> | undefined)?.[0];
    if (!row || !first || !second || !third || !last || !secondTarget) throw new Error('overview has too few panels');
    second.id = first.id as number;
    third.gridPos = { ...(first.gridPos as AnyPanel['gridPos']) };
    delete first.datasource;
    delete secondTarget.datasource;
    (second.fieldConfig as { defaults: { unit: string } }).defaults.unit = 'seconds';
    last.gridPos = { x: 20, y: 200, w: 8, h: 4 };
    bad.templating = { list: (bad.templating?.list ?? []).filter((v) => v.name !== 'instance') };
    const problems = checkDashboardStructure(bad).join('\n');
    expect(problems).toMatch(/panel 2 .* id \d+ missing or repeated/);
    expect(problems).toMatch(/panel 3 .* overlaps .*panel 1/);
    expect(problems).toMatch(/panel 1 .* has no datasource/);
    expect(problems).toMatch(/panel 2 .* target 0 has no datasource/);
    expect(problems).toMatch(/unknown unit "seconds"/);
    expect(problems).toMatch(/off the grid/);
    expect(problems).toMatch(/lacks the \$instance variable/);
  });
});
