/**
 * Dashboard panels a plugin contributes for the metrics it defines. Plain data, so the dashboards
 * build can read them from a plugin's manifest and the sidecar can serve them at run time.
 * Queries use Grafana's `$job` / `$instance` variables, e.g. `outrider_probe_success{job=~"$job",instance=~"$instance"}`.
 */
export interface PanelQuery {
  /** PromQL. */
  readonly expr: string;
  /** Grafana legend format, e.g. `{{target}}`. */
  readonly legend?: string;
}

export type PanelKind = 'timeseries' | 'stat' | 'gauge' | 'bargauge' | 'table';

export interface PanelSpec {
  readonly title: string;
  readonly description?: string;
  readonly kind: PanelKind;
  /** A Grafana unit id: `s`, `bytes`, `percentunit`, `reqps`, `short`, ... */
  readonly unit?: string;
  readonly queries: readonly PanelQuery[];
}

export interface DashboardContribution {
  /** uid of the dashboard the panels join, e.g. `outrider-probes`. */
  readonly dashboard: string;
  /** Title of the row the panels sit in. */
  readonly row: string;
  readonly panels: readonly PanelSpec[];
}
