import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigManager, type ConfigManagerOptions, duration } from '../src/index.js';
import { project, unexpected } from './helpers.js';

const strict = z.strictObject({
  server: z.strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().default(9464) }).prefault({}),
  shutdown: z.strictObject({ timeout: duration().prefault('25s') }).prefault({}),
  log: z.strictObject({ level: z.enum(['info', 'debug']).default('info') }).prefault({}),
  plugins: z.record(z.string(), z.looseObject({ use: z.string().optional() })).default({}),
});

function manager(cwd: string, env: NodeJS.ProcessEnv = {}, extra: Partial<ConfigManagerOptions<typeof strict>> = {}) {
  return new ConfigManager({ name: 'outrider', schema: strict, cwd, env, ...extra });
}

describe('unknown keys', () => {
  it('reports each misspelled key with its position and the nearest known key, with every other problem', async () => {
    const cwd = project({
      'outrider.yaml': [
        'server:',
        '  prot: 9464',
        '  hots: 0.0.0.0',
        'logg: {}',
        'shutdown:',
        '  timeout: lots',
        '',
      ].join('\n'),
    });
    const error = await manager(cwd, { OUTRIDER_LOG__LEVEL: 'loud' })
      .load()
      .then(unexpected, (e: unknown) => e as Error);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')).toBe(true);
    expect(error.message).toBe(
      [
        'outrider.yaml: config is invalid (5 problems):',
        '  - outrider.yaml:2:3: server.prot: expected one of host, port, found unknown key "prot" (did you mean "port"?)',
        '  - outrider.yaml:3:3: server.hots: expected one of host, port, found unknown key "hots" (did you mean "host"?)',
        '  - outrider.yaml:4:1: logg: expected one of server, shutdown, log, plugins, found unknown key "logg" (did you mean "log"?)',
        `  - outrider.yaml:6:3: shutdown.timeout: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0, found "lots"`,
        '  - env OUTRIDER_LOG__LEVEL: log.level: expected one of "info", "debug", found "loud"',
      ].join('\n'),
    );
  });
});

describe('unknown environment variables', () => {
  const env = { OUTRIDER_SERVER_PORT: '1', OUTRIDER_SERVR__PORT: '2', OUTRIDER_SERVER__PORT: '3' };

  it('are warned about with the nearest valid name, and the load goes on', async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args[0]) } as never;
    const config = manager(project(), env, { logger });
    await config.load();
    expect(config.get('server.port')).toBe(3);
    expect(config.unknownEnv).toEqual([
      { variable: 'OUTRIDER_SERVER_PORT', suggestion: 'OUTRIDER_SERVER__PORT' },
      { variable: 'OUTRIDER_SERVR__PORT', suggestion: 'OUTRIDER_SERVER__PORT' },
    ]);
    expect(warnings).toEqual(config.unknownEnv);
  });

  it('are config problems with unknownEnv: error, next to the file problems', async () => {
    const cwd = project({ 'outrider.yaml': 'log: { level: loud }\n' });
    const error = await manager(cwd, env, { unknownEnv: 'error' })
      .load()
      .then(unexpected, (e: unknown) => e as Error);
    expect(error.message).toContain(
      '  - outrider.yaml:1:8: log.level: expected one of "info", "debug", found "loud"\n',
    );
    expect(error.message).toContain(
      '  - env OUTRIDER_SERVER_PORT: matches no config key (did you mean OUTRIDER_SERVER__PORT?)\n',
    );
    expect(error.message).toContain(
      '  - env OUTRIDER_SERVR__PORT: matches no config key (did you mean OUTRIDER_SERVER__PORT?)',
    );
  });

  it('leave alone variables the file refers to, ones declared known, and those under an open section', async () => {
    const cwd = project({ 'outrider.yaml': `server: { host: "\${OUTRIDER_BIND}" }\n` });
    const config = manager(
      cwd,
      { OUTRIDER_BIND: '0.0.0.0', OUTRIDER_URL: 'http://x', OUTRIDER_PLUGINS__OTLP__RECEIVER__PORT: '1' },
      { unknownEnv: 'error', knownEnv: ['OUTRIDER_URL'] },
    );
    await config.load();
    expect(config.get('server.host')).toBe('0.0.0.0');
    expect(config.unknownEnv).toEqual([]);
  });

  it('use the service prefix', async () => {
    const config = new ConfigManager({
      name: 'shop',
      schema: strict,
      cwd: project(),
      env: { SHOP_LOG__LEVL: 'debug' },
      unknownEnv: 'error',
    });
    await expect(config.load()).rejects.toThrow(
      'env SHOP_LOG__LEVL: matches no config key (did you mean SHOP_LOG__LEVEL?)',
    );
  });
});

describe('check hook', () => {
  it('runs even when the schema found problems, and its problems carry positions', async () => {
    const cwd = project({ 'outrider.yaml': 'log: { level: loud }\nplugins:\n  probes:\n    targets: 5\n' });
    const config = manager(
      cwd,
      {},
      {
        check: (context) => {
          const plugins = (context.input as { plugins: Record<string, Record<string, unknown>> }).plugins;
          const result = context.check(
            z.strictObject({ targets: z.array(z.string()) }),
            plugins.probes,
            'plugins.probes',
          );
          return result.ok ? [] : result.problems;
        },
      },
    );
    const error = await config.load().then(unexpected, (e: unknown) => e as Error);
    expect(error.message).toContain(
      '  - outrider.yaml:1:8: log.level: expected one of "info", "debug", found "loud"\n',
    );
    expect(error.message).toContain('  - outrider.yaml:4:5: plugins.probes.targets: expected array, found 5');
  });
});
