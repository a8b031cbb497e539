import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, recentTraces, startPlugin } from './helpers.js';

// What the OTLP/JSON encoding asks of a receiver, beyond protobuf's JSON mapping: ids as hex of their
// exact length (never base64), bytes values as base64, enums as integers or names, 64-bit integers as
// numbers or decimal strings, unknown fields ignored at every level.

let running: Running;
beforeAll(async () => {
  running = await startPlugin();
});
afterAll(async () => {
  await running.stop();
});

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
let nextSpan = 1;
const span = (fields: Record<string, unknown> = {}) => ({
  traceId: TRACE_ID,
  spanId: (nextSpan++).toString(16).padStart(16, '0'),
  name: 'GET /',
  startTimeUnixNano: '1',
  endTimeUnixNano: '2',
  ...fields,
});
const traces = (spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ scope: { name: 's' }, spans }] }] });

async function post(body: unknown, path = '/v1/traces') {
  const response = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { message?: string } };
}

/** The span of `spanId` as /api/traces/recent serves it. */
async function kept(spanId: string) {
  const { traces: all } = await recentTraces(running, { limit: '1000' });
  return all.flatMap((trace) => trace.spans).find((s) => s.spanId === spanId);
}

describe('ids', () => {
  it.each([
    [
      'a trace id of 8 bytes',
      { traceId: 'eee19b7ec3c1b174' },
      'traceId: expected a hex string of 16 bytes (32 digits) or ""',
    ],
    ['a span id of 16 bytes', { spanId: TRACE_ID }, 'spanId: expected a hex string of 8 bytes (16 digits) or ""'],
    ['a parent span id of odd length', { parentSpanId: 'eee19b7ec3c1b17' }, 'parentSpanId: expected a hex string'],
    // base64 of the same 16 bytes: OTLP/JSON ids are hex, not protobuf JSON's base64.
    ['a trace id in base64', { traceId: 'W47/95gDgQPSabYzgT/GDA==' }, 'traceId: expected a hex string'],
    ['a span id with non-hex letters', { spanId: 'eee19b7ec3c1b17z' }, 'spanId: expected a hex string'],
    ['a span id that is a number', { spanId: 12 }, 'spanId: expected a hex string, got 12'],
  ])('%s → 400 naming the field', async (_what, fields, message) => {
    const answer = await post(traces([span(fields)]));
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(`resourceSpans[0].scopeSpans[0].spans[0].${message}`);
  });

  it('upper-case hex and an empty parent id are taken; log records check their ids too', async () => {
    const spanId = 'EEE19B7EC3C1B174';
    expect((await post(traces([span({ spanId, parentSpanId: '' })]))).status).toBe(200);
    expect(await kept(spanId.toLowerCase())).toMatchObject({ traceId: TRACE_ID, parentSpanId: '' });
    const logs = (traceId: string) => ({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId, body: { stringValue: 'x' } }] }] }],
    });
    expect((await post(logs(TRACE_ID), '/v1/logs')).status).toBe(200);
    const bad = await post(logs('abc0'), '/v1/logs');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(
      'resourceLogs[0].scopeLogs[0].logRecords[0].traceId: expected a hex string of 16',
    );
  });
});

describe('values', () => {
  it('keeps 64-bit integers given as strings exactly, signed where the field is', async () => {
    const body = span({
      startTimeUnixNano: '1700000000000000001',
      endTimeUnixNano: '1700000000002000001',
      attributes: [
        { key: 'negative', value: { intValue: '-5' } },
        { key: 'big', value: { intValue: '9007199254740993' } },
        { key: 'number', value: { intValue: 42 } },
      ],
    });
    expect((await post(traces([body]))).status).toBe(200);
    const found = await kept(body.spanId);
    expect(found).toMatchObject({
      startTimeUnixNano: '1700000000000000001',
      endTimeUnixNano: '1700000000002000001',
      durationMs: 2,
    });
    expect(found?.attributes).toMatchObject({ negative: -5, number: 42 });
  });

  it.each([
    ['a negative unsigned time', { startTimeUnixNano: '-1' }, 'startTimeUnixNano: expected an unsigned 64-bit integer'],
    ['a time with a decimal point', { startTimeUnixNano: '1.5' }, 'expected an unsigned 64-bit integer (a number'],
    [
      'a signed value past 2^63 - 1',
      { attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] },
      'value.intValue: expected a 64-bit integer, got "9223372036854775808" (out of range)',
    ],
    ['an enum past 32 bits', { kind: 2 ** 31 }, 'kind: expected an enum value (integer)'],
    ['bytes that are not base64', { attributes: [{ key: 'b', value: { bytesValue: 'a*b' } }] }, 'expected base64'],
  ])('%s → 400', async (_what, fields, message) => {
    const answer = await post(traces([span(fields)]));
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(message);
  });

  it('takes -2^63 as a signed value, enums as integers or names, bytes as base64', async () => {
    const body = span({
      kind: 3,
      status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
      attributes: [
        { key: 'min', value: { intValue: '-9223372036854775808' } },
        { key: 'bytes', value: { bytesValue: 'aGVsbG8=' } },
      ],
    });
    expect((await post(traces([body]))).status).toBe(200);
    expect(await kept(body.spanId)).toMatchObject({
      kind: 3,
      status: { code: 2, message: 'boom' },
      attributes: { min: -(2 ** 63), bytes: 'aGVsbG8=' },
    });
  });

  it('keeps long and non-ASCII strings and nested values as sent', async () => {
    const name = `${'é'.repeat(100)} ✓ ${'x'.repeat(300)}`;
    const body = span({
      name,
      attributes: [
        {
          key: 'nested',
          value: {
            kvlistValue: { values: [{ key: 'list', value: { arrayValue: { values: [{ stringValue: name }] } } }] },
          },
        },
      ],
    });
    expect((await post(traces([body]))).status).toBe(200);
    expect(await kept(body.spanId)).toMatchObject({ name, attributes: { nested: { list: [name] } } });
  });

  it('ignores unknown fields at every level', async () => {
    const body = {
      futureField: 1,
      resourceSpans: [
        {
          resource: { attributes: [], somethingNew: [1, 2] },
          unknownLevel: { deep: { deeper: true } },
          scopeSpans: [
            {
              scope: { name: 's', extra: 'x' },
              spans: [
                span({
                  spanId: 'abcdef0123456789',
                  newField: { a: [null, 'b'] },
                  attributes: [{ key: 'k', value: { stringValue: 'v', other: 1 }, note: 'n' }],
                  status: { code: 1, detail: 'd' },
                }),
              ],
            },
          ],
        },
      ],
    };
    expect(await post(body)).toEqual({ status: 200, body: {} });
    expect(await kept('abcdef0123456789')).toMatchObject({ attributes: { k: 'v' }, status: { code: 1 } });
  });
});
