import { sleep, systemClock } from '@outrider/sdk';

export interface Quote {
  symbol: string;
  price: number;
  at: string;
}

/** What a failed upstream call throws; the retry retries only these. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

/**
 * A stand-in for a remote pricing API that is slow and flaky: every call waits about `latencyMs`
 * and fails with probability `failureRate`. Prices walk randomly from call to call.
 */
export class PricingUpstream {
  readonly #prices = new Map<string, number>();
  readonly #failureRate: number;
  readonly #latencyMs: number;
  readonly #random: () => number;

  constructor(options: { failureRate: number; latencyMs: number; random?: () => number }) {
    this.#failureRate = options.failureRate;
    this.#latencyMs = options.latencyMs;
    this.#random = options.random ?? Math.random;
  }

  async fetchQuote(symbol: string, signal: AbortSignal): Promise<Quote> {
    await sleep(systemClock, this.#latencyMs * (0.5 + this.#random()), signal);
    if (this.#random() < this.#failureRate) throw new UpstreamError(`pricing upstream: 503 for ${symbol}`);
    const last = this.#prices.get(symbol) ?? 100;
    const price = Math.round(last * (1 + (this.#random() - 0.5) / 50) * 100) / 100;
    this.#prices.set(symbol, price);
    return { symbol, price, at: new Date().toISOString() };
  }
}
