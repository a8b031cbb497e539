import { SpanStatusCode } from '@opentelemetry/api';
import { type Cache, type OutriderLogger, withRetry } from '@outrider/sdk';
import type { Registry } from 'prom-client';
import type { DemoConfig } from './config.js';
import type { Instruments } from './instruments.js';
import { type PricingUpstream, type Quote, UpstreamError } from './pricing-upstream.js';

/** What the quotes are kept in: this process's cache, or one shared by the replicas through Redis. */
export type QuoteCache = Pick<Cache<Quote>, 'getOrSet'> & { invalidateTag(tag: string): number | Promise<number> };

/** Where a looked-up symbol is recorded: a stream queue when the demo runs on Redis. */
export interface LookupLog {
  push(lookup: { symbol: string; at: number }): Promise<void>;
}

/** Every cached quote carries this tag, so a refresh drops them all (in every replica on Redis). */
const QUOTES_TAG = 'quotes';

/**
 * Quotes through a TTL cache, loaded from the flaky upstream with retries. Each upstream attempt
 * is its own span, so a trace shows the failed attempts before the one that worked. With Redis the
 * cache is shared by the replicas, and each lookup is recorded in a stream queue.
 */
export class QuoteService {
  readonly cache: QuoteCache;
  readonly #lookups: LookupLog | undefined;
  readonly #upstream: PricingUpstream;
  readonly #instruments: Instruments;
  readonly #logger: OutriderLogger;
  readonly #registry: Registry;
  readonly symbols: readonly string[];

  constructor(
    config: DemoConfig,
    cache: QuoteCache,
    upstream: PricingUpstream,
    instruments: Instruments,
    registry: Registry,
    logger: OutriderLogger,
    lookups?: LookupLog,
  ) {
    this.cache = cache;
    this.#lookups = lookups;
    this.#registry = registry;
    this.symbols = config.symbols;
    this.#upstream = upstream;
    this.#instruments = instruments;
    this.#logger = logger;
  }

  has(symbol: string): boolean {
    return this.symbols.includes(symbol);
  }

  /** The cached quote, or one loaded now (concurrent misses share one load). */
  get(symbol: string): Promise<Quote> {
    return this.cache.getOrSet(symbol, () => this.#load(symbol), { tags: [QUOTES_TAG] });
  }

  /** A quote asked for by a client: recorded (when there is a log), then served like `get`. */
  lookup(symbol: string): Promise<Quote> {
    this.#lookups?.push({ symbol, at: Date.now() }).catch((error: Error) => {
      this.#logger.debug({ symbol, err: error.message }, 'lookup not recorded');
    });
    return this.get(symbol);
  }

  /** Every symbol's quote. */
  all(): Promise<Quote[]> {
    return Promise.all(this.symbols.map((symbol) => this.get(symbol)));
  }

  /** Drops the cached quotes and loads them again; what the sidecar's `jobs` plugin calls. */
  async refresh(): Promise<Quote[]> {
    await this.cache.invalidateTag(QUOTES_TAG);
    return this.all();
  }

  #load(symbol: string): Promise<Quote> {
    const { tracer } = this.#instruments;
    return withRetry(
      ({ attempt, signal }) =>
        tracer.startActiveSpan('pricing.fetch', { attributes: { 'quote.symbol': symbol, attempt } }, async (span) => {
          try {
            return await this.#upstream.fetchQuote(symbol, signal);
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        }),
      {
        operation: 'fetch-quote',
        retries: 4,
        minDelay: 20,
        maxDelay: 200,
        timeout: 1_000,
        retryOn: [UpstreamError],
        registry: this.#registry,
        onRetry: ({ attempt, delay, error }) =>
          this.#logger.debug({ symbol, attempt, delay, err: (error as Error).message }, 'upstream failed; retrying'),
      },
    );
  }
}
