import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { config } from '../config.js';
import { datasource } from './datasource.js';

/** A selector with the dashboard filter and any extra matchers: `{job=~"$job",instance=~"$instance",x="y"}`. */
export function sel(extra?: string): string {
  return `{${config.selector}${extra ? `,${extra}` : ''}}`;
}

/** `rate(metric{filter}[$__rate_interval])`. */
export function rate(metric: string, extra?: string): string {
  return `rate(${metric}${sel(extra)}[${config.rateInterval}])`;
}

/** `increase(metric{filter}[$__rate_interval])`. */
export function increase(metric: string, extra?: string): string {
  return `increase(${metric}${sel(extra)}[${config.rateInterval}])`;
}

/** p-quantile of a histogram, per `by` labels. */
export function quantile(q: number, histogram: string, by: string, extra?: string): string {
  return `histogram_quantile(${q}, sum by (le, ${by}) (${rate(`${histogram}_bucket`, extra)}))`;
}

/**
 * `expr`, or 0 for each series of `baseline` when `expr` has none: a counter whose labels appear
 * only after the first bad event (failures, drops) then reads 0 instead of "No data".
 */
export function orZero(expr: string, baseline: string): string {
  return `(${expr}) or (${baseline} * 0)`;
}

/** One PromQL query of a panel, pointed at the dashboard's data source. */
export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** Instant query (tables and stats of the latest value). */
  readonly instant?: boolean;
}

export function target(query: Query, refId: string): DataqueryBuilder {
  const builder = new DataqueryBuilder().datasource(datasource).expr(query.expr).refId(refId);
  if (query.legend !== undefined) builder.legendFormat(query.legend);
  if (query.instant) builder.instant().format(PromQueryFormat.Table);
  return builder;
}
