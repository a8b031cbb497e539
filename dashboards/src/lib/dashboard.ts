import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  type Panel,
  RowBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { config } from '../config.js';
import { datasourceVariable, targetVariables } from './datasource.js';
import { layOut } from './layout.js';

/** The JSON Grafana imports. */
export type DashboardJson = Dashboard;

/** A titled row of panels: each module under rows/ returns one. */
export interface Row {
  readonly title: string;
  readonly panels: readonly cog.Builder<Panel>[];
}

export interface DashboardDefinition {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Series the job/instance variables are read from (see config.variableSources). */
  readonly variableSource: string;
  readonly rows: readonly Row[];
}

/** Builds the dashboard JSON: variables, rows in order, panels laid out on the grid, ids numbered from 1. */
export function assembleDashboard(definition: DashboardDefinition, version = 1): DashboardJson {
  const builder = new DashboardBuilder(definition.title)
    .uid(definition.uid)
    .description(definition.description)
    .tags([...config.tags, ...definition.tags])
    .editable()
    .refresh(config.refresh)
    .time(config.timeRange)
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .version(version)
    .withVariable(datasourceVariable());
  for (const variable of targetVariables(definition.variableSource)) builder.withVariable(variable);
  for (const row of definition.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(panel);
  }
  // Plain data: the builders leave marker methods on queries that JSON drops anyway.
  const json = JSON.parse(JSON.stringify(builder.build())) as DashboardJson;
  json.id = null;
  layOut(json.panels ?? []);
  let id = 0;
  for (const panel of json.panels ?? []) panel.id = ++id;
  return json;
}
