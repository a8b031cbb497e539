import { isDeepStrictEqual } from 'node:util';
import { restartRequiredChanges } from '@outrider/config';
import type { LoadedPlugin } from '../config/load.js';

export interface ReloadPlan {
  add: LoadedPlugin[];
  remove: string[];
  /** Same plugin, new config, and the running module can take it in place. */
  reconfigure: LoadedPlugin[];
  /**
   * Replaced by a new module: another plugin or version, other host keys, no `reconfigure`, or a
   * change to a key the plugin's schema marks `restartRequired` (one `reconfigure` cannot apply).
   */
  replace: LoadedPlugin[];
  unchanged: string[];
}

export interface RunningPlugin {
  readonly loaded: LoadedPlugin;
  readonly canReconfigure: boolean;
}

/** Compares the running plugins with a newly loaded config: only what changed is touched. */
export function planReload(running: ReadonlyMap<string, RunningPlugin>, next: readonly LoadedPlugin[]): ReloadPlan {
  const plan: ReloadPlan = { add: [], remove: [], reconfigure: [], replace: [], unchanged: [] };
  const nextNames = new Set(next.map((plugin) => plugin.instance));
  for (const name of running.keys()) if (!nextNames.has(name)) plan.remove.push(name);
  for (const plugin of next) {
    const current = running.get(plugin.instance);
    if (current === undefined) {
      plan.add.push(plugin);
      continue;
    }
    const was = current.loaded;
    const sameHost =
      was.plugin === plugin.plugin &&
      was.required === plugin.required &&
      isDeepStrictEqual(was.dependsOn, plugin.dependsOn) &&
      isDeepStrictEqual(was.restart, plugin.restart);
    if (!sameHost) plan.replace.push(plugin);
    else if (isDeepStrictEqual(was.config, plugin.config)) plan.unchanged.push(plugin.instance);
    else if (current.canReconfigure && liveChange(plugin, was.config)) plan.reconfigure.push(plugin);
    else plan.replace.push(plugin);
  }
  return plan;
}

/** Whether every change from `before` is one the plugin applies in place. */
function liveChange(plugin: LoadedPlugin, before: unknown): boolean {
  return restartRequiredChanges(plugin.plugin.configSchema, before, plugin.config).length === 0;
}
