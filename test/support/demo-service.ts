import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCache } from '@outrider/cache';
import { createLogger } from '@outrider/logger';
import { withRetry } from '@outrider/retry';
import { BatchQueue, Scheduler } from '@outrider/scheduler';
import { IncrementalAdapter, SubscriptionMultiplexer, WebSocketMonitor } from '@outrider/ws';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';

export interface DemoService {
  /** `host:port` Prometheus scrapes (`/metrics`); `/health` answers 200 for probes. */
  readonly address: string;
  /** A WebSocket endpoint that echoes, for the ws-monitor plugin to probe. */
  readonly wsUrl: string;
  stop(): Promise<void>;
}

const listening = (server: Server | WebSocketServer) =>
  new Promise<void>((resolve) => server.once('listening', () => resolve()));

/**
 * A service instrumented with the real SDK packages, all reporting into one registry served at
 * /metrics: a cache with hits, misses, evictions and expirations; retried calls that recover and
 * calls that give up; scheduler jobs that succeed and one that fails; a batch queue; a WebSocket
 * server under a monitor; a multiplexer on an upstream; a logger. The work runs on real timers.
 */
export async function startDemoService(): Promise<DemoService> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const logger = createLogger({ name: 'demo', console: false, registry, trace: false, flushOnExit: false });

  const cache = createCache<number>({ name: 'prices', max: 20, ttl: 400, registry });
  let calls = 0;
  const work = setInterval(() => {
    for (let i = 0; i < 10; i++) {
      const key = `p:${Math.floor(Math.random() * 30)}`;
      if (cache.get(key) === undefined) cache.set(key, i);
    }
    calls++;
    // Recovers on the second attempt; every fifth call is not retryable and gives up.
    let attempts = 0;
    withRetry(
      () => {
        attempts++;
        if (calls % 5 === 0) throw new TypeError('bad request');
        if (attempts < 2) throw new Error('flaky upstream');
        return 'ok';
      },
      {
        operation: 'fetch-prices',
        retries: 2,
        minDelay: 1,
        maxDelay: 5,
        registry,
        retryOn: (error) => !(error instanceof TypeError),
      },
    ).catch(() => logger.error('fetch-prices gave up'));
    logger.info({ calls }, 'tick');
    if (calls % 10 === 0) logger.warn('slow tick');
  }, 100);

  const scheduler = new Scheduler({ registry });
  scheduler.add({ id: 'refresh-prices', every: '200ms', run: () => undefined });
  let syncs = 0;
  scheduler.add({
    id: 'sync-orders',
    every: '300ms',
    run: () => {
      if (++syncs % 3 === 0) throw new Error('upstream 503');
    },
  });
  scheduler.start();

  const queue = new BatchQueue<number>({
    name: 'spans',
    batchSize: 5,
    flushInterval: '100ms',
    registry,
    process: async () => undefined,
  });
  const feed = setInterval(() => void queue.push(calls).catch(() => undefined), 30);

  // A WebSocket server under the monitor, with one client chatting; it also echoes for ws probes.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await listening(wss);
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${data}`)));
  const monitor = new WebSocketMonitor({ registry });
  monitor.attach(wss);
  const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const client = new WebSocket(`${wsUrl}/prices`);
  await new Promise((resolve) => client.once('open', resolve));
  const chat = setInterval(() => client.send('tick'), 100);

  // An upstream pushing trades for each subscribed stream, and a multiplexer on it.
  const upstream = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await listening(upstream);
  const streams = new Set<string>();
  upstream.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const request = JSON.parse(String(raw)) as { id: number; method: string; params: string[] };
      socket.send(JSON.stringify({ result: null, id: request.id }));
      if (request.method === 'SUBSCRIBE') for (const stream of request.params) streams.add(stream);
    });
    const push = setInterval(() => {
      for (const stream of streams) socket.send(JSON.stringify({ stream, data: { p: Math.random() } }));
    }, 100);
    socket.on('close', () => clearInterval(push));
  });
  const mux = new SubscriptionMultiplexer({
    name: 'market',
    url: `ws://127.0.0.1:${(upstream.address() as AddressInfo).port}/stream`,
    adapter: new IncrementalAdapter(),
    registry,
  });
  mux.start();
  // Held until stop: a client nobody references is released by GC, and its subscriptions with it.
  const chart = mux.client('chart');
  chart.subscribe('trade', ['btcusdt', 'ethusdt'], () => undefined);

  const http = createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  http.listen(0, '127.0.0.1');
  await listening(http);

  return {
    address: `127.0.0.1:${(http.address() as AddressInfo).port}`,
    wsUrl,
    async stop() {
      clearInterval(work);
      clearInterval(feed);
      clearInterval(chat);
      client.close();
      await scheduler.stop(AbortSignal.timeout(2000));
      await queue.stop(AbortSignal.timeout(2000));
      chart.dispose();
      await mux.stop();
      monitor.close();
      for (const server of [wss, upstream]) {
        for (const socket of server.clients) socket.terminate();
        server.close();
      }
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await logger.stop();
    },
  };
}
