import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  defineModule,
  type ModuleInterface,
  type OutriderLogger,
  type ServiceContext,
  type ServiceRedis,
} from '@outrider/sdk';
import type { DemoConfig, demoConfigSchema } from './config.js';
import { createApiHandler } from './http-api.js';
import { createInstruments } from './instruments.js';
import { PriceBoard } from './price-board.js';
import { PricingUpstream, type Quote } from './pricing-upstream.js';
import { QuoteService } from './quote-service.js';
import { QuoteFeed } from './ws-feed.js';

export interface Demo {
  /** The HTTP API and the `/ws` endpoint on one port. */
  readonly api: ModuleInterface;
  /** The price board following the `/ws` quote streams (after `api`). */
  readonly board: ModuleInterface;
}

/**
 * What replicas of the demo share through Redis: the quote cache (L1 here, L2 in Redis, invalidations
 * on the bus), and a stream queue of the symbols clients looked up, counted in batches.
 */
function sharedParts(redis: ServiceRedis, config: DemoConfig, logger: OutriderLogger) {
  const cache = redis.distributedCache<Quote>({ name: 'quotes', max: config.cache.max, ttl: config.cache.ttl });
  const lookups = redis.streamQueue<{ symbol: string; at: number }>({
    name: 'quote-lookups',
    batchSize: 50,
    flushInterval: '1s',
    reclaimAfter: '10s',
    process: (batch) => {
      const bySymbol: Record<string, number> = {};
      for (const { symbol } of batch) bySymbol[symbol] = (bySymbol[symbol] ?? 0) + 1;
      logger.debug({ lookups: bySymbol }, 'quote lookups counted');
    },
  });
  return { cache, lookups };
}

/**
 * Wires the demo from the loaded config; called by the service once telemetry runs. The cache,
 * retries, scheduler and WebSocket monitor record into the service's registry, which createService
 * bridges into the OTLP metrics: they reach the sidecar's /metrics under their own names. With a
 * `redis:` section (`DEMO_REDIS__URL`), replicas share the quote cache, a lookup stream and the
 * scheduler's fires. The caches, the queue and the scheduler come from the context, so the demo's ops
 * port lists them.
 */
export function createDemo(context: ServiceContext<typeof demoConfigSchema>): Demo {
  const { name, config, logger, registry, redis, scheduler } = context;
  const instruments = createInstruments(name);
  const upstream = new PricingUpstream({
    failureRate: config.upstream.failureRate,
    latencyMs: config.upstream.latency,
  });
  const shared = redis === undefined ? undefined : sharedParts(redis, config, logger.child({ module: 'lookups' }));
  const quotesLogger = logger.child({ module: 'quotes' });
  const cache =
    shared?.cache ??
    context.createCache<Quote>({ name: 'quotes', max: config.cache.max, ttl: config.cache.ttl, logger: quotesLogger });
  const quotes = new QuoteService(config, cache, upstream, instruments, registry, quotesLogger, shared?.lookups);
  let board: PriceBoard | undefined;
  const server: Server = createServer(
    createApiHandler(quotes, () => board?.snapshot() ?? {}, instruments, logger.child({ module: 'api' })),
  );
  const feed = new QuoteFeed(server, quotes, instruments, registry, logger.child({ module: 'ws' }));

  // On Redis each tick runs on one replica (ctx.scheduler locks through Redis; the others skip it, counted as contended).
  scheduler.add({ id: 'publish-ticks', every: config.tickEvery, run: () => feed.tick() });

  const api = defineModule({
    name: 'api',
    // The shared cache and the lookup stream run before the API serves and stop after it.
    start: async () => {
      await shared?.cache.start();
      await shared?.lookups.start();
      await new Promise<void>((ready, fail) => {
        server.once('error', fail);
        server.listen(config.port, config.host, () => {
          server.off('error', fail);
          logger.info({ url: `http://${config.host}:${config.port}` }, 'demo-service listening');
          ready();
        });
      });
    },
    stop: async (signal) => {
      feed.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await shared?.lookups.stop(signal);
      await shared?.cache.stop();
    },
  });
  const boardModule = defineModule({
    name: 'board',
    dependsOn: ['api'],
    start: () => {
      const { port } = server.address() as AddressInfo;
      board = new PriceBoard(
        `ws://${config.host}:${port}/ws`,
        config.symbols,
        registry,
        logger.child({ module: 'board' }),
      );
      board.multiplexer.start();
      board.follow();
    },
    stop: async (signal) => {
      board?.close();
      await board?.multiplexer.stop(signal);
    },
  });
  return { api, board: boardModule };
}
