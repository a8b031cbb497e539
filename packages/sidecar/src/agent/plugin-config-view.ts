import { redactConfig } from '@outrider/config';
import type { LoadedPlugin } from '../config/load.js';
import type { ConfigView } from '../http/agent-api.js';

/**
 * One plugin instance as `/api/config` shows it: the host keys, then (in the full view) the config
 * the instance runs with — env overrides included — with what its schema marks secret masked.
 */
export function pluginConfigView(loaded: LoadedPlugin, view: ConfigView): Record<string, unknown> {
  const host = {
    use: loaded.use,
    required: loaded.required,
    dependsOn: loaded.dependsOn,
    ...(loaded.restart === undefined ? {} : { restart: loaded.restart }),
  };
  if (view === 'public') return host;
  const own = redactConfig(loaded.plugin.configSchema, loaded.config);
  return { ...host, ...(typeof own === 'object' && own !== null ? own : {}) };
}
