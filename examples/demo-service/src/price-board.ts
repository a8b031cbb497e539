import { IncrementalAdapter, type MuxClient, type OutriderLogger, SubscriptionMultiplexer } from '@outrider/sdk';
import type { Registry } from 'prom-client';
import type { Quote } from './pricing-upstream.js';

/**
 * The latest quote of each symbol, kept from a streaming market feed through a
 * `SubscriptionMultiplexer` (one upstream connection shared by the board's subscriptions, reported
 * as `outrider_ws_mux_*`). The demo has no remote feed: the board follows the demo's own `/ws`
 * streams, as it would follow an exchange's.
 */
export class PriceBoard {
  readonly multiplexer: SubscriptionMultiplexer;
  readonly #symbols: readonly string[];
  readonly #latest = new Map<string, Quote>();
  #client: MuxClient | undefined;

  constructor(url: string, symbols: readonly string[], registry: Registry, logger: OutriderLogger) {
    this.#symbols = symbols;
    this.multiplexer = new SubscriptionMultiplexer({
      name: 'price-board',
      url,
      adapter: new IncrementalAdapter(),
      registry,
      logger,
      heartbeat: { interval: '10s', timeout: '5s' },
    });
  }

  /** Subscribes to every symbol's quote stream; run once the multiplexer has started. */
  follow(): void {
    this.#client ??= this.multiplexer.client('board');
    this.#client.subscribe(
      'quote',
      // IncrementalAdapter asks for `<key>@<type>`: key `acme`, type `quote` is quoteStream('ACME').
      this.#symbols.map((symbol) => symbol.toLowerCase()),
      (message) => {
        const quote = message.data as Quote;
        this.#latest.set(quote.symbol, quote);
      },
    );
  }

  /** The latest quote per symbol, as pushed. */
  snapshot(): Record<string, Quote> {
    return Object.fromEntries(this.#latest);
  }

  close(): void {
    this.#client?.dispose();
    this.#client = undefined;
  }
}
