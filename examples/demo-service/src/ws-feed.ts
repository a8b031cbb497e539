import type { Server } from 'node:http';
import type { OutriderLogger } from '@outrider/sdk';
import { WebSocketMonitor } from '@outrider/sdk';
import type { Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';
import type { Instruments } from './instruments.js';
import type { QuoteService } from './quote-service.js';

/**
 * Clients may send `{"op":"subscribe","symbols":["ACME"]}`; until then they get every symbol as one
 * `tick`. Stream clients speak the combined-stream style instead:
 * `{"method":"SUBSCRIBE","params":["acme@quote"],"id":1}` is acked with `{"result":null,"id":1}`,
 * then each tick sends `{"stream":"acme@quote","data":<quote>}` per stream.
 */
interface Subscribe {
  op?: 'subscribe';
  symbols?: string[];
  method?: 'SUBSCRIBE' | 'UNSUBSCRIBE';
  params?: string[];
  id?: number;
}

function parseSubscribe(raw: string): Subscribe | undefined {
  try {
    const message = JSON.parse(raw) as Subscribe;
    if (message.op === 'subscribe' && Array.isArray(message.symbols)) return message;
    if ((message.method === 'SUBSCRIBE' || message.method === 'UNSUBSCRIBE') && Array.isArray(message.params)) {
      return message;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The stream name of a symbol's quotes: `acme@quote`. */
export const quoteStream = (symbol: string) => `${symbol.toLowerCase()}@quote`;

/**
 * The WebSocket endpoint at `/ws`: pushes quote ticks to every client (`tick()` runs on the
 * scheduler). A `WebSocketMonitor` counts its connections and messages and pings dead peers out.
 */
export class QuoteFeed {
  readonly monitor: WebSocketMonitor;
  readonly #server: WebSocketServer;
  readonly #subscriptions = new WeakMap<WebSocket, readonly string[]>();
  readonly #streams = new WeakMap<WebSocket, Set<string>>();
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
    this.monitor = new WebSocketMonitor({ logger, registry, heartbeat: { interval: '15s', timeout: '5s' } });
    this.monitor.attach(this.#server);
    this.#server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const subscribe = parseSubscribe(String(data));
        if (subscribe === undefined) return;
        if (subscribe.params !== undefined) {
          const streams = this.#streams.get(socket) ?? new Set<string>();
          for (const stream of subscribe.params) {
            if (subscribe.method === 'SUBSCRIBE') streams.add(stream);
            else streams.delete(stream);
          }
          this.#streams.set(socket, streams);
          socket.send(JSON.stringify({ result: null, id: subscribe.id ?? null }));
          return;
        }
        const symbols = (subscribe.symbols ?? []).filter((symbol) => quotes.has(symbol));
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
          const streams = this.#streams.get(socket);
          if (streams !== undefined) {
            for (const [symbol, quote] of latest) {
              const stream = quoteStream(symbol);
              if (streams.has(stream)) socket.send(JSON.stringify({ stream, data: quote }));
            }
            continue;
          }
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
