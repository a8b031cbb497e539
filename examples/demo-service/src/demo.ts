import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineModule, type ModuleInterface, Scheduler, type ServiceContext } from '@outrider/sdk';
import type { demoConfigSchema } from './config.js';
import { createApiHandler } from './http-api.js';
import { createInstruments } from './instruments.js';
import { PriceBoard } from './price-board.js';
import { PricingUpstream } from './pricing-upstream.js';
import { QuoteService } from './quote-service.js';
import { QuoteFeed } from './ws-feed.js';

export interface Demo {
  /** The HTTP API and the `/ws` endpoint on one port. */
  readonly api: ModuleInterface;
  /** The price board following the `/ws` quote streams (after `api`). */
  readonly board: ModuleInterface;
  /** Pushes WebSocket ticks every `tickEvery`. */
  readonly scheduler: Scheduler;
}

/**
 * Wires the demo from the loaded config; called by the service once telemetry runs. The cache,
 * retries, scheduler and WebSocket monitor record into the service's registry, which createService
 * bridges into the OTLP metrics: they reach the sidecar's /metrics under their own names.
 */
export function createDemo({ name, config, logger, registry }: ServiceContext<typeof demoConfigSchema>): Demo {
  const instruments = createInstruments(name);
  const upstream = new PricingUpstream({
    failureRate: config.upstream.failureRate,
    latencyMs: config.upstream.latency,
  });
  const quotes = new QuoteService(config, upstream, instruments, registry, logger.child({ module: 'quotes' }));
  let board: PriceBoard | undefined;
  const server: Server = createServer(
    createApiHandler(quotes, () => board?.snapshot() ?? {}, instruments, logger.child({ module: 'api' })),
  );
  const feed = new QuoteFeed(server, quotes, instruments, registry, logger.child({ module: 'ws' }));

  const scheduler = new Scheduler({ registry, logger: logger.child({ module: 'scheduler' }) });
  scheduler.add({ id: 'publish-ticks', every: config.tickEvery, run: () => feed.tick() });

  const api = defineModule({
    name: 'api',
    start: () =>
      new Promise<void>((ready, fail) => {
        server.once('error', fail);
        server.listen(config.port, config.host, () => {
          server.off('error', fail);
          logger.info({ url: `http://${config.host}:${config.port}` }, 'demo-service listening');
          ready();
        });
      }),
    stop: () => {
      feed.close();
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
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
  return { api, board: boardModule, scheduler };
}
