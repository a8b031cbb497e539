import type { HealthReport, ModuleContext, ModuleInterface, ModuleStatus } from '@outrider/core';
import type { LoadedPlugin } from '../config/load.js';
import type { HostServices } from './host-services.js';
import { createInstanceContext, type InstanceContext } from './plugin-context.js';
import { inPlugin } from './plugin-scope.js';

/**
 * One plugin instance as the ModuleManager sees it: named after its config key, so one plugin can
 * run as several instances, and depending on the scheduler it may use. The plugin's own module is
 * created at the first initialize, so a throwing `create` is an initialize failure like any other.
 */
export class PluginModule implements ModuleInterface {
  readonly name: string;
  readonly dependsOn: readonly string[];
  #loaded: LoadedPlugin;
  readonly #host: HostServices;
  #instance: InstanceContext | undefined;
  #module: ModuleInterface | undefined;
  /** The current run's failure report (the manager's restart policy takes it from there). */
  #reportFailure: ((error: unknown) => void) | undefined;
  /** An asynchronous failure that happened while starting: the start fails with it. */
  #failedWhileStarting: unknown;
  #starting = false;

  constructor(loaded: LoadedPlugin, host: HostServices) {
    this.name = loaded.instance;
    this.#loaded = loaded;
    this.#host = host;
    this.dependsOn = [...new Set(['scheduler', ...(loaded.plugin.dependsOn ?? []), ...loaded.dependsOn])];
  }

  /** What config declared for this instance; `config` follows reconfigure. */
  get loaded(): LoadedPlugin {
    return this.#loaded;
  }

  get status(): ModuleStatus {
    return this.#module?.status ?? 'registered';
  }

  get canReconfigure(): boolean {
    return typeof this.#module?.reconfigure === 'function';
  }

  /**
   * Calls the plugin's `create` once. The agent calls it before anything starts, so a factory that
   * throws on its config is a config error naming the instance, not a module failure.
   */
  create(): ModuleInterface {
    if (this.#module === undefined) {
      const instance = createInstanceContext(this.name, this.#host);
      try {
        this.#module = inPlugin(this.name, () => this.#loaded.plugin.create(instance.context, this.#loaded.config));
      } catch (error) {
        instance.release();
        throw error;
      }
      this.#instance = instance;
    }
    return this.#module;
  }

  initialize(ctx: ModuleContext): Promise<void> {
    this.#reportFailure = ctx.reportFailure;
    this.#failedWhileStarting = undefined;
    this.#starting = true;
    return inPlugin(this.name, async () => {
      await this.create().initialize({
        ...ctx,
        logger: this.#instance?.context.logger ?? ctx.logger,
        config: this.#loaded.config,
      });
    });
  }

  start(): Promise<void> {
    return inPlugin(this.name, async () => {
      try {
        await this.#module?.start();
        if (this.#failedWhileStarting !== undefined) throw this.#failedWhileStarting;
      } finally {
        this.#starting = false;
      }
    });
  }

  stop(signal: AbortSignal): Promise<void> {
    this.#starting = false;
    return inPlugin(this.name, async () => {
      try {
        await this.#module?.stop(signal);
      } finally {
        this.#instance?.releaseJobs();
      }
    });
  }

  health(): HealthReport | Promise<HealthReport> {
    return inPlugin(this.name, () => this.#module?.health?.() ?? { status: 'healthy' });
  }

  reconfigure(next: unknown): Promise<void> {
    return inPlugin(this.name, async () => {
      await this.#module?.reconfigure?.(next);
      this.#loaded = { ...this.#loaded, config: next };
    });
  }

  /**
   * An uncaught exception or unhandled rejection of this instance: while starting, the start fails
   * with it; once running, the manager's restart policy takes over.
   */
  fail(error: unknown): void {
    if (this.#starting) this.#failedWhileStarting ??= error;
    else this.#reportFailure?.(error);
  }

  /** Gives back routes, caches and queues: the instance is removed for good. */
  release(): void {
    this.#instance?.release();
  }
}
