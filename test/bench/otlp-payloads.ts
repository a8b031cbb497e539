// The request bodies and senders of the sidecar's end-to-end bench: the same requests as the otlp plugin's
// ingest bench sends (1000 spans of an instrumented HTTP service, 10 per trace), as protobuf and OTLP/JSON.
import { Agent, request } from 'node:http';
import { TraceRequest } from '../support/otlp-proto.ts';

export const SPANS_PER_REQUEST = 1000;
const SPANS_PER_TRACE = 10;
const DISTINCT_PAYLOADS = 16;

export type Bodies = { proto: Buffer[]; json: Buffer[] };
export type Format = keyof Bodies;
export const CONTENT_TYPE = { proto: 'application/x-protobuf', json: 'application/json' } as const;

let idCounter = 0;
const id = (bytes: number) => {
  const buffer = Buffer.alloc(bytes);
  buffer.writeUInt32BE(++idCounter, bytes - 4);
  buffer.writeUInt32BE(Math.floor(Math.random() * 2 ** 32), 0);
  return buffer;
};

function makeRequest() {
  const spans = [];
  let traceId = id(16);
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    const start = 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n;
    if (i % SPANS_PER_TRACE === 0) traceId = id(16);
    spans.push({
      traceId,
      spanId: id(8),
      parentSpanId: id(8),
      name: 'GET /api/items/:id',
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 2_345_678n).toString(),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.route', value: { stringValue: '/api/items/:id' } },
        { key: 'http.response.status_code', value: { intValue: 200 } },
        { key: 'url.full', value: { stringValue: `http://shop.internal:8080/api/items/${i}?view=full` } },
        { key: 'server.address', value: { stringValue: 'shop.internal' } },
        { key: 'server.port', value: { intValue: 8080 } },
        { key: 'user_agent.original', value: { stringValue: 'Mozilla/5.0 (X11; Linux x86_64) bench/1.0' } },
        { key: 'cache.hit', value: { boolValue: i % 3 === 0 } },
      ],
      status: { code: 1 },
    });
  }
  const resource = {
    attributes: [
      { key: 'service.name', value: { stringValue: 'shop' } },
      { key: 'service.instance.id', value: { stringValue: 'shop-1' } },
      { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
    ],
  };
  const scope = { name: '@opentelemetry/instrumentation-http', version: '0.200.0' };
  return { resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] };
}

/** OTLP/JSON of a request object, as the OTel JS JSON exporter writes it: hex ids, int64 as strings. */
function toOtlpJson(requestObject: ReturnType<typeof makeRequest>): string {
  return JSON.stringify(requestObject, (key, value) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && value?.type === 'Buffer'
      ? Buffer.from(value.data).toString('hex')
      : value,
  );
}

/** The same requests as protobuf and as OTLP/JSON bodies. */
export function payloads(): Bodies {
  const bodies: Bodies = { proto: [], json: [] };
  for (let i = 0; i < DISTINCT_PAYLOADS; i++) {
    const object = makeRequest();
    bodies.proto.push(Buffer.from(TraceRequest.encode(TraceRequest.fromObject(object)).finish()));
    bodies.json.push(Buffer.from(toOtlpJson(object)));
  }
  return bodies;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(port: number, body: Buffer, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/traces',
        agent,
        headers: { 'content-type': contentType, 'content-length': body.length },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `requests` bodies to `/v1/traces` with `senders` in flight over keep-alive connections (an OTel
 * SDK exports one batch at a time, so each sender is one busy app); throws unless every answer is a 200.
 */
export async function sendAll(port: number, bodies: Buffer[], requests: number, format: Format, senders: number) {
  let next = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (next < requests) {
      const status = await post(port, bodies[next++ % bodies.length] as Buffer, CONTENT_TYPE[format]);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: senders }, worker));
  if (statuses.get(200) !== requests) throw new Error(`not all accepted: ${JSON.stringify([...statuses])}`);
}
