import { type ModuleInterface, OutriderError, parseConfig } from '@outrider/core';
import type { z } from 'zod';
import type { PluginContext, SidecarPluginContext } from './context.js';
import type { DashboardContribution } from './dashboard-contribution.js';

export type Stability = 'development' | 'alpha' | 'beta' | 'stable' | 'deprecated';

const STABILITIES: readonly Stability[] = ['development', 'alpha', 'beta', 'stable', 'deprecated'];
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export interface PluginDefinition<
  Schema extends z.ZodType = z.ZodType,
  Context extends PluginContext = SidecarPluginContext,
> {
  /** kebab-case, unique among plugins. */
  name: string;
  version: string;
  stability: Stability;
  description?: string;
  /** Names of modules that must be running before this plugin starts. */
  dependsOn?: readonly string[];
  /** Every field defaulted, so `{}` (or the documented minimum) is a valid config. */
  configSchema: Schema;
  /** Panels for the metrics this plugin defines, assembled into the sidecar's dashboards. */
  dashboards?: readonly DashboardContribution[];
  create(ctx: Context, config: z.output<Schema>): ModuleInterface<z.output<Schema>>;
}

export interface Plugin<Schema extends z.ZodType = z.ZodType, Context extends PluginContext = SidecarPluginContext>
  extends Readonly<PluginDefinition<Schema, Context>> {
  /** Validates raw config, reporting every problem with its path; `source` names where it came from. */
  parseConfig(input: unknown, source?: string): z.output<Schema>;
}

/**
 * Declares a plugin: checks the manifest at once and adds config parsing. `create` gets the
 * sidecar's context; a host that hands less (a test harness) names its context type.
 */
export function definePlugin<Schema extends z.ZodType, Context extends PluginContext = SidecarPluginContext>(
  definition: PluginDefinition<Schema, Context>,
): Plugin<Schema, Context> {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(definition.name)) problems.push(`name "${definition.name}" must be kebab-case`);
  if (!SEMVER.test(definition.version)) problems.push(`version "${definition.version}" must be semver (1.2.3)`);
  if (!STABILITIES.includes(definition.stability)) {
    problems.push(`stability "${definition.stability}" must be one of ${STABILITIES.join(', ')}`);
  }
  if (typeof definition.create !== 'function') problems.push('create must be a function');
  if (typeof definition.configSchema?.safeParse !== 'function') problems.push('configSchema must be a zod schema');
  for (const [i, contribution] of (definition.dashboards ?? []).entries()) {
    for (const [j, panel] of contribution.panels.entries()) {
      if (!panel.title || panel.queries.length === 0) {
        problems.push(`dashboards[${i}].panels[${j}] needs a title and at least one query`);
      }
    }
  }
  if (problems.length > 0) {
    throw new OutriderError('OUTRIDER_PLUGIN_INVALID', `plugin "${definition.name}": ${problems.join('; ')}`, {
      module: definition.name,
      details: { problems },
    });
  }
  return Object.freeze({
    ...definition,
    parseConfig: (input: unknown, source?: string) =>
      parseConfig(definition.configSchema, input, `plugin "${definition.name}"${source ? ` (${source})` : ''}`),
  });
}
