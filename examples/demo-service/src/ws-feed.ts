import type { Server } from 'node:http';
import type { OutriderLogger } from '@outrider/sdk';
import { WebSocketMonitor } from '@outrider/sdk';
import type { Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';
import type { Instruments } from './instruments.js';
import type { QuoteService } from './quote-service.js';

/** Clients may send `{"op":"subscribe","symbols":["ACME"]}`; until then they get every symbol. */
interface Subscribe {
  op: 'subscribe';
  symbols: string[];
}

function parseSubscribe(raw: string): Subscribe | undefined {
  try {
    const message = JSON.parse(raw) as Partial<Subscribe>;
    return message.op === 'subscribe' && Array.isArray(message.symbols) ? (message as Subscribe) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The WebSocket endpoint at `/ws`: pushes quote ticks to every client (`tick()` runs on the
 * scheduler). A `WebSocketMonitor` counts its connections and messages and pings dead peers out.
 */
export class QuoteFeed {
  readonly monitor: WebSocketMonitor;
  readonly #server: WebSocketServer;
  readonly #subscriptions = new WeakMap<WebSocket, readonly string[]>();
  readonly #quotes: QuoteService;
  readonly #instruments: Instruments;

  constructor(
    http: Server,
    quotes: QuoteService,
    instruments: Instruments,
    registry: Registry,
    logger: OutriderLogger,
  ) {
    this.#quotes = quotes;
    this.#instruments = instruments;
    this.#server = new WebSocketServer({ server: http, path: '/ws' });
    this.monitor = new WebSocketMonitor({ logger, registry, heartbeat: { intervalMs: 15_000, timeoutMs: 5_000 } });
    this.monitor.attach(this.#server);
    this.#server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const subscribe = parseSubscribe(String(data));
        if (subscribe === undefined) return;
        const symbols = subscribe.symbols.filter((symbol) => quotes.has(symbol));
        this.#subscriptions.set(socket, symbols);
        socket.send(JSON.stringify({ op: 'subscribed', symbols }));
      });
    });
  }

  /** Sends each client the latest quotes it asked for (cached ones, loaded when expired). */
  tick(): Promise<void> {
    return this.#instruments.tracer.startActiveSpan('ws.tick', async (span) => {
      const clients = [...this.#server.clients].filter((socket) => socket.readyState === WebSocket.OPEN);
      span.setAttribute('ws.clients', clients.length);
      try {
        if (clients.length === 0) return;
        const latest = new Map((await this.#quotes.all()).map((quote) => [quote.symbol, quote]));
        for (const socket of clients) {
          const symbols = this.#subscriptions.get(socket) ?? this.#quotes.symbols;
          socket.send(JSON.stringify({ op: 'tick', quotes: symbols.map((symbol) => latest.get(symbol)) }));
        }
      } finally {
        span.end();
      }
    });
  }

  close(): void {
    for (const socket of this.#server.clients) socket.terminate();
    this.monitor.close();
    this.#server.close();
  }
}
