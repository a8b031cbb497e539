import { dirname } from 'node:path';
import {
  type ConfigCheckContext,
  ConfigManager,
  nearest,
  readEnv,
  type SourcedConfigProblem,
  type UnknownVariable,
} from '@outrider/config';
import { assertValidGraph, type RestartPolicy, toError } from '@outrider/core';
import { type HostedPlugin, resolvePlugin } from '../plugins/resolve.js';
import {
  BUILT_IN_MODULES,
  DEFAULT_PLUGINS,
  HOST_KEYS,
  INSTANCE_NAME,
  type PluginEntry,
  pluginEntry,
  type SidecarConfig,
  sidecarConfigSchema,
} from './schema.js';

export interface LoadOptions {
  /** An explicit config file (`--config`); otherwise cosmiconfig searches `cwd`. */
  path?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** CLI flags, by dot path (`{ 'server.port': 0 }`). */
  overrides?: Record<string, unknown>;
  /** `OUTRIDER_*` variables that name no config key are problems, not just `unknownEnv`. */
  strictEnv?: boolean;
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
  /** `OUTRIDER_*` variables that name no config key (the sidecar's or a plugin's), with the nearest valid name. */
  unknownEnv: UnknownVariable[];
}

const PREFIX = 'OUTRIDER';
const PLUGINS_PREFIX = `${PREFIX}_PLUGINS__`;
/** Variables the CLI reads that are not config keys. */
const CLI_VARIABLES = ['OUTRIDER_URL'];

const envSegment = (instance: string) => instance.toUpperCase().replace(/-/g, '_');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function ownConfig(entry: Record<string, unknown>): Record<string, unknown> {
  const own: Record<string, unknown> = { ...entry };
  for (const key of HOST_KEYS) delete own[key];
  return own;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = isObject(next) ? { ...next } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/**
 * Reads and validates the sidecar config, resolves every plugin and validates its config with the
 * plugin's own schema, in one pass: one OUTRIDER_CONFIG_INVALID error lists every problem (YAML,
 * environment, the sidecar's sections, each plugin's, `dependsOn`) with its position; nothing is
 * started. A plugin schema that throws is a problem of that instance, not a crash.
 */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let checked: PluginCheck = { plugins: [], unknownEnv: [], problems: [] };
  const source = new ConfigManager({
    name: 'outrider',
    schema: sidecarConfigSchema,
    envPrefix: PREFIX,
    env,
    unknownEnv: options.strictEnv === true ? 'error' : 'ignore',
    knownEnv: CLI_VARIABLES,
    check: async (context) => {
      checked = await checkPlugins(context, env, context.file === undefined ? cwd : dirname(context.file));
      return checked.problems;
    },
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
  const config = await source.load();
  return { config, source, plugins: checked.plugins, unknownEnv: [...source.unknownEnv, ...checked.unknownEnv] };
}

interface PluginCheck {
  plugins: LoadedPlugin[];
  unknownEnv: UnknownVariable[];
  problems: SourcedConfigProblem[];
}

/** The `plugins` section as written (defaults when absent); undefined when it is not a map (the schema says so). */
function pluginEntries(input: unknown): [string, Record<string, unknown>][] | undefined {
  const section = isObject(input) ? input.plugins : undefined;
  if (section === undefined) return Object.entries(DEFAULT_PLUGINS);
  if (!isObject(section)) return undefined;
  return Object.entries(section).filter(
    (pair): pair is [string, Record<string, unknown>] => INSTANCE_NAME.test(pair[0]) && isObject(pair[1]),
  );
}

async function checkPlugins(
  context: ConfigCheckContext,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): Promise<PluginCheck> {
  const result: PluginCheck = { plugins: [], unknownEnv: [], problems: [] };
  const entries = pluginEntries(context.input);
  if (entries === undefined) return result;
  const unknown = (variable: UnknownVariable) => {
    result.unknownEnv.push(variable);
    if (context.unknownEnv === 'error') result.problems.push(context.unknownVariable(variable));
  };

  await Promise.all(
    entries.map(async ([instance, entry]) => {
      const at = `plugins.${instance}`;
      const use = typeof entry.use === 'string' && entry.use !== '' ? entry.use : instance;
      let plugin: HostedPlugin;
      try {
        plugin = await resolvePlugin(use, baseDir, instance);
      } catch (error) {
        const path = entry.use === undefined ? at : `${at}.use`;
        result.problems.push(context.problem(path, toError(error).message));
        return;
      }
      const raw = ownConfig(entry);
      const overlay = readEnv(plugin.configSchema, `${PLUGINS_PREFIX}${envSegment(instance)}_`, env);
      for (const problem of overlay.problems) {
        const path = `${at}.${problem.path}`;
        result.problems.push({
          path,
          message: `expected ${problem.expected}, found ${problem.received}`,
          expected: problem.expected,
          received: problem.received,
          source: { kind: 'env', variable: problem.variable },
          from: `env ${problem.variable}`,
        });
      }
      // Host keys (USE, REQUIRED, ...) are the sidecar schema's; the rest name no key of this plugin.
      for (const variable of overlay.unknown) {
        const tail = variable.variable.slice(`${PLUGINS_PREFIX}${envSegment(instance)}__`.length);
        if (!HOST_KEYS.some((key) => key.toUpperCase() === tail.split('__')[0]?.replace(/_/g, ''))) unknown(variable);
      }
      for (const [path, variable] of overlay.variables) {
        if (!overlay.problems.some((problem) => problem.variable === variable)) {
          setPath(raw, path.split('.'), valueAt(overlay.data, path.split('.')));
        }
      }
      const checkedConfig = context.check(plugin.configSchema, raw, at, overlay.variables);
      if (!checkedConfig.ok) {
        result.problems.push(...checkedConfig.problems);
        return;
      }
      const host = pluginEntry.safeParse(entry);
      // The sidecar's schema reports a bad host key; the instance is left out until it is fixed.
      if (!host.success) return;
      result.plugins.push({
        instance,
        use,
        plugin,
        config: checkedConfig.value,
        required: host.data.required,
        restart: host.data.restart as Partial<RestartPolicy> | undefined,
        dependsOn: host.data.dependsOn,
      });
    }),
  );
  // Keep the configured order: instances register (and list) in the order the file gives them.
  const order = entries.map(([instance]) => instance);
  result.plugins.sort((a, b) => order.indexOf(a.instance) - order.indexOf(b.instance));
  for (const variable of unconfiguredInstanceVariables(env, order)) unknown(variable);
  result.problems.push(...dependencyProblems(entries, context));
  return result;
}

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

/** `OUTRIDER_PLUGINS__<X>__...` where no instance is named X: a typo in the instance name. */
function unconfiguredInstanceVariables(env: NodeJS.ProcessEnv, instances: readonly string[]): UnknownVariable[] {
  const segments = new Map(instances.map((instance) => [envSegment(instance), instance]));
  const found: UnknownVariable[] = [];
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith(PLUGINS_PREFIX)) continue;
    const [segment = '', ...rest] = variable.slice(PLUGINS_PREFIX.length).split('__');
    if (segments.has(segment)) continue;
    const closest = nearest(segment, segments.keys());
    found.push({
      variable,
      ...(closest === undefined ? {} : { suggestion: [`${PLUGINS_PREFIX}${closest}`, ...rest].join('__') }),
    });
  }
  return found;
}

/** `dependsOn` names that are neither an instance nor a built-in module, and dependency cycles. */
function dependencyProblems(
  entries: [string, Record<string, unknown>][],
  context: ConfigCheckContext,
): SourcedConfigProblem[] {
  const problems: SourcedConfigProblem[] = [];
  const known = new Set<string>([...BUILT_IN_MODULES, ...entries.map(([instance]) => instance)]);
  const graph = entries.map(([name, entry]) => ({
    name,
    dependsOn: Array.isArray(entry.dependsOn) ? entry.dependsOn.filter((d): d is string => typeof d === 'string') : [],
  }));
  for (const { name, dependsOn } of graph) {
    dependsOn.forEach((dependency, index) => {
      if (known.has(dependency)) return;
      const hint = nearest(dependency, known);
      problems.push(
        context.problem(
          `plugins.${name}.dependsOn.${index}`,
          `expected the name of a plugin instance or ${BUILT_IN_MODULES.join(', ')}`,
          `${JSON.stringify(dependency)}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`,
        ),
      );
    });
  }
  if (problems.length > 0) return problems;
  try {
    assertValidGraph([...BUILT_IN_MODULES.map((name) => ({ name })), ...graph]);
  } catch (error) {
    problems.push(
      context.problem(
        'plugins',
        'expected no dependency cycle',
        toError(error).message.replace(/^dependency cycle: /, ''),
      ),
    );
  }
  return problems;
}

export type { PluginEntry };
