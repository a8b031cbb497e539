import type { CacheStats } from '@outrider/cache';
import type { ModuleStatusEntry, Readiness } from '@outrider/core';
import type { BatchQueueStats, JobStatus, RunReport } from '@outrider/scheduler';

export type { Readiness };

/** One module as `/api/status` shows it: the manager's record plus what the agent knows of it. */
export interface ModuleView extends Omit<ModuleStatusEntry, 'since'> {
  /** ISO time the module entered its state. */
  since: string;
  kind: 'built-in' | 'plugin';
  /** The plugin's name (`use:`) and version; absent for built-in modules. */
  plugin?: { name: string; version: string; stability: string };
}

/** How much of the config `/api/config` shows: `full` needs the admin token. */
export type ConfigView = 'full' | 'public';

export interface PluginView {
  /** Instance name (the key under `plugins:`). */
  name: string;
  use: string;
  version: string;
  stability: string;
  required: boolean;
  state: string;
}

export interface ReloadResult {
  result: 'applied' | 'unchanged' | 'rejected';
  added: string[];
  removed: string[];
  reconfigured: string[];
  /** Replaced by a new instance: another plugin, other host keys, or keys `reconfigure` cannot apply. */
  restarted: string[];
  /** Sidecar keys (`server`, `stateDir`) that changed but keep their old value until the sidecar restarts. */
  pendingRestart: string[];
  /**
   * For `rejected`: why, with every problem and its source. For `applied`: the instances whose new
   * config their plugin refused after a failed `reconfigure`; they run on with the config they had.
   */
  error?: { code: string; message: string };
}

/**
 * What the HTTP server asks of the agent. The agent implements it; the server only renders it,
 * so routes can be tested against a small fake-free agent built from real modules.
 */
export interface AgentApi {
  status(): ModuleView[];
  /** Asks every running module's health check. */
  readiness(): Readiness | Promise<Readiness>;
  /**
   * The config in force. `full`: every key, plugin configs included, with secrets as `***`.
   * `public`: the sidecar's own keys (secrets as `***`) and each plugin's host keys only.
   */
  effectiveConfig(view: ConfigView): unknown;
  /**
   * Where each value of `effectiveConfig(view)` came from, by dot path of its leaves (`server.port`,
   * `plugins.app.args.0`): `outrider.yaml:12:3`, `env OUTRIDER_SERVER__PORT` or `default`.
   */
  configSources(view: ConfigView): Record<string, string>;
  plugins(): PluginView[];
  schedulerJobs(): JobStatus[];
  /** Runs a job now, outside its schedule. Throws OutriderError OUTRIDER_JOB_UNKNOWN for an unknown id. */
  runJob(id: string): Promise<RunReport>;
  /** Every cache plugins made through the context, named, with the instance that owns it. */
  cacheStats(): (CacheStats & { name: string; plugin: string })[];
  queueStats(): BatchQueueStats[];
  /** Re-reads and applies the config as a diff; never throws for bad config (returns `rejected`). */
  reload(): Promise<ReloadResult>;
  /** Throws OutriderError OUTRIDER_MODULE_UNKNOWN when no module has that name (the server answers 404). */
  restartPlugin(name: string): Promise<void>;
  /** Sets the level of one module's logger, or of all when `module` is omitted. Throws on a bad level. */
  setLogLevel(level: string, module?: string): void;
}
