import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type RedisServer, startRedisServer } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createService,
  defineModule,
  isOutriderError,
  type LockLease,
  Scheduler,
  type ServiceRedis,
} from '../src/index.js';

const PASSWORD = 'correct-horse-battery';
let server: RedisServer;
let dir: string;

beforeAll(async () => {
  server = await startRedisServer({ args: ['--requirepass', PASSWORD] });
  dir = await mkdtemp(join(tmpdir(), 'outrider-sdk-redis-'));
  await writeFile(join(dir, 'redis-password'), `${PASSWORD}\n`);
  await mkdir(join(dir, 'empty'));
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every log line the service writes, as text. */
function capturedLogs() {
  const lines: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { lines, logger: { console: { destination } } };
}

/** A service whose only module keeps the `ctx.redis` it was handed. */
function serviceWith(options: { redis: true | 'optional'; env: Record<string, string>; file?: string }) {
  // Each service reads its own folder: no quotes.yaml of another test is found by accident.
  const seen: { redis?: ServiceRedis | undefined } = {};
  const logs = capturedLogs();
  const service = createService({
    name: 'quotes',
    redis: options.redis,
    config: {
      schema: z.strictObject({ port: z.number().default(3000) }),
      cwd: options.file === undefined ? join(dir, 'empty') : dir,
      env: options.env,
      watch: false,
      ...(options.file === undefined ? {} : { path: options.file }),
    },
    modules: [
      ({ redis }) => {
        seen.redis = redis;
        return defineModule({ name: 'probe', start: () => {} });
      },
    ],
    telemetry: false,
    signals: false,
    logger: logs.logger,
  });
  return { service, seen, logs };
}

describe('createService({ redis })', () => {
  it('connects the redis: section (password from a secretFile) and closes it after the modules stopped', async () => {
    const file = join(dir, 'quotes.yaml');
    await writeFile(
      file,
      `port: 8080\nredis:\n  url: ${server.url}\n  password: { secretFile: ${join(dir, 'redis-password')} }\n  keyPrefix: "shop:"\n`,
    );
    const { service, seen, logs } = serviceWith({ redis: true, env: {}, file });
    await service.start();
    const redis = seen.redis as ServiceRedis;
    expect(redis.client.status).toBe('ready');
    expect(redis.keyPrefix).toBe('shop:');
    expect(service.config.get('port')).toBe(8080);
    // The secret stays out of every view of the config and out of the logs.
    expect(JSON.stringify(service.config.redacted())).not.toContain(PASSWORD);
    expect(service.config.print()).not.toContain(PASSWORD);

    // The primitives are made on the connection, under the section's prefix.
    const lock = redis.lockProvider();
    const lease = (await lock.acquire({ key: 'rebuild', owner: 'a', ttlMs: 5_000, fireAt: 1_000 })) as LockLease;
    expect(lease.fencingToken).toBe(1);
    expect(await redis.client.exists('shop:lock:{rebuild}:lease')).toBe(1);
    await lease.release();

    const cache = redis.distributedCache<number>({ name: 'prices', max: 10, ttl: 60_000 });
    await cache.start();
    await cache.set('ACME', 101);
    expect(await redis.client.exists('shop:cache:prices:e:ACME')).toBe(1);
    await cache.stop();

    const handled: string[] = [];
    const queue = redis.streamQueue<string>({
      name: 'orders',
      flushInterval: 50,
      process: (batch) => void handled.push(...batch),
    });
    await queue.start();
    await queue.push('order-1');
    expect(await redis.client.exists('shop:queue:orders')).toBe(1);
    await queue.stop();

    await service.stop();
    expect(redis.client.status).toBe('end');
    expect(logs.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('hands the lock provider to a scheduler that runs on it', async () => {
    const { service, seen } = serviceWith({
      redis: true,
      env: { QUOTES_REDIS__URL: server.url, QUOTES_REDIS__PASSWORD: PASSWORD, QUOTES_REDIS__KEY_PREFIX: 'sched:' },
    });
    await service.start();
    const redis = seen.redis as ServiceRedis;
    const scheduler = new Scheduler({ lock: redis.lockProvider() });
    const tokens: number[] = [];
    scheduler.add({
      id: 'tick',
      every: '1h',
      startAt: Date.now() + 3_600_000,
      run: ({ fencingToken }) => void tokens.push(fencingToken ?? -1),
    });
    await scheduler.start();
    await scheduler.runNow('tick');
    await scheduler.stop();
    expect(tokens).toEqual([1]);
    expect(await redis.client.get('sched:lock:{tick}:fence')).toBe('1');
    await service.stop();
  });

  it("'optional': no section, no connection and ctx.redis undefined", async () => {
    const { service, seen } = serviceWith({ redis: 'optional', env: {} });
    await service.start();
    expect(seen).toEqual({ redis: undefined });
    await service.stop();
  });

  it('refuses a bad section before anything runs, naming each key and never the password', async () => {
    const { service, seen } = serviceWith({
      redis: true,
      env: { QUOTES_REDIS__URL: `http://app:${PASSWORD}@cache:6379`, QUOTES_REDIS__COMAND_TIMEOUT: '1s' },
    });
    const error = await service.start().then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(isOutriderError(error) && error.code).toBe('OUTRIDER_CONFIG_INVALID');
    expect(error?.message).toContain('redis.url');
    expect(error?.message).toContain('expected a redis:// or rediss:// URL');
    expect(error?.message).not.toContain(PASSWORD);
    expect(seen.redis).toBeUndefined();
    await service.stop();
  });

  it('refuses a schema it cannot add the section to', () => {
    const attempt = (schema: z.ZodType) => () =>
      createService({ name: 'x', redis: true, config: { schema }, telemetry: false, signals: false });
    expect(attempt(z.string())).toThrow(/redis: needs config.schema to be a z.object/);
    expect(attempt(z.object({ redis: z.string() }))).toThrow(/has a "redis" key already/);
    expect(() =>
      // @ts-expect-error: not one of the values
      createService({ name: 'x', redis: 'yes', telemetry: false, signals: false }),
    ).toThrow(/redis: expected true, false or "optional", got "yes"/);
  });
});
