import { dirname } from 'node:path';
import { ConfigManager, readEnv } from '@outrider/config';
import {
  assertValidGraph,
  type ConfigProblem,
  isOutriderError,
  OutriderError,
  type RestartPolicy,
  toError,
} from '@outrider/core';
import { type HostedPlugin, resolvePlugin } from '../plugins/resolve.js';
import { BUILT_IN_MODULES, HOST_KEYS, type PluginEntry, type SidecarConfig, sidecarConfigSchema } from './schema.js';

export interface LoadOptions {
  /** An explicit config file (`--config`); otherwise cosmiconfig searches `cwd`. */
  path?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** CLI flags, by dot path (`{ 'server.port': 0 }`). */
  overrides?: Record<string, unknown>;
}

/** One `plugins.<instance>` entry, resolved and validated by its plugin's schema. */
export interface LoadedPlugin {
  instance: string;
  use: string;
  plugin: HostedPlugin;
  /** The plugin's parsed config (host keys removed). */
  config: unknown;
  required: boolean;
  restart: Partial<RestartPolicy> | undefined;
  /** Other instances (or built-in modules) this one starts after and stops before. */
  dependsOn: readonly string[];
}

export interface LoadedConfig {
  config: SidecarConfig;
  /** The manager that read it: sources of each value, redaction, printing. */
  source: ConfigManager<typeof sidecarConfigSchema>;
  plugins: LoadedPlugin[];
}

export interface SourcedProblem extends ConfigProblem {
  /** `outrider.yaml:12:3`, `env OUTRIDER_...`, `default`. */
  from: string;
}

const envSegment = (instance: string) => instance.toUpperCase().replace(/-/g, '_');

function ownConfig(entry: PluginEntry): Record<string, unknown> {
  const own: Record<string, unknown> = { ...entry };
  for (const key of HOST_KEYS) delete own[key];
  return own;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/**
 * Reads and validates the sidecar config, then resolves every plugin and validates its config with
 * the plugin's own schema. Throws one OUTRIDER_CONFIG_INVALID error listing every problem (sidecar
 * and plugins alike) with its path and source; nothing is started.
 */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const source = new ConfigManager({
    name: 'outrider',
    schema: sidecarConfigSchema,
    envPrefix: 'OUTRIDER',
    env,
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
  const config = await source.load();
  const baseDir = source.file === undefined ? (options.cwd ?? process.cwd()) : dirname(source.file);
  const describe = (path: string) => {
    const from = source.describeSource(path);
    return from === 'default' && source.file !== undefined
      ? source.describeSource(path.split('.').slice(0, 2).join('.'))
      : from;
  };

  const problems: SourcedProblem[] = [];
  const plugins: LoadedPlugin[] = [];
  for (const [instance, entry] of Object.entries(config.plugins)) {
    const use = entry.use ?? instance;
    let plugin: HostedPlugin;
    try {
      plugin = await resolvePlugin(use, baseDir, instance);
    } catch (error) {
      const path = `plugins.${instance}${entry.use === undefined ? '' : '.use'}`;
      problems.push({ path, message: toError(error).message, from: describe(path) });
      continue;
    }
    const raw = ownConfig(entry);
    const overlay = readEnv(plugin.configSchema, `OUTRIDER_PLUGINS__${envSegment(instance)}_`, env);
    for (const path of overlay.variables.keys()) {
      setPath(
        raw,
        path.split('.'),
        path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], overlay.data),
      );
    }
    try {
      const parsed = plugin.parseConfig(raw, instance);
      plugins.push({
        instance,
        use,
        plugin,
        config: parsed,
        required: entry.required,
        restart: entry.restart as Partial<RestartPolicy> | undefined,
        dependsOn: entry.dependsOn,
      });
    } catch (error) {
      if (!isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')) throw error;
      for (const problem of (error.details as { problems: ConfigProblem[] }).problems) {
        const path = `plugins.${instance}${problem.path ? `.${problem.path}` : ''}`;
        const variable = overlay.variables.get(problem.path);
        problems.push({
          path,
          message: problem.message,
          from: variable === undefined ? describe(path) : `env ${variable}`,
        });
      }
    }
  }
  problems.push(...dependencyProblems(config, describe));
  if (problems.length > 0) throw invalidPlugins(problems, source.file);
  return { config, source, plugins };
}

/** `dependsOn` names that are neither an instance nor a built-in module, and dependency cycles. */
function dependencyProblems(config: SidecarConfig, describe: (path: string) => string): SourcedProblem[] {
  const problems: SourcedProblem[] = [];
  const known = new Set([...BUILT_IN_MODULES, ...Object.keys(config.plugins)]);
  for (const [instance, entry] of Object.entries(config.plugins)) {
    entry.dependsOn.forEach((name, index) => {
      if (known.has(name)) return;
      const path = `plugins.${instance}.dependsOn.${index}`;
      problems.push({ path, message: `no plugin instance named "${name}"`, from: describe(path) });
    });
  }
  if (problems.length > 0) return problems;
  try {
    assertValidGraph([
      ...BUILT_IN_MODULES.map((name) => ({ name })),
      ...Object.entries(config.plugins).map(([name, entry]) => ({ name, dependsOn: entry.dependsOn })),
    ]);
  } catch (error) {
    problems.push({ path: 'plugins', message: toError(error).message, from: describe('plugins') });
  }
  return problems;
}

function invalidPlugins(problems: SourcedProblem[], file: string | undefined): OutriderError {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message} (${p.from})`);
  const subject = file === undefined ? 'outrider config' : file;
  return new OutriderError(
    'OUTRIDER_CONFIG_INVALID',
    `${subject}: config is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    { details: { problems } },
  );
}
