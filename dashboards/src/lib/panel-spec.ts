import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelSpec } from '@outrider/plugin-api';
import { panel } from './panels.js';

/** Turns a plugin's PanelSpec (plain data from its manifest) into a panel like our own. */
export function panelFromSpec(spec: PanelSpec): cog.Builder<Panel> {
  return panel({
    title: spec.title,
    kind: spec.kind,
    queries: spec.queries,
    ...(spec.description !== undefined && { description: spec.description }),
    ...(spec.unit !== undefined && { unit: spec.unit }),
  });
}
