import { once } from 'node:events';
import { createDistributedCache, type DistributedCache, type DistributedCacheOptions } from '@outrider/cache';
import { restartRequired } from '@outrider/config';
import { type Clock, OutriderError } from '@outrider/core';
import type { OutriderLogger } from '@outrider/logger';
import { connectRedis, type RedisConfig, redisConfigSchema } from '@outrider/redis';
import {
  type RedisLockOptions,
  RedisLockProvider,
  RedisStreamQueue,
  type RedisStreamQueueOptions,
} from '@outrider/scheduler';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { z } from 'zod';

/**
 * `true`: the config has a `redis:` section (every key has a default, so an empty or missing section
 * means `redis://127.0.0.1:6379`). `'optional'`: the service uses Redis only when its config has one.
 */
export type ServiceRedisOption = boolean | 'optional';

/**
 * The service's Redis connection and the primitives made on it, with the service's registry, logger,
 * clock and the section's `keyPrefix` filled in. The service closes the client after its modules stopped.
 */
export interface ServiceRedis {
  /** The ioredis client of the `redis:` section (no offline queue, reconnecting on its own). */
  readonly client: Redis;
  /** The section's `keyPrefix`, before every key and channel of the primitives below. */
  readonly keyPrefix: string;
  /** Scheduler locks across replicas: `new Scheduler({ lock: redis.lockProvider() })`. */
  lockProvider(options?: Omit<RedisLockOptions, 'redis'>): RedisLockProvider;
  /** A cache shared by the replicas (L1 in memory, L2 in Redis, invalidation bus); a module to register. */
  distributedCache<V>(options: Omit<DistributedCacheOptions<V>, 'redis'>): DistributedCache<V>;
  /** A BatchQueue whose items survive the process (Redis Streams); a module to register. */
  streamQueue<T>(options: Omit<RedisStreamQueueOptions<T>, 'redis'>): RedisStreamQueue<T>;
}

/** What the service needs back: the handle for its modules, and how to close it on stop. */
export interface ServiceRedisConnection {
  readonly redis: ServiceRedis;
  close(): Promise<void>;
}

function invalid(message: string): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `createService: ${message}`);
}

/**
 * The service's config schema with the `redis:` section added (or a schema of that section alone for
 * a service without one). The section cannot change while running: the client is made at start.
 */
export function withRedisSection(schema: z.ZodType | undefined, option: ServiceRedisOption): z.ZodType {
  if (option !== true && option !== 'optional') {
    throw invalid(`redis: expected true, false or "optional", got ${JSON.stringify(option)}`);
  }
  const section =
    option === true ? restartRequired(redisConfigSchema).prefault({}) : restartRequired(redisConfigSchema).optional();
  if (schema === undefined) return z.strictObject({ redis: section });
  if (!(schema instanceof z.ZodObject)) {
    throw invalid('redis: needs config.schema to be a z.object (the redis: section is added to it)');
  }
  if ('redis' in schema.shape) {
    throw invalid('config.schema has a "redis" key already: leave it out, the redis option adds that section');
  }
  return schema.extend({ redis: section });
}

/**
 * Connects to the section's Redis (ioredis is loaded only now), waiting at most its `connectTimeout`:
 * a Redis that is down does not hold the service back, the primitives apply their own policy meanwhile.
 */
export async function connectServiceRedis(
  config: RedisConfig,
  parts: { registry: Registry; logger: OutriderLogger; clock: Clock },
): Promise<ServiceRedisConnection> {
  const { registry, logger, clock } = parts;
  const client = await connectRedis(config, logger.child({ module: 'redis' }));
  const keyPrefix = config.keyPrefix;
  const redis: ServiceRedis = {
    client,
    keyPrefix,
    lockProvider: (options) =>
      new RedisLockProvider({
        redis: client,
        prefix: `${keyPrefix}lock:`,
        registry,
        clock,
        logger: logger.child({ module: 'lock' }),
        ...options,
      }),
    distributedCache: (options) =>
      createDistributedCache({
        prefix: `${keyPrefix}cache:${options.name}:`,
        registry,
        logger: logger.child({ module: `cache:${options.name}` }),
        ...options,
        redis: client,
      }),
    streamQueue: (options) =>
      new RedisStreamQueue({
        stream: `${keyPrefix}queue:${options.name ?? 'queue'}`,
        registry,
        clock,
        logger: logger.child({ module: `queue:${options.name ?? 'queue'}` }),
        ...options,
        redis: client,
      }),
  };
  return {
    redis,
    // QUIT lets replies in flight arrive; when Redis cannot answer (down, frozen) it fails within
    // commandTimeout and the socket is simply dropped. Resolves once the connection has ended.
    async close() {
      if (client.status === 'end') return;
      const ended = once(client, 'end');
      await client.quit().catch(() => client.disconnect());
      await ended;
    },
  };
}
