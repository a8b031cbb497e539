import { OutriderError } from '@outrider/core';
import type { DashboardContribution } from '@outrider/plugin-api';
import { config, type MixinConfig } from './config.js';
import { otlpDashboard } from './dashboards/otlp.js';
import { overviewDashboard } from './dashboards/overview.js';
import { probesDashboard } from './dashboards/probes.js';
import { sdkDashboard } from './dashboards/sdk.js';
import { assembleDashboard, type DashboardDefinition, type DashboardJson, type Row } from './lib/dashboard.js';
import { panelFromSpec } from './lib/panel-spec.js';

const BASE_DASHBOARDS = [overviewDashboard, otlpDashboard, sdkDashboard, probesDashboard];

/** uids of the dashboards Outrider ships, in the order they are listed. */
export const DASHBOARD_UIDS: readonly string[] = BASE_DASHBOARDS.map((make) => make(config).uid);

/** Rejects contributions a dashboard cannot take, naming every problem at once. */
export function checkContributions(contributions: readonly DashboardContribution[]): void {
  const problems: string[] = [];
  contributions.forEach((contribution, i) => {
    if (!DASHBOARD_UIDS.includes(contribution.dashboard)) {
      problems.push(
        `contributions[${i}].dashboard "${contribution.dashboard}" is not one of ${DASHBOARD_UIDS.join(', ')}`,
      );
    }
    if (!contribution.row) problems.push(`contributions[${i}].row needs a title`);
    contribution.panels.forEach((panel, j) => {
      if (!panel.title || panel.queries.length === 0) {
        problems.push(`contributions[${i}].panels[${j}] needs a title and at least one query`);
      }
    });
  });
  if (problems.length > 0) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `dashboard contributions: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
}

/** Contributions to one dashboard as rows, merging those that name the same row. */
function contributedRows(uid: string, contributions: readonly DashboardContribution[]): Row[] {
  const rows = new Map<string, Row['panels'][number][]>();
  for (const contribution of contributions) {
    if (contribution.dashboard !== uid) continue;
    const panels = rows.get(contribution.row) ?? [];
    panels.push(...contribution.panels.map(panelFromSpec));
    rows.set(contribution.row, panels);
  }
  return [...rows].map(([title, panels]) => ({ title, panels }));
}

/** The four dashboards' definitions with the contributed rows after the built-in ones. */
export function dashboardDefinitions(
  contributions: readonly DashboardContribution[],
  mixin: MixinConfig = config,
): DashboardDefinition[] {
  checkContributions(contributions);
  return BASE_DASHBOARDS.map((make) => {
    const base = make(mixin);
    return { ...base, rows: [...base.rows, ...contributedRows(base.uid, contributions)] };
  });
}

/**
 * Builds every dashboard's JSON, plugin panels included, with the thresholds of `mixin` (default: config.ts).
 * Throws OUTRIDER_INVALID_ARGUMENT on a bad contribution.
 */
export function buildDashboards(
  contributions: readonly DashboardContribution[] = [],
  mixin: MixinConfig = config,
): DashboardJson[] {
  return dashboardDefinitions(contributions, mixin).map((definition) => assembleDashboard(definition));
}
