import type { ModuleState } from '@outrider/core';
import { definePlugin } from '@outrider/plugin-api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conformanceChecks, runPluginConformance } from '../src/index.js';
import { heartbeatPlugin } from './heartbeat-plugin.js';

runPluginConformance(heartbeatPlugin, { config: { intervalMs: 10 } });

/** Runs one named check and returns its failure message, or undefined when it passed. */
async function failureOf(plugin: Parameters<typeof conformanceChecks>[0], check: string, options = {}) {
  const found = conformanceChecks(plugin, options).find((candidate) => candidate.name.startsWith(check));
  if (!found) throw new Error(`no check named ${check}`);
  return found.run().then(
    () => undefined,
    (error: Error) => error.message,
  );
}

function pluginWith(behaviour: { start?: () => Promise<void> | void; stop?: (started: boolean) => void }) {
  return definePlugin({
    name: 'broken',
    version: '0.1.0',
    stability: 'development',
    configSchema: z.object({ port: z.number().default(1) }),
    create: () => {
      let started = false;
      const module = {
        name: 'broken',
        status: 'registered' as ModuleState,
        initialize() {},
        async start() {
          await behaviour.start?.();
          started = true;
          module.status = 'running';
        },
        stop() {
          behaviour.stop?.(started);
          module.status = 'stopped';
        },
      };
      return module;
    },
  });
}

describe('conformance checks catch broken plugins', () => {
  it('a stop that throws before start', async () => {
    const plugin = pluginWith({
      stop: (started) => {
        if (!started) throw new Error('not started');
      },
    });
    expect(await failureOf(plugin, 'stop is safe')).toBe('not started');
  });

  it('a start that does its long work inline instead of in the background', async () => {
    const plugin = pluginWith({ start: () => new Promise((resolve) => setTimeout(resolve, 200)) });
    expect(await failureOf(plugin, 'initialize', { startDeadline: '50ms' })).toMatch(
      /^start took \d+ ms; it must return within 50 ms$/,
    );
  });

  it('a config the schema wrongly accepts', async () => {
    const plugin = pluginWith({});
    expect(await failureOf(plugin, 'rejects', { invalidConfig: { config: { port: 2 }, path: 'port' } })).toBe(
      'a bad config was accepted (path "port")',
    );
  });

  it('defaults shared between parses', async () => {
    const shared = { port: 1 };
    const plugin = definePlugin({
      ...pluginWith({}),
      configSchema: z.object({ port: z.number().default(1) }).transform(() => shared),
    });
    expect(await failureOf(plugin, 'parses')).toBe(
      'parseConfig returned the same object twice: defaults must not be shared',
    );
  });

  it('passes a well-behaved plugin on every check', async () => {
    for (const check of conformanceChecks(heartbeatPlugin)) await expect(check.run()).resolves.toBeUndefined();
  });
});
