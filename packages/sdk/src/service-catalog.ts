import { type Cache, type CacheOptions, type CacheStats, createCache } from '@outrider/cache';
import type { Clock, ModuleManager } from '@outrider/core';
import type { OutriderLogger } from '@outrider/logger';
import { BatchQueue, type BatchQueueOptions, Scheduler } from '@outrider/scheduler';
import type { Registry } from 'prom-client';
import type { ServiceContext } from './service-options.js';
import type { ServiceRedis } from './service-redis.js';

/** A cache the ops port lists and invalidates: an in-process `Cache` or a `DistributedCache`. */
export interface ListedCache {
  readonly name: string;
  stats(): CacheStats;
  invalidateTag(tag: string): number | Promise<number>;
  invalidatePrefix(prefix: string): number | Promise<number>;
}

/** A queue the ops port lists: a `BatchQueue` or a `RedisStreamQueue`. */
export interface ListedQueue {
  stats(): { name: string };
}

/** What the catalog fills in for every piece it makes. */
export interface CatalogParts {
  readonly registry: Registry;
  readonly clock: Clock;
  readonly logger: OutriderLogger;
  readonly manager: ModuleManager;
}

/**
 * The caches, queues and scheduler a service made through its context, each given the service's
 * registry, clock and a logger of its own: what the ops port lists at /api/cache/stats,
 * /api/tasks/queue/stats and /api/scheduler/jobs.
 */
export class ServiceCatalog {
  readonly caches = new Set<ListedCache>();
  readonly queues = new Set<ListedQueue>();
  readonly #parts: CatalogParts;
  #scheduler: Scheduler | undefined;
  #redis: ServiceRedis | undefined;

  constructor(parts: CatalogParts) {
    this.#parts = parts;
  }

  createCache<V>(options: Omit<CacheOptions, 'registry' | 'clock'>): Cache<V> {
    const { registry, clock, logger } = this.#parts;
    const cache = createCache<V>({
      logger: logger.child({ module: `cache:${options.name}` }),
      ...options,
      registry,
      clock,
    });
    this.caches.add(cache);
    return cache;
  }

  createQueue<T>(options: Omit<BatchQueueOptions<T>, 'registry' | 'clock'>): BatchQueue<T> {
    const { registry, clock, logger } = this.#parts;
    const name = options.name ?? 'queue';
    const queue = new BatchQueue<T>({ logger: logger.child({ module: `queue:${name}` }), ...options, registry, clock });
    this.queues.add(queue);
    return queue;
  }

  /**
   * The service's scheduler, made and registered as the module `scheduler` on first use. With a
   * `redis:` section its fires are locked through Redis: each runs on one replica.
   */
  get scheduler(): Scheduler {
    if (this.#scheduler === undefined) {
      const { registry, clock, logger, manager } = this.#parts;
      const lock = this.#redis?.lockProvider();
      this.#scheduler = new Scheduler({
        registry,
        clock,
        logger: logger.child({ module: 'scheduler' }),
        ...(lock === undefined ? {} : { lock }),
      });
      manager.register(this.#scheduler);
    }
    return this.#scheduler;
  }

  /** The scheduler if one was made; the ops port does not make one just to list no jobs. */
  get existingScheduler(): Scheduler | undefined {
    return this.#scheduler;
  }

  /** `ctx.redis` with its distributed caches and stream queues listed too. */
  trackRedis(redis: ServiceRedis | undefined): ServiceRedis | undefined {
    if (redis === undefined) return undefined;
    this.#redis = redis;
    return {
      ...redis,
      distributedCache: (options) => {
        const cache = redis.distributedCache(options);
        this.caches.add(cache);
        return cache;
      },
      streamQueue: (options) => {
        const queue = redis.streamQueue(options);
        this.queues.add(queue);
        return queue;
      },
    };
  }
}

/** The context module factories get: `base` plus the catalog's makers, the scheduler made on first read. */
export function serviceContext<S>(
  catalog: ServiceCatalog,
  base: Omit<ServiceContext<S>, 'createCache' | 'createQueue' | 'scheduler'>,
): ServiceContext<S> {
  return Object.defineProperty(
    {
      ...base,
      createCache: <V>(options: Omit<CacheOptions, 'registry' | 'clock'>) => catalog.createCache<V>(options),
      createQueue: <T>(options: Omit<BatchQueueOptions<T>, 'registry' | 'clock'>) => catalog.createQueue<T>(options),
    },
    'scheduler',
    { get: () => catalog.scheduler, enumerable: true },
  ) as ServiceContext<S>;
}
