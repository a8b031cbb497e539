import { isDeepStrictEqual } from 'node:util';
import {
  type Duration,
  isOutriderError,
  type ModuleInterface,
  ModuleManager,
  type ModuleState,
  parseDuration,
} from '@outrider/core';
import type { Plugin, SidecarPluginContext } from '@outrider/plugin-api';
import type { ZodType } from 'zod';
import { createTestModuleContext, createTestPluginContext } from './contexts.js';

export interface ConformanceOptions {
  /** Raw config the plugin is created with; default `{}` (every field should have a default). */
  config?: unknown;
  /**
   * A config that must be rejected, and the path the error must name. Default: the valid config with
   * its first key set to a value of another type.
   */
  invalidConfig?: { config: unknown; path: string };
  /** Overrides for the context handed to `create` (a host's services). */
  context?: Partial<Omit<SidecarPluginContext, 'scheduler'>>;
  /** How long `start` may take (`'1s'`, ms). Default 1 s: start must return quickly. */
  startDeadline?: Duration;
}

export interface ConformanceCheck {
  name: string;
  run(): Promise<void>;
}

class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

/** Read through a call, so the compiler does not narrow a status that changes between reads. */
const statusOf = (module: ModuleInterface): ModuleState => module.status;

/** A config like `valid` whose first key holds a value of another type, and that key's path. */
function breakFirstKey(valid: unknown): { config: unknown; path: string } {
  if (valid === null || typeof valid !== 'object' || Array.isArray(valid)) return { config: 42, path: '' };
  const [key, value] = Object.entries(valid)[0] ?? [];
  if (key === undefined) return { config: 'not an object', path: '' };
  const wrong = typeof value === 'number' ? 'not a number' : typeof value === 'string' ? 12345 : 'not valid here';
  return { config: { ...valid, [key]: wrong }, path: key };
}

/**
 * The plugin contract as a list of checks: what every plugin must do whatever it is for.
 * `runPluginConformance` registers each as a vitest test.
 */
export function conformanceChecks(
  plugin: Plugin<ZodType, SidecarPluginContext>,
  options: ConformanceOptions = {},
): ConformanceCheck[] {
  const rawConfig = options.config ?? {};
  const startDeadlineMs = parseDuration(options.startDeadline ?? 1_000, 'startDeadline');
  const create = () => {
    const config = plugin.parseConfig(rawConfig);
    const module = plugin.create(createTestPluginContext({ instanceName: plugin.name, ...options.context }), config);
    return { config, module };
  };

  return [
    {
      name: 'parses its config, with pure defaults',
      async run() {
        const first = plugin.parseConfig(rawConfig);
        const second = plugin.parseConfig(rawConfig);
        assert(isDeepStrictEqual(first, second), 'parsing the same config twice gave different results');
        if (first !== null && typeof first === 'object') {
          assert(first !== second, 'parseConfig returned the same object twice: defaults must not be shared');
        }
      },
    },
    {
      name: 'rejects a bad config with an error naming the path',
      async run() {
        const { config, path } = options.invalidConfig ?? breakFirstKey(plugin.parseConfig(rawConfig));
        let caught: unknown;
        try {
          plugin.parseConfig(config);
        } catch (error) {
          caught = error;
        }
        assert(isOutriderError(caught, 'OUTRIDER_CONFIG_INVALID'), `a bad config was accepted (path "${path}")`);
        const problems = (caught.details.problems ?? []) as { path: string }[];
        assert(
          problems.some((problem) => problem.path === path),
          `the error names ${problems.map((p) => `"${p.path}"`).join(', ')}, not "${path}"`,
        );
      },
    },
    {
      name: 'stop is safe before start, and twice',
      async run() {
        const { module } = create();
        const signal = AbortSignal.timeout(5_000);
        await module.stop(signal);
        await module.stop(signal);
      },
    },
    {
      name: 'initialize → start (within its deadline) → health → reconfigure → stop → stop again',
      async run() {
        const { config, module } = create();
        const ctx = createTestModuleContext(plugin.name, config);
        await module.initialize(ctx);
        const started = performance.now();
        await module.start();
        const took = performance.now() - started;
        assert(
          took <= startDeadlineMs,
          `start took ${Math.round(took)} ms; it must return within ${startDeadlineMs} ms`,
        );
        assert(statusOf(module) === 'running', `status after start is "${module.status}", not "running"`);
        if (module.health) {
          const report = await module.health();
          assert(
            ['healthy', 'degraded', 'unhealthy'].includes(report?.status),
            `health() returned ${JSON.stringify(report)}, not a HealthReport`,
          );
        }
        if (module.reconfigure) await module.reconfigure(config);
        ctx.abort();
        await module.stop(AbortSignal.timeout(5_000));
        assert(statusOf(module) === 'stopped', `status after stop is "${module.status}", not "stopped"`);
        await module.stop(AbortSignal.timeout(5_000));
        assert(ctx.reportedFailures.length === 0, `the plugin reported failures: ${ctx.reportedFailures.join('; ')}`);
      },
    },
    {
      name: 'runs under a ModuleManager',
      async run() {
        const { config, module } = create();
        const manager = new ModuleManager({ healthCheckInterval: 0, deadlines: { start: startDeadlineMs } });
        manager.register(module, { config, restart: { maxRestarts: 0 } });
        try {
          const report = await manager.startAll();
          const [status] = manager.status();
          assert(report.running.includes(module.name), `the manager could not start it: ${status?.lastError?.message}`);
        } finally {
          await manager.stopAll();
        }
        const [status] = manager.status();
        assert(status?.state === 'stopped', `after stopAll it is "${status?.state}": ${status?.lastError?.message}`);
      },
    },
  ];
}
