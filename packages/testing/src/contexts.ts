import {
  type Clock,
  type Logger,
  type ModuleContext,
  type PluginContext,
  silentLogger,
  systemClock,
} from '@outrider/core';

/** A plugin context for tests: silent logger and the system clock unless given others. */
export function createTestPluginContext(
  overrides: Partial<PluginContext> & { instanceName?: string } = {},
): PluginContext {
  return { instanceName: 'test', logger: silentLogger, clock: systemClock, ...overrides };
}

export interface TestModuleContext<Config> extends ModuleContext<Config> {
  /** Failures the module reported through `ctx.reportFailure`. */
  readonly reportedFailures: unknown[];
  /** Aborts `signal`, as the manager does when it stops the module. */
  abort(): void;
}

/** A module context for calling a module's lifecycle directly, recording what it reports. */
export function createTestModuleContext<Config>(
  name: string,
  config: Config,
  options: { clock?: Clock; logger?: Logger } = {},
): TestModuleContext<Config> {
  const controller = new AbortController();
  const reportedFailures: unknown[] = [];
  return {
    name,
    config,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    signal: controller.signal,
    reportFailure: (error) => reportedFailures.push(error),
    reportedFailures,
    abort: () => controller.abort(),
  };
}
