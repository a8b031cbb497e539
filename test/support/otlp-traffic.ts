import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A collector stand-in: a real HTTP server taking OTLP exports, counting requests per path. Like a
 * real backend under load it answers some requests 503 (the exporter retries) and some 400 (refused
 * for good), so the failure panels have data.
 */
export async function startCollector(): Promise<{
  url: string;
  received: Map<string, number>;
  close(): Promise<void>;
}> {
  const received = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const count = (received.get(req.url ?? '') ?? 0) + 1;
      received.set(req.url ?? '', count);
      const status = count % 7 === 0 ? 400 : count % 4 === 0 ? 503 : 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{}' : '{"message":"busy"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'demo-service' } }] };
const scope = { name: 'dashboards-e2e' };

/** A request the receiver must refuse (malformed JSON), as a broken client would send. */
export async function sendMalformedOtlp(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"resourceSpans": [',
  });
  await response.text();
  return response.status;
}

/** One OTLP/JSON request per signal, as an OTel SDK would send them. */
export async function sendOtlp(port: number): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const bodies = {
    '/v1/traces': {
      resourceSpans: [
        {
          resource,
          scopeSpans: [
            {
              scope,
              spans: [
                {
                  traceId: randomBytes(16).toString('hex'),
                  spanId: randomBytes(8).toString('hex'),
                  name: 'GET /prices',
                  kind: 2,
                  startTimeUnixNano: String(now - 5_000_000n),
                  endTimeUnixNano: String(now),
                },
              ],
            },
          ],
        },
      ],
    },
    '/v1/metrics': {
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              scope,
              metrics: [
                {
                  name: 'demo.orders',
                  sum: {
                    aggregationTemporality: 2,
                    isMonotonic: true,
                    dataPoints: [
                      { asInt: '3', startTimeUnixNano: String(now - 60_000_000_000n), timeUnixNano: String(now) },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    },
    '/v1/logs': {
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              scope,
              logRecords: [{ timeUnixNano: String(now), severityText: 'INFO', body: { stringValue: 'order placed' } }],
            },
          ],
        },
      ],
    },
  };
  for (const [path, body] of Object.entries(bodies)) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`OTLP ${path}: ${response.status} ${await response.text()}`);
  }
}
