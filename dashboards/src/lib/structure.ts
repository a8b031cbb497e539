import type { GridPos, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { DashboardJson } from './dashboard.js';

/** Every unit id Grafana knows, from the foundation SDK's generated list. */
export const KNOWN_UNITS: ReadonlySet<string> = new Set(Object.values(units).filter((v) => typeof v === 'string'));

const REQUIRED_VARIABLES = ['datasource', 'job', 'instance'];
const GRID_WIDTH = 24;

type AnyPanel = Panel | RowPanel;

function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function checkPanel(panel: Panel, where: string, problems: string[]): void {
  if (!panel.title) problems.push(`${where} has no title`);
  if (!panel.datasource?.uid) problems.push(`${where} has no datasource`);
  const targets = panel.targets ?? [];
  if (targets.length === 0) problems.push(`${where} has no queries`);
  const refIds = new Set<string>();
  for (const [i, target] of targets.entries()) {
    const query = target as { expr?: string; refId?: string; datasource?: { uid?: string } };
    if (!query.datasource?.uid) problems.push(`${where} target ${i} has no datasource`);
    if (!query.expr) problems.push(`${where} target ${i} has no expr`);
    if (!query.refId || refIds.has(query.refId)) problems.push(`${where} target ${i} refId missing or repeated`);
    refIds.add(query.refId ?? '');
  }
  const unit = panel.fieldConfig?.defaults?.unit;
  if (unit !== undefined && !KNOWN_UNITS.has(unit)) problems.push(`${where} has unknown unit "${unit}"`);
}

/**
 * What Grafana would choke on or show wrong: repeated panel ids, panels off the grid or on top of
 * each other, panels or queries without a data source, unknown units, missing variables.
 * Returns every problem found (empty when the dashboard is sound).
 */
export function checkDashboardStructure(json: DashboardJson): string[] {
  const problems: string[] = [];
  const name = json.uid ?? json.title ?? 'dashboard';
  if (!json.uid) problems.push('dashboard has no uid');
  if (!json.title) problems.push(`${name} has no title`);
  const variables = new Set((json.templating?.list ?? []).map((variable) => variable.name));
  for (const required of REQUIRED_VARIABLES) {
    if (!variables.has(required)) problems.push(`${name} lacks the $${required} variable`);
  }
  const ids = new Set<number>();
  const placed: Array<{ where: string; pos: GridPos }> = [];
  for (const [i, panel] of ((json.panels ?? []) as AnyPanel[]).entries()) {
    const where = `${name} panel ${i} "${panel.title ?? ''}"`;
    if (typeof panel.id !== 'number' || ids.has(panel.id)) problems.push(`${where} id ${panel.id} missing or repeated`);
    ids.add(panel.id ?? -1);
    const pos = panel.gridPos;
    if (pos === undefined || pos.w <= 0 || pos.h <= 0 || pos.x < 0 || pos.y < 0 || pos.x + pos.w > GRID_WIDTH) {
      problems.push(`${where} gridPos ${JSON.stringify(pos)} is off the grid`);
    } else {
      for (const other of placed) {
        if (overlaps(pos, other.pos)) problems.push(`${where} overlaps ${other.where}`);
      }
      placed.push({ where, pos });
    }
    if (panel.type !== 'row') checkPanel(panel as Panel, where, problems);
  }
  return problems;
}
