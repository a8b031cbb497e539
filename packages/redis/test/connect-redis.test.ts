import type { Logger } from '@outrider/core';
import { type RedisServer, startRedisServer } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, redisConfigSchema } from '../src/index.js';
import { redactRedisUrl } from '../src/redact-redis-url.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer({ args: ['--requirepass', 'hunter2'] });
});
afterAll(async () => {
  await server.stop();
});

/** A logger that keeps every line as text, to check what would be printed. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (obj: unknown, msg?: string) => lines.push(`${JSON.stringify(obj)} ${msg ?? ''}`);
  const logger = { lines, trace: record, debug: record, info: record, warn: record, error: record, fatal: record };
  return { ...logger, child: () => logger } as unknown as Logger & { lines: string[] };
}

describe('redisConfigSchema', () => {
  it('fills the defaults', () => {
    expect(redisConfigSchema.parse({})).toEqual({
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'outrider:',
      connectTimeout: 5_000,
      commandTimeout: 1_000,
    });
  });

  it('names every bad key and value at once', () => {
    const result = redisConfigSchema.safeParse({ url: 'http://cache:6379', commandTimeout: 'soon', pasword: 'x' });
    expect(result.success).toBe(false);
    const problems = result.error?.issues.map((issue) => `${issue.path.join('.') || issue.code}: ${issue.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'url: expected a redis:// or rediss:// URL',
        `commandTimeout: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0`,
        expect.stringContaining('pasword'),
      ]),
    );
  });
});

describe('connectRedis', () => {
  it('connects with the password from the config', async () => {
    const redis = await connectRedis(
      redisConfigSchema.parse({ url: `redis://127.0.0.1:${server.port}`, password: 'hunter2' }),
    );
    expect(redis.status).toBe('ready');
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });

  it('logs a failed connection without its credentials, and fails calls at once while down', async () => {
    const logger = recordingLogger();
    const redis = await connectRedis(
      redisConfigSchema.parse({ url: `redis://app:wrong-secret@127.0.0.1:${server.port}`, connectTimeout: 300 }),
      logger,
    );
    expect(redis.status).not.toBe('ready');
    expect(logger.lines.join('\n')).toContain(`redis://***:***@127.0.0.1:${server.port}`);
    expect(logger.lines.join('\n')).not.toContain('wrong-secret');
    await expect(redis.get('k')).rejects.toThrow();
    redis.disconnect();
  });
});

describe('redactRedisUrl', () => {
  it.each([
    ['redis://user:pw@host:6379/0', 'redis://***:***@host:6379/0'],
    ['rediss://:pw@host', 'rediss://:***@host'],
    ['redis://host:6379', 'redis://host:6379'],
    ['not a url', '***'],
  ])('%s → %s', (url, shown) => {
    expect(redactRedisUrl(url)).toBe(shown);
  });
});
