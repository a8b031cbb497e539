import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export type ModuleState =
  | 'registered'
  | 'initialized'
  | 'starting'
  | 'running'
  | 'degraded'
  | 'stopping'
  | 'stopped'
  | 'failed'
  /** Not started, or stopped, because a module it depends on failed. */
  | 'blocked';

/** What a module says about itself; the manager keeps its own record in {@link ModuleStatusEntry}. */
export type ModuleStatus = ModuleState;

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthReport {
  status: HealthStatus;
  /** A short human-readable reason, for `degraded` and `unhealthy`. */
  detail?: string;
  /**
   * Named conditions behind the status, stable enough to alert on (`spool_full`, `disk_full`,
   * `delete_failed`); the sidecar lists them in `/readyz`.
   */
  conditions?: readonly string[];
}

/** What the manager hands a module in `initialize`. */
export interface ModuleContext<Config = unknown> {
  readonly name: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Aborted when the module is stopped: long-running work started in `start` listens to it. */
  readonly signal: AbortSignal;
  /** Tells the manager a running module has failed; its restart policy takes over. */
  reportFailure(error: unknown): void;
}

/** The one lifecycle every SDK module and sidecar plugin follows. */
export interface ModuleInterface<Config = unknown> {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  /** Validate config and allocate. May run again after `stop` when the module is restarted. */
  initialize(ctx: ModuleContext<Config>): Promise<void> | void;
  /** Return quickly: long work runs in the background on `ctx.signal`. */
  start(): Promise<void> | void;
  /** Release and flush before `signal` aborts (the stop deadline). Idempotent, safe before `start`. */
  stop(signal: AbortSignal): Promise<void> | void;
  readonly status: ModuleStatus;
  health?(): HealthReport | Promise<HealthReport>;
  /** Apply new config without a restart. */
  reconfigure?(next: Config): Promise<void> | void;
}
