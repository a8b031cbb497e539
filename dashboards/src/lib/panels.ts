import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { type Panel, ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugeBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { PanelKind } from '@outrider/plugin-api';
import { datasource } from './datasource.js';
import { type Query, target } from './query.js';

/** A threshold step: the colour from `value` up (the first step's value is ignored: it starts at -inf). */
export interface Step {
  readonly value: number | null;
  readonly color: string;
}

/** Everything a panel helper needs; a superset of core's PanelSpec. */
export interface PanelOptions {
  readonly title: string;
  readonly description?: string;
  readonly kind: PanelKind;
  readonly unit?: string;
  readonly queries: readonly Query[];
  readonly thresholds?: readonly Step[];
  readonly min?: number;
  readonly max?: number;
  /** Grid width out of 24 (default: 6 for stats and gauges, 12 otherwise). */
  readonly width?: number;
  readonly height?: number;
}

type AnyPanelBuilder = TimeseriesBuilder | StatBuilder | GaugeBuilder | BarGaugeBuilder | TableBuilder;

/** Stats, gauges and bar gauges show each series' latest value. */
const lastValue = () => new ReduceDataOptionsBuilder().calcs(['lastNotNull']);

function builderFor(kind: PanelKind): AnyPanelBuilder {
  switch (kind) {
    case 'timeseries':
      return new TimeseriesBuilder().fillOpacity(10).lineWidth(1);
    case 'stat':
      return new StatBuilder().reduceOptions(lastValue());
    case 'gauge':
      return new GaugeBuilder().reduceOptions(lastValue());
    case 'bargauge':
      return new BarGaugeBuilder().reduceOptions(lastValue());
    case 'table':
      return new TableBuilder();
  }
}

const SMALL_KINDS: readonly PanelKind[] = ['stat', 'gauge'];
const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Green below the threshold, red from it. */
export function redFrom(value: number): Step[] {
  return [
    { value: null, color: 'green' },
    { value, color: 'red' },
  ];
}

/** Red below `low`, yellow up to `good`, green from it (for ratios where higher is better). */
export function greenFrom(low: number, good: number): Step[] {
  return [
    { value: null, color: 'red' },
    { value: low, color: 'yellow' },
    { value: good, color: 'green' },
  ];
}

/** Builds one panel; tables and stats query the latest value, time series the range. */
export function panel(options: PanelOptions): cog.Builder<Panel> {
  const builder = builderFor(options.kind)
    .title(options.title)
    .datasource(datasource)
    .unit(options.unit ?? 'short')
    .span(options.width ?? (SMALL_KINDS.includes(options.kind) ? 6 : 12))
    .height(options.height ?? (SMALL_KINDS.includes(options.kind) ? 5 : 8));
  if (options.description !== undefined) builder.description(options.description);
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  if (options.thresholds !== undefined) {
    builder.thresholds(
      new ThresholdsConfigBuilder()
        .mode(ThresholdsMode.Absolute)
        .steps(options.thresholds.map((step) => ({ value: step.value, color: step.color }))),
    );
  }
  const instant = options.kind === 'table';
  options.queries.forEach((query, i) => {
    builder.withTarget(target({ ...query, instant: query.instant ?? instant }, REF_IDS[i] ?? `Q${i}`));
  });
  return builder;
}
