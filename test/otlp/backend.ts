import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { TraceRequest } from '../support/otlp-proto.js';

export interface Backend {
  readonly url: string;
  /** Span ids (hex) received, in arrival order, duplicates kept: to prove exactly-once. */
  readonly spanIds: string[];
  close(): Promise<void>;
}

/** A real OTLP/HTTP trace backend on a free port: answers 200 and records every span id that arrives. */
export async function startBackend(): Promise<Backend> {
  const spanIds: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (request.url === '/v1/traces') {
        const decoded = TraceRequest.toObject(TraceRequest.decode(body), { bytes: String }) as {
          resourceSpans?: { scopeSpans?: { spans?: { spanId: string }[] }[] }[];
        };
        for (const resource of decoded.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? [])
            for (const span of scope.spans ?? []) spanIds.push(Buffer.from(span.spanId, 'base64').toString('hex'));
      }
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spanIds,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
