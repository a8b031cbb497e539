import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpRecorder {
  readonly endpoint: string;
  /** Bodies received per path (`/v1/traces`), as latin1 text to search for strings. */
  bodies(path: string): string[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 recording OTLP POSTs, answering like a collector. */
export async function startOtlpRecorder(): Promise<OtlpRecorder> {
  const received: { path: string; type: string | undefined; body: Buffer }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', type: request.headers['content-type'], body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bodies: (path) =>
      received
        .filter((request) => request.path === path && request.type === 'application/x-protobuf')
        .map((request) => request.body.toString('latin1')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
