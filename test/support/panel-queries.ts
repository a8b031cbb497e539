import type { DashboardJson } from '@outrider/dashboards';

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly kind: string;
  readonly unit: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly expr: string;
  readonly legend: string | undefined;
}

/** What Grafana would put in place of each variable with "All" selected, at a 1 s scrape interval. */
export const SUBSTITUTIONS: Record<string, string> = {
  $__rate_interval: '10s',
  $__interval: '2s',
  $__range: '1m',
  $job: '.+',
  $instance: '.+',
};

export function substitute(expr: string): string {
  let out = expr;
  // Longest names first, so $__rate_interval is not read as $__r... of another.
  for (const name of Object.keys(SUBSTITUTIONS).sort((a, b) => b.length - a.length)) {
    out = out.replaceAll(name, SUBSTITUTIONS[name] ?? '').replaceAll(`\${${name.slice(1)}}`, SUBSTITUTIONS[name] ?? '');
  }
  return out;
}

/** Every query of every panel (rows skipped), with the variables substituted. */
export function panelQueries(dashboards: readonly DashboardJson[]): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const dashboard of dashboards) {
    // biome-ignore lint/suspicious/noExplicitAny: panel JSON of every kind, read loosely
    for (const panel of (dashboard.panels ?? []) as Array<Record<string, any>>) {
      if (panel.type === 'row') continue;
      for (const target of panel.targets ?? []) {
        out.push({
          dashboard: dashboard.uid ?? '',
          panel: panel.title,
          kind: panel.type,
          unit: panel.fieldConfig?.defaults?.unit ?? 'short',
          gridPos: panel.gridPos,
          expr: substitute(target.expr),
          legend: target.legendFormat,
        });
      }
    }
  }
  return out;
}
