import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  /** `http://localhost:<port>` (or https), so probes go through a DNS lookup. */
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

async function listen(server: http.Server | https.Server, scheme: 'http' | 'https'): Promise<TestServer> {
  let requests = 0;
  server.on('request', () => requests++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://localhost:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A real node:http server on 127.0.0.1 answering with `handler`. */
export function httpServer(handler: Handler): Promise<TestServer> {
  return listen(http.createServer(handler), 'http');
}

/** A real node:https server with a fresh self-signed certificate for `localhost` (made by openssl). */
export function httpsServer(handler: Handler): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'http-probe-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost'],
    ],
    { stdio: 'ignore' },
  );
  return listen(https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handler), 'https');
}
