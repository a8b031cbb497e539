import { waitFor } from '@outrider/testing';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { IncrementalAdapter } from '../src/index.js';
import { connectedMux, hold } from './mux-fixture.js';

function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('multiplexer metrics', () => {
  it('reports subscriptions, clients, messages and drops into the given registry', async () => {
    const registry = new Registry();
    const { upstream, mux, flush } = await connectedMux(new IncrementalAdapter(), { registry, name: 'binance' });
    hold(mux.client('a')).subscribe('trade', ['btcusdt', 'ethusdt'], () => {});
    hold(mux.client('b')).subscribe('trade', 'btcusdt', () => {});
    await flush();
    await upstream.receivedCount(1);
    upstream.push({ stream: 'btcusdt@trade', data: {} });
    upstream.push({ stream: 'xrpusdt@trade', data: {} });
    upstream.push('garbage');
    await waitFor(() => mux.stats().messagesReceived === 3, { what: 'three messages' });

    const text = await registry.metrics();
    expect(sampleValue(text, 'outrider_ws_mux_subscriptions{mux="binance",type="trade"}')).toBe(2);
    expect(sampleValue(text, 'outrider_ws_mux_clients{mux="binance"}')).toBe(2);
    expect(sampleValue(text, 'outrider_ws_mux_connected{mux="binance"}')).toBe(1);
    expect(sampleValue(text, 'outrider_ws_mux_messages_received_total{mux="binance"}')).toBe(3);
    expect(sampleValue(text, 'outrider_ws_mux_messages_routed_total{mux="binance"}')).toBe(2);
    expect(sampleValue(text, 'outrider_ws_mux_messages_dropped_total{mux="binance",reason="unrouted"}')).toBe(1);
    expect(sampleValue(text, 'outrider_ws_mux_protocol_errors_total{mux="binance"}')).toBe(1);
    expect(sampleValue(text, 'outrider_ws_mux_subscribe_messages_total{mux="binance"}')).toBe(1);
    expect(sampleValue(text, 'outrider_ws_mux_reconnects_total{mux="binance"}')).toBe(0);
  });

  it('lets two multiplexers share one registry, told apart by the mux label', async () => {
    const registry = new Registry();
    const first = await connectedMux(new IncrementalAdapter(), { registry, name: 'one' });
    await connectedMux(new IncrementalAdapter(), { registry, name: 'two' });
    hold(first.mux.client('x')).subscribe('trade', 'a', () => {});
    const text = await registry.metrics();
    expect(sampleValue(text, 'outrider_ws_mux_clients{mux="one"}')).toBe(1);
    expect(sampleValue(text, 'outrider_ws_mux_clients{mux="two"}')).toBe(0);
  });
});
