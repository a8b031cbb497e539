import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createService, isOutriderError } from '../src/index.js';

const quiet = { telemetry: false, signals: false, logger: { level: 'silent' } } as const;
const TOKEN = 'tok-5d1e0c7a9b';

describe('the ops: config section', () => {
  it('holds the token as a secret: every redacted view shows ***', async () => {
    const service = createService({
      name: 'secretive',
      config: { schema: z.object({ greeting: z.string().default('hi') }), env: {} },
      ops: { port: 0, token: TOKEN },
      ...quiet,
    });
    await service.start();
    try {
      expect(service.config.secretPaths()).toContain('ops.token');
      expect(service.config.redacted()).toMatchObject({
        greeting: 'hi',
        ops: { port: 0, host: '127.0.0.1', token: '***' },
      });
      expect(service.config.print()).not.toContain(TOKEN);
    } finally {
      await service.stop();
    }
  });

  it('takes its port and token from the environment over the option', async () => {
    const service = createService({
      name: 'shop',
      config: { schema: z.object({}), env: { SHOP_OPS__PORT: '0', SHOP_OPS__TOKEN: TOKEN } },
      ops: { port: 9465 },
      ...quiet,
    });
    await service.start();
    try {
      expect(service.config.getAll()).toMatchObject({ ops: { port: 0, token: TOKEN } });
      expect(service.manager.status().find((entry) => entry.name === 'ops')?.state).toBe('running');
    } finally {
      await service.stop();
    }
  });

  it('rejects a bad port from start(), naming ops.port, without the token in the message', async () => {
    const service = createService({
      name: 'typo',
      config: { schema: z.object({}), env: {} },
      ops: { port: 70_000, token: TOKEN },
      ...quiet,
    });
    let caught: unknown;
    await service.start().catch((error) => {
      caught = error;
    });
    expect(isOutriderError(caught, 'OUTRIDER_CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('ops.port');
    expect((caught as Error).message).not.toContain(TOKEN);
    await service.stop();
  });

  it('refuses a schema that has an ops key of its own', () => {
    expect(() =>
      createService({ name: 'clash', config: { schema: z.object({ ops: z.string() }) }, ops: { port: 0 }, ...quiet }),
    ).toThrow(/config.schema has an "ops" key already/);
  });
});
