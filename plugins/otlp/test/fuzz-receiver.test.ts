import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LogsRequest, MetricsRequest, makeSpans, type Running, startPlugin } from './helpers.js';

/** Cases per property: small in `npm test`, large under `npm run fuzz` (OTLP_FUZZ_RUNS). */
const runs = Number(process.env.OTLP_FUZZ_RUNS ?? 60);
const ANSWERS = [200, 400, 413, 415, 429];
const limits = { maxBodyBytes: 64 * 1024, maxInflightBytes: 1024 * 1024, maxTraceBytes: 256 * 1024 };

let running: Running;
beforeAll(async () => {
  running = await startPlugin({
    receiver: { maxBodyBytes: limits.maxBodyBytes },
    limits: { maxInflightBytes: limits.maxInflightBytes },
    memory: { maxBytes: limits.maxTraceBytes },
  });
});
afterAll(async () => {
  await running.stop();
});

const signal = fc.constantFrom('traces', 'metrics', 'logs');
const contentType = fc.oneof(
  fc.constantFrom(
    'application/x-protobuf',
    'application/json',
    'application/protobuf',
    'application/json; charset=utf-8',
  ),
  fc.string({ maxLength: 30 }),
);
const encoding = fc.oneof(fc.constantFrom('gzip', 'identity', undefined), fc.string({ maxLength: 10 }));

/** Any JSON value where OTLP expects a typed one: wrong types, huge numbers, deep nesting. */
const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('1e400', '18446744073709551616', '-1', 'NaN', 'zz', '5b8efff798038103d269b633813fc60c'),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(
    fc.constantFrom('stringValue', 'intValue', 'arrayValue', 'values', 'key', 'value', 'name', 'kind', 'traceId', 'x'),
    tie('value'),
    { maxKeys: 4 },
  ),
})).value;

const spanJson = fc.record(
  {
    traceId: leaf,
    spanId: leaf,
    name: leaf,
    kind: leaf,
    startTimeUnixNano: leaf,
    attributes: fc.array(fc.record({ key: leaf, value: jsonish }), { maxLength: 4 }),
    status: jsonish,
  },
  { requiredKeys: [] },
);
const otlpJson = fc.oneof(
  fc.record({
    resourceSpans: fc.array(
      fc.record({ scopeSpans: fc.array(fc.record({ spans: fc.array(spanJson, { maxLength: 5 }) }), { maxLength: 2 }) }),
      { maxLength: 2 },
    ),
  }),
  fc.record({
    resourceMetrics: fc.array(
      fc.record({
        scopeMetrics: fc.array(fc.record({ metrics: fc.array(jsonish, { maxLength: 3 }) }), { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
  }),
  jsonish,
);

/** A valid protobuf request of each signal, to mutate: flipped bytes and cuts reach deep into the records. */
const validProtobuf: Buffer[] = [
  makeSpans(20).body,
  Buffer.from(
    LogsRequest.encode(
      LogsRequest.fromObject({
        resourceLogs: [
          {
            scopeLogs: [
              { logRecords: [{ body: { stringValue: 'x' }, attributes: [{ key: 'a', value: { intValue: 1 } }] }] },
            ],
          },
        ],
      }),
    ).finish(),
  ),
  Buffer.from(
    MetricsRequest.encode(
      MetricsRequest.fromObject({
        resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: [{ asDouble: 1 }] } }] }] }],
      }),
    ).finish(),
  ),
];
const mutated = fc
  .tuple(
    fc.constantFrom(...validProtobuf),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.option(fc.nat()),
  )
  .map(([body, flips, cut]) => {
    const copy = Buffer.from(body);
    for (const [at, byte] of flips) copy[at % copy.length] = byte;
    return cut === null ? copy : copy.subarray(0, cut % (copy.length + 1));
  });
const protobufBody = fc.oneof(
  mutated,
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
);

const body = fc.oneof(
  protobufBody,
  otlpJson.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
  fc.constant(Buffer.alloc(limits.maxBodyBytes + 1, 0x0a)),
);

async function send(path: string, payload: Buffer, type: string, encodingHeader: string | undefined, gzip: boolean) {
  const headers: Record<string, string> = {};
  if (/^[\t\x20-\x7e]*$/.test(type)) headers['content-type'] = type;
  if (encodingHeader !== undefined && /^[\t\x20-\x7e]*$/.test(encodingHeader))
    headers['content-encoding'] = encodingHeader;
  const response = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers,
    body: gzip ? gzipSync(payload) : payload,
  });
  await response.arrayBuffer();
  return response.status;
}

function invariantsHold(status: number): void {
  expect(ANSWERS).toContain(status);
  const stats = running.module.stats();
  expect(stats.inflightBytes).toBe(0);
  expect(stats.memoryBytes as number).toBeLessThanOrEqual(limits.maxTraceBytes);
}

it('answers any body, content type and encoding with 200/400/413/415/429, keeps serving, and stays within its limits', {
  timeout: 600_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(signal, body, contentType, encoding, fc.boolean(), async (which, payload, type, enc, gzip) => {
      invariantsHold(await send(`/v1/${which}`, payload, type, enc, gzip && enc === 'gzip'));
    }),
    { numRuns: runs },
  );
  // Still serving after every case.
  expect(await send('/v1/traces', makeSpans(3).body, 'application/x-protobuf', undefined, false)).toBe(200);
});

it('OTLP-shaped JSON with any mix of types is a 200 or a 400, never coerced into a crash', {
  timeout: 600_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(otlpJson, fc.boolean(), async (value, gzip) => {
      const which = typeof value === 'object' && value !== null && 'resourceMetrics' in value ? 'metrics' : 'traces';
      const payload = Buffer.from(JSON.stringify(value) ?? 'null');
      const status = await send(`/v1/${which}`, payload, 'application/json', gzip ? 'gzip' : undefined, gzip);
      expect([200, 400]).toContain(status);
      invariantsHold(status);
    }),
    { numRuns: runs },
  );
});
