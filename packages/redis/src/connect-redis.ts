import { readFileSync } from 'node:fs';
import { type Logger, silentLogger } from '@outrider/core';
import type { Redis, RedisOptions } from 'ioredis';
import { redactRedisUrl } from './redact-redis-url.js';
import type { RedisConfig } from './redis-config.js';

/**
 * An ioredis client for the config: no offline queue (a call while disconnected fails at once, so
 * nothing waits on a Redis that is down), reconnecting with backoff, connection changes logged
 * without credentials. Resolves once connected, or after `connectTimeout` with the client still
 * trying. The caller closes it (`quit()`). ioredis is loaded on the first call, so a process without
 * a `redis:` section never pays for it.
 */
export async function connectRedis(config: RedisConfig, logger: Logger = silentLogger): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const url = new URL(config.url);
  // Without `replyMapping`: RedisOptions lets it be undefined, which the constructor's overloads refuse.
  const options: Omit<RedisOptions, 'replyMapping'> = {
    enableOfflineQueue: false,
    connectTimeout: config.connectTimeout,
    commandTimeout: config.commandTimeout,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
  };
  if (url.protocol === 'rediss:' || config.tls !== undefined) {
    options.tls = {
      rejectUnauthorized: config.tls?.rejectUnauthorized ?? true,
      ...(config.tls?.caFile === undefined ? {} : { ca: readFileSync(config.tls.caFile) }),
      ...(config.tls?.servername === undefined ? {} : { servername: config.tls.servername }),
    };
  }
  const redis = new Redis(config.url, options);
  const where = redactRedisUrl(config.url);
  let down = false;
  redis.on('ready', () => {
    if (down) logger.info({ redis: where }, 'Redis connection is back');
    down = false;
  });
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ redis: where, err: error.message }, 'Redis connection failed; retrying');
    down = true;
  });
  // Start with a connection where one can be had, but never wait past connectTimeout for it.
  if (redis.status !== 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => redis.once('ready', resolve)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, config.connectTimeout);
      }),
    ]).finally(() => clearTimeout(timer));
  }
  return redis;
}
