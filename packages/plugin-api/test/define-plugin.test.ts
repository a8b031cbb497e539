import { type ModuleState, OutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../src/index.js';

const module = () => ({
  name: 'x',
  status: 'registered' as ModuleState,
  initialize() {},
  start() {},
  stop() {},
});

const probeSchema = z.object({
  targets: z
    .array(z.object({ url: z.url(), interval: z.number().positive().default(31_000) }))
    .min(1)
    .default([{ url: 'http://127.0.0.1:3000/health', interval: 31_000 }]),
  timeoutMs: z.number().int().positive().default(5_000),
});

const httpProbe = () =>
  definePlugin({ name: 'http-probe', version: '1.0.0', stability: 'beta', configSchema: probeSchema, create: module });

describe('definePlugin', () => {
  it('checks the manifest and lists every problem at once', () => {
    expect(() =>
      definePlugin({
        name: 'HttpProbe',
        version: 'one',
        stability: 'experimental' as never,
        configSchema: z.object({}),
        create: module,
      }),
    ).toThrow(
      'plugin "HttpProbe": name "HttpProbe" must be kebab-case; version "one" must be semver (1.2.3); ' +
        'stability "experimental" must be one of development, alpha, beta, stable, deprecated',
    );
  });

  it('fills every default from the schema', () => {
    const plugin = httpProbe();
    expect(plugin.parseConfig({})).toEqual({
      targets: [{ url: 'http://127.0.0.1:3000/health', interval: 31_000 }],
      timeoutMs: 5_000,
    });
  });

  it('reports every config problem with its path, not just the first', () => {
    const plugin = httpProbe();
    let error: unknown;
    try {
      plugin.parseConfig(
        { targets: [{ url: 'not a url' }, { url: 'http://ok', interval: -5 }], timeoutMs: 'soon' },
        'outrider.yaml',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutriderError);
    expect(error).toMatchObject({ code: 'OUTRIDER_CONFIG_INVALID' });
    const { problems } = (error as OutriderError).details as { problems: { path: string }[] };
    expect(problems.map((problem) => problem.path)).toEqual(['targets.0.url', 'targets.1.interval', 'timeoutMs']);
    expect((error as Error).message).toMatch(
      /^plugin "http-probe" \(outrider.yaml\): config is invalid \(3 problems\):\n {2}- targets\.0\.url: /,
    );
    expect((error as Error).message).toContain('  - timeoutMs: Invalid input: expected number, received string');
  });

  it('turns a schema that throws into a config error instead of letting the exception out', () => {
    const plugin = definePlugin({
      name: 'fragile',
      version: '1.0.0',
      stability: 'beta',
      configSchema: z.object({ url: z.string() }).superRefine((config) => {
        new URL(config.url);
      }),
      create: module,
    });
    const error = (() => {
      try {
        plugin.parseConfig({ url: 'notaurl' }, 'probes');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(OutriderError);
    expect((error as OutriderError).code).toBe('OUTRIDER_CONFIG_INVALID');
    expect((error as Error).message).toContain('plugin "fragile" (probes): config is invalid (1 problem)');
    expect((error as Error).message).toContain('the config schema failed on this value: Invalid URL');
  });

  it('rejects dashboard panels without a title or a query', () => {
    expect(() =>
      definePlugin({
        name: 'probe',
        version: '1.0.0',
        stability: 'beta',
        configSchema: z.object({}),
        create: module,
        dashboards: [
          {
            dashboard: 'outrider-probes',
            row: 'Probes',
            panels: [
              { title: 'Up', kind: 'stat', queries: [{ expr: 'up' }] },
              { title: 'Nothing', kind: 'timeseries', queries: [] },
            ],
          },
        ],
      }),
    ).toThrow('dashboards[0].panels[1] needs a title and at least one query');
  });
});
