import { ManualClock } from '@outrider/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { retry } from '../src/index.js';
import { drive } from './drive.js';

const clock = new ManualClock();
const registry = new Registry();

class QuoteClient {
  calls = 0;
  constructor(private readonly failures: number) {}

  @retry({ retries: 3, minDelay: 100, jitter: false, clock, registry })
  async fetchQuote(symbol: string): Promise<string> {
    this.calls += 1;
    if (this.calls <= this.failures) throw new Error(`upstream down (${this.calls})`);
    return `${symbol}: 42`;
  }

  @retry({ retries: 1, minDelay: 1, clock, operation: 'quotes.ping' })
  async ping(): Promise<never> {
    throw new Error('no pong');
  }
}

describe('@retry method decorator', () => {
  it('retries the method with its arguments and its own this', async () => {
    const client = new QuoteClient(2);
    const result = await drive(clock, client.fetchQuote('ACME'));
    expect(result).toMatchObject({ ok: true, value: 'ACME: 42' });
    expect(client.calls).toBe(3);
  });

  it('names the operation after the method in metrics, or as given', async () => {
    const result = await drive(clock, new QuoteClient(0).ping());
    expect(result).toMatchObject({ ok: false, error: { message: 'quotes.ping failed after 2 attempt(s): no pong' } });
    const metric = await registry.getSingleMetricAsString('outrider_retry_attempts_total');
    expect(metric).toContain('outrider_retry_attempts_total{operation="fetchQuote",outcome="retry"} 2');
    expect(metric).toContain('outrider_retry_attempts_total{operation="fetchQuote",outcome="success"} 1');
  });

  it('checks its options when the class is defined', () => {
    expect(() => {
      class Broken {
        @retry({ retries: -1 })
        async run(): Promise<void> {}
      }
      return Broken;
    }).toThrow(expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', details: { option: 'retries' } }));
  });
});
