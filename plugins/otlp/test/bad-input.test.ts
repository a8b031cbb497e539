import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSpans, metricValue, postProtobuf, type Running, startPlugin } from './helpers.js';

const Status = protobuf
  .loadSync(join(import.meta.dirname, '../proto/collector.proto'))
  .lookupType('opentelemetry.proto.collector.v1.Status');

let running: Running;
beforeAll(async () => {
  running = await startPlugin({ receiver: { maxBodyBytes: 4096 } });
});
afterAll(async () => {
  await running.stop();
});

const post = (body: string | Uint8Array, headers: Record<string, string>, path = '/v1/traces') =>
  fetch(`${running.url}${path}`, { method: 'POST', headers, body });

describe('bad OTLP requests get the right status and leave the receiver working', () => {
  it('malformed protobuf → 400 with a google.rpc.Status message', async () => {
    const response = await postProtobuf(running.url, '/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const status = Status.decode(new Uint8Array(await response.arrayBuffer())) as unknown as { message: string };
    expect(status.message).toMatch(/malformed protobuf traces request/);
  });

  it('malformed JSON, and JSON of the wrong shape → 400 with a JSON message', async () => {
    const broken = await post('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/malformed json/);
    const wrongShape = await post('{"resourceSpans": 5}', { 'content-type': 'application/json' });
    expect(wrongShape.status).toBe(400);
    const badId = await post(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz' }] }] }] }), {
      'content-type': 'application/json',
    });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { message: string }).message).toMatch(/traceId: expected a hex string/);
  });

  it('a span or log record malformed deep inside (a truncated attribute) → 400, though its framing above is fine', async () => {
    // Request → resource entry → scope entry → record whose attribute (a KeyValue) says its key has 5 bytes but has 1.
    const nest = (recordAttributesTag: number) => {
      const record = [recordAttributesTag, 0x03, 0x0a, 0x05, 0x61];
      const scope = [0x12, record.length, ...record];
      const resource = [0x12, scope.length, ...scope];
      return Buffer.from([0x0a, resource.length, ...resource]);
    };
    const span = await postProtobuf(running.url, '/v1/traces', nest((9 << 3) | 2));
    expect(span.status).toBe(400);
    const status = Status.decode(new Uint8Array(await span.arrayBuffer())) as unknown as { message: string };
    expect(status.message).toMatch(/malformed protobuf traces request: index out of range/);
    expect((await postProtobuf(running.url, '/v1/logs', nest((6 << 3) | 2))).status).toBe(400);
  });

  it('a body over maxBodyBytes → 413, declared or not, and a gzip body that expands past it too', async () => {
    expect((await postProtobuf(running.url, '/v1/traces', makeSpans(100).body)).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(100_000));
    expect(bomb.length).toBeLessThan(4096);
    expect((await postProtobuf(running.url, '/v1/traces', bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('an unsupported content type or encoding → 415; a wrong method → 405 with Allow; an unknown path → 404', async () => {
    expect((await post('hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('hello', { 'content-type': 'application/x-protobuf', 'content-encoding': 'br' })).status).toBe(
      415,
    );
    const get = await fetch(`${running.url}/v1/traces`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await postProtobuf(running.url, '/v1/profiles', new Uint8Array())).status).toBe(404);
  });

  it('counts refusals by status code, and still takes good requests, gzip included', async () => {
    const { body } = makeSpans(5);
    expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
    expect((await postProtobuf(running.url, '/v1/traces', gzipSync(body), { 'content-encoding': 'gzip' })).status).toBe(
      200,
    );
    const registry = running.ctx.registry;
    expect(await metricValue(registry, 'outrider_otlp_requests_total', { code: '400' })).toBe(6);
    expect(await metricValue(registry, 'outrider_otlp_requests_total', { code: '413' })).toBe(2);
    expect(await metricValue(registry, 'outrider_otlp_requests_total', { code: '415' })).toBe(2);
    expect(await metricValue(registry, 'outrider_otlp_requests_total', { code: '405' })).toBe(1);
    expect(await metricValue(registry, 'outrider_otlp_items_total', { signal: 'traces', outcome: 'accepted' })).toBe(
      10,
    );
  });
});
