// The recent-trace store of a real sidecar process (`outrider start` with the bin's V8 flag, memory mode:
// no exporter endpoint) under replayed batches of new traces, twelve times what its byte budget holds: the
// store stays within `memory.maxBytes`, evicts the least recent traces and counts them, and the process's
// RSS levels off instead of growing with what was sent.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TraceRequest } from '../support/otlp-proto.js';
import { type Child, startChild } from '../support/processes.js';
import { SIDECAR_CLI } from '../support/sidecar-cli.js';

const MiB = 1024 * 1024;
const BUDGET = 16 * MiB;
const SPANS_PER_REQUEST = 1000;
const SPANS_PER_TRACE = 10;

let child: Child | undefined;
let dir: string | undefined;
afterEach(async () => {
  await child?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  child = dir = undefined;
});

let idCounter = 0;
function id(bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  buffer.writeUInt32BE(++idCounter, bytes - 4);
  return buffer;
}

/** 1000 spans of an instrumented HTTP server, 10 to a trace, every trace new. */
function newTraces(): Buffer {
  const spans = [];
  let traceId = id(16);
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    if (i % SPANS_PER_TRACE === 0) traceId = id(16);
    const start = 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n;
    spans.push({
      traceId,
      spanId: id(8),
      name: 'GET /api/items/:id',
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 2_345_678n).toString(),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'url.full', value: { stringValue: `http://shop.internal:8080/api/items/${i}?view=full` } },
        { key: 'user_agent.original', value: { stringValue: 'Mozilla/5.0 (X11; Linux x86_64) test/1.0' } },
      ],
    });
  }
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] };
  const object = { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'test' }, spans }] }] };
  return Buffer.from(TraceRequest.encode(TraceRequest.fromObject(object)).finish());
}

/** The value of the first series of `name` on a /metrics page whose labels include `label`. */
function metric(text: string, name: string, label = ''): number {
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && l.includes(label));
  return Number(line?.split(' ').at(-1));
}

it('replayed batches of new traces keep the store within memory.maxBytes, and RSS levels off', async () => {
  dir = await mkdtemp(join(tmpdir(), 'otlp-store-'));
  const config = join(dir, 'outrider.yaml');
  // The trace count cap is set out of the way, so only the byte budget bounds the store.
  const otlp = { receiver: { port: 0 }, memory: { maxTraces: 1_000_000, maxBytes: BUDGET } };
  await writeFile(config, stringify({ server: { port: 0 }, stateDir: join(dir, 'state'), plugins: { otlp } }));
  const sidecar = startChild(
    process.execPath,
    ['--max-semi-space-size=2', SIDECAR_CLI, 'start', '--config', config],
    dir,
  );
  child = sidecar;
  await waitFor(() => sidecar.output().includes('"msg":"outrider started"'), {
    timeout: 60_000,
    what: () => `the sidecar to start:\n${sidecar.output()}`,
  });
  const address = sidecar.output().match(/"url":"http:\/\/([\d.]+:\d+)"/)?.[1] as string;
  const otlpPort = sidecar.output().match(/"port":(\d+),"msg":"OTLP receiver listening"/)?.[1] as string;
  const scrape = async () => (await fetch(`http://${address}/metrics`)).text();
  /** Posts a request of new traces; resolves with its size. */
  const send = async () => {
    const body = newTraces();
    const response = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body,
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return body.length;
  };
  const evicted = (text: string) => metric(text, 'outrider_otlp_memory_evicted_total', 'unit="traces"');

  const rssIdle = metric(await scrape(), 'process_resident_memory_bytes');
  // Fill the store to its budget first, so the baseline holds the budget's worth of spans.
  while (!(evicted(await scrape()) > 0)) await send();
  const filled = await scrape();
  const rssFilled = metric(filled, 'process_resident_memory_bytes');
  const evictedFilled = evicted(filled);

  // Then eleven budgets more of new traces.
  let sentBytes = 0;
  let tracesSent = 0;
  let peakStore = 0;
  let peakRss = rssFilled;
  let peakRssFirstHalf = 0;
  for (let i = 0; sentBytes < 11 * BUDGET; i++) {
    if (peakRssFirstHalf === 0 && sentBytes >= 5.5 * BUDGET) peakRssFirstHalf = peakRss;
    sentBytes += await send();
    tracesSent += SPANS_PER_REQUEST / SPANS_PER_TRACE;
    if (i % 10 === 0) {
      const text = await scrape();
      peakStore = Math.max(peakStore, metric(text, 'outrider_otlp_memory_bytes'));
      peakRss = Math.max(peakRss, metric(text, 'process_resident_memory_bytes'));
    }
  }
  const end = await scrape();
  peakStore = Math.max(peakStore, metric(end, 'outrider_otlp_memory_bytes'));
  peakRss = Math.max(peakRss, metric(end, 'process_resident_memory_bytes'));

  expect(peakStore).toBeLessThanOrEqual(BUDGET);
  expect(peakStore).toBeGreaterThan(BUDGET * 0.9);
  // Once full, every new trace evicts about one old one.
  const evictedTraces = evicted(end) - evictedFilled;
  expect(evictedTraces).toBeGreaterThan(0.9 * tracesSent);
  // RSS moves by what the kept spans take beyond their bytes (allocator and heap headroom) and by request
  // bodies awaiting collection: V8 collects external memory after about 64 MiB of it. It levels off: the
  // second half of the replay adds next to nothing, where an unbounded store would add five budgets.
  const mib = (bytes: number) => (bytes / MiB).toFixed(1);
  console.log(
    `store peak ${mib(peakStore)} MiB of ${mib(BUDGET)}; RSS idle ${mib(rssIdle)}, store full ${mib(rssFilled)}, ` +
      `peak after ${mib(sentBytes)} MiB more: ${mib(peakRssFirstHalf)} (first half), ${mib(peakRss)} (end); ` +
      `${evictedTraces} traces evicted`,
  );
  expect(peakRss - rssFilled).toBeLessThanOrEqual(2 * BUDGET + 64 * MiB);
  expect(peakRss - peakRssFirstHalf).toBeLessThanOrEqual(BUDGET / 2);
});
