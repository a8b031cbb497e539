import type * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { config } from '../config.js';

/** Where every panel and query reads from: the dashboard's `$datasource` variable. */
export const datasource: common.DataSourceRef = { type: 'prometheus', uid: `\${${config.datasourceVariable}}` };

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder(config.datasourceVariable).label('Data source').type('prometheus');
}

/** A multi-value variable with "All", read from `label_values(<source>, <label>)`. */
function labelVariable(name: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(name)
    .datasource(datasource)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(config.allValue);
}

/** `job` then `instance` (filtered by the chosen jobs), read from the series named by `source`. */
export function targetVariables(source: string): QueryVariableBuilder[] {
  const instanceSource = source.startsWith('{') ? `${source.slice(0, -1)},job=~"$job"}` : `${source}{job=~"$job"}`;
  return [
    labelVariable('job', `label_values(${source}, job)`),
    labelVariable('instance', `label_values(${instanceSource}, instance)`),
  ];
}
