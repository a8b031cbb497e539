import { waitFor } from '@outrider/testing';
import { describe, expect, it } from 'vitest';
import { FullReplaceAdapter, IncrementalAdapter, type MuxMessage } from '../src/index.js';
import { connectedMux, hold, tickerOf } from './mux-fixture.js';
import { recordingLogger } from './recording-logger.js';

describe('faults are isolated', () => {
  it('counts, logs and skips malformed upstream messages without dropping the connection', async () => {
    const logger = recordingLogger();
    const { upstream, mux, clock, flush } = await connectedMux(new FullReplaceAdapter(), { logger });
    const got: MuxMessage[] = [];
    hold(mux.client('c')).subscribe('ticker', 'KRW-BTC', (message) => {
      got.push(message);
    });
    await flush();
    await upstream.receivedCount(1);

    upstream.push('not json {');
    upstream.push('[1, 2, 3]');
    upstream.push({ code: 'KRW-BTC' }); // no type
    upstream.push({ error: { name: 'WRONG_FORMAT' } });
    upstream.push(tickerOf('KRW-BTC', 'REALTIME', 5));
    await waitFor(() => got.length === 1, { what: 'the valid message after the bad ones' });
    expect(mux.stats()).toMatchObject({ protocolErrors: 4, messagesReceived: 5, messagesRouted: 1 });
    expect(mux.connected).toBe(true);
    // Logged once per second at most, with the OUTRIDER_WS_PROTOCOL error.
    const logged = logger.lines.filter((line) => line.message?.includes('could not be decoded'));
    expect(logged).toHaveLength(1);
    expect(logged[0]?.bindings.err).toMatchObject({ code: 'OUTRIDER_WS_PROTOCOL' });
    await clock.advance(1_000);
    upstream.push('still bad');
    await waitFor(() => mux.stats().protocolErrors === 5, { what: 'the fifth bad message' });
    const again = logger.lines.filter((line) => line.message?.includes('could not be decoded'));
    expect(again[1]?.bindings.suppressed).toBe(3);
  });

  it('counts an upstream error answer to a request as a protocol error', async () => {
    const { upstream, mux } = await connectedMux(new IncrementalAdapter());
    upstream.push({ error: { code: 2, msg: 'Invalid request' }, id: 1 });
    upstream.push({ stream: 'no-at-sign', data: {} });
    await waitFor(() => mux.stats().protocolErrors === 2, { what: 'both errors' });
  });

  it('isolates a callback that throws or rejects: others still get every message', async () => {
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter());
    const healthy: number[] = [];
    hold(mux.client('thrower')).subscribe('trade', 'btcusdt', () => {
      throw new Error('boom');
    });
    hold(mux.client('rejecter')).subscribe('trade', 'btcusdt', async () => {
      throw new Error('async boom');
    });
    hold(mux.client('healthy')).subscribe('trade', 'btcusdt', (message) => {
      healthy.push((message.data as { n: number }).n);
    });
    await flush();
    await upstream.receivedCount(1);
    for (let n = 1; n <= 3; n++) upstream.push({ stream: 'btcusdt@trade', data: { n } });
    await waitFor(() => healthy.length === 3 && mux.stats().callbackErrors === 6, { what: 'all deliveries' });
    expect(healthy).toEqual([1, 2, 3]);
    expect(mux.stats().messagesRouted).toBe(9);
  });
});
