import type { HealthReport, ModuleContext, ModuleInterface, ModuleStatus } from '@outrider/core';

export interface ModuleDefinition<Config = unknown> {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  /** Acquire and start (open the server, connect); return when ready. Long work runs on `ctx.signal`. */
  start(ctx: ModuleContext<Config>): Promise<void> | void;
  /** Release and flush. Called only after a successful start, once per start. */
  stop?(signal: AbortSignal): Promise<void> | void;
  health?(): HealthReport | Promise<HealthReport>;
}

/**
 * A module from two functions, for services that do not need the full lifecycle: `status` is
 * tracked, `stop` is idempotent and safe before `start`, and a restart starts it again.
 */
export function defineModule<Config = unknown>(definition: ModuleDefinition<Config>): ModuleInterface<Config> {
  let status: ModuleStatus = 'registered';
  let context: ModuleContext<Config> | undefined;
  let started = false;
  return {
    name: definition.name,
    dependsOn: definition.dependsOn ?? [],
    get status() {
      return status;
    },
    initialize(ctx) {
      context = ctx;
      status = 'initialized';
    },
    async start() {
      status = 'starting';
      await definition.start(context as ModuleContext<Config>);
      started = true;
      status = 'running';
    },
    async stop(signal) {
      if (started) {
        started = false;
        status = 'stopping';
        await definition.stop?.(signal);
      }
      status = 'stopped';
    },
    ...(definition.health === undefined ? {} : { health: () => (definition.health as () => HealthReport)() }),
  };
}
