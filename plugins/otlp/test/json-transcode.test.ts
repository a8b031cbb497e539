import fc from 'fast-check';
import { expect, it } from 'vitest';
import { decodeParsedRecords } from '../src/json-records.js';
import { transcodeJsonRecords } from '../src/json-transcode.js';
import type { RawResourceEntry } from '../src/raw-records.js';

// The byte-level path must give exactly what JSON.parse and the checking walk give, or step aside
// (undefined) so the general path answers: never other bytes, never a body the general path refuses.

const runs = Number(process.env.OTLP_FUZZ_RUNS ?? 200);

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
const int64Text = fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String);
const number = fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger(), fc.constantFrom(0, -0, 2 ** 53 + 2, 1e21));
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.record({ stringValue: text }),
    fc.record({ intValue: fc.oneof(int64Text, number, text) }),
    fc.record({ doubleValue: fc.oneof(number, fc.constantFrom('NaN', 'Infinity', 'x')) }),
    fc.record({ boolValue: fc.oneof(fc.boolean(), number) }),
    fc.record({ bytesValue: fc.oneof(fc.base64String({ maxLength: 12 }), hex(4), text) }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('value'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie('keyValue'), { maxLength: 3 }) }) }),
    fc.record({ stringValue: text, intValue: fc.integer() }),
    fc.constant(null),
    fc.constant({ unknown: [1, { a: null }] }),
  ),
  keyValue: fc.record({ key: fc.oneof(text, fc.integer()), value: tie('value') }, { requiredKeys: ['key'] }),
}));
const id = (bytes: number) => fc.oneof(hex(bytes), hex(bytes * 2), fc.constantFrom('', 'zz', 'ABCDEF0123456789', 7));
const span = fc.record(
  {
    traceId: id(16),
    spanId: id(8),
    parentSpanId: id(8),
    traceState: text,
    flags: fc.oneof(fc.integer({ min: -1, max: 2 ** 32 }), text),
    name: fc.oneof(text, fc.integer()),
    kind: fc.oneof(fc.integer({ min: -3, max: 7 }), fc.constantFrom('SPAN_KIND_CLIENT', 'nope', 2 ** 31, 1.5)),
    startTimeUnixNano: fc.oneof(int64Text, number, fc.constantFrom('', '-', '01', '1e3', ' 1')),
    endTimeUnixNano: fc.oneof(int64Text, fc.nat()),
    attributes: fc.oneof(fc.array(anyValue.keyValue, { maxLength: 4 }), fc.constant(null), fc.constant(3)),
    droppedAttributesCount: fc.oneof(fc.nat(), fc.integer({ min: -2, max: 0 })),
    events: fc.array(
      fc.record({ timeUnixNano: int64Text, name: text, attributes: fc.array(anyValue.keyValue, { maxLength: 2 }) }),
      {
        maxLength: 2,
      },
    ),
    links: fc.array(fc.record({ traceId: id(16), spanId: id(8), flags: fc.nat() }), { maxLength: 2 }),
    status: fc.oneof(
      fc.record({ code: fc.oneof(fc.nat(3), fc.constantFrom('STATUS_CODE_ERROR', 'bad')), message: text }),
      fc.constant(null),
    ),
    somethingNew: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const request = fc.record({
  resourceSpans: fc.array(
    fc.record(
      {
        resource: fc.oneof(fc.record({ attributes: fc.array(anyValue.keyValue, { maxLength: 2 }) }), fc.constant(null)),
        schemaUrl: fc.oneof(text, fc.constant(5)),
        scopeSpans: fc.array(
          fc.record(
            {
              scope: fc.record({ name: text, version: text }, { requiredKeys: [] }),
              schemaUrl: text,
              spans: fc.array(span, { maxLength: 4 }),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 2 },
  ),
});

/** Text-level changes JSON.stringify never makes: an escaped key, a duplicate key, white space, a cut. */
const rewrite = fc.constantFrom<(json: string) => string>(
  (json) => json,
  (json) => json.replace('"name":', '"n\\u0061me":'),
  (json) => json.replace('"kind":', '"kind":1,"kind":'),
  (json) => json.replace(/,/g, ' ,\n\t'),
  (json) => json.slice(0, Math.floor(json.length / 2)),
  (json) => `${json} x`,
  (json) => json.replace('"stringValue":"', '"stringValue":"\\ud83d\\ude00\\n'),
);

function outcome(decode: () => RawResourceEntry[] | undefined) {
  try {
    const entries = decode();
    if (entries === undefined) return undefined;
    return entries.map((entry) => ({
      resource: JSON.stringify(entry.resource),
      schemaUrl: entry.schemaUrl,
      scopes: entry.scopes.map((scope) => ({
        scope: JSON.stringify(scope.scope),
        schemaUrl: scope.schemaUrl,
        records: scope.records.map((record) => Buffer.from(record).toString('hex')),
      })),
    }));
  } catch (error) {
    return { error: String(error) };
  }
}

it('reads every body as JSON.parse and the walk do, or leaves it to them', () => {
  let taken = 0;
  fc.assert(
    fc.property(request, rewrite, (body, change) => {
      const bytes = Buffer.from(change(JSON.stringify(body)));
      const general = outcome(() => decodeParsedRecords('traces', bytes));
      const fast = outcome(() => transcodeJsonRecords('traces', bytes));
      if (fast === undefined) return;
      taken++;
      expect(fast).toEqual(general);
    }),
    { numRuns: runs },
  );
  // The property means something only if the fast path takes a fair share of the bodies.
  expect(taken).toBeGreaterThan(runs / 10);
});

it('takes log records the same way', () => {
  const body = Buffer.from(
    JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
          scopeLogs: [
            {
              scope: { name: 's' },
              logRecords: [
                {
                  timeUnixNano: '1700000000000000000',
                  severityNumber: 9,
                  body: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } },
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  eventName: 'é',
                },
              ],
            },
          ],
        },
      ],
    }),
  );
  const fast = outcome(() => transcodeJsonRecords('logs', body));
  expect(fast).not.toBeUndefined();
  expect(fast).toEqual(outcome(() => decodeParsedRecords('logs', body)));
});
