import type { RequestListener, Server } from 'node:http';
import { type Duration, parseDuration } from '@outrider/core';
import { onClientError } from './client-error.js';
import { httpErrors } from './error-codes.js';

// node:http through process.getBuiltinModule, not `import`: see router.ts.
const { createServer } = process.getBuiltinModule('node:http');

export interface ListenOptions {
  host: string;
  /** 0 picks a free port (read it back from `server.address()`). */
  port: number;
  /** How long a request may take, receiving and answering (`'30s'`, ms). */
  requestTimeout: Duration;
  /** An idle keep-alive connection is closed after this long. */
  idleTimeout: Duration;
  /** Open connections; more are closed as they arrive (`onDrop` is called for each). Default unlimited. */
  maxConnections?: number;
  onDrop?: () => void;
  /** The module the server belongs to, named in the error when listening fails. */
  module: string;
}

/**
 * A node:http server for `handler`, listening on host:port with Node's own timeouts as the
 * backstop for requests that never reach the handler (slow headers). Fails with
 * OUTRIDER_HTTP_LISTEN_FAILED naming the address and the system's code (`EADDRINUSE`, `EACCES`);
 * the cause chain keeps the code, so a ModuleManager fails the module at once instead of retrying.
 */
export async function listen(handler: RequestListener, options: ListenOptions): Promise<Server> {
  const { host, port } = options;
  const requestTimeoutMs = parseDuration(options.requestTimeout, 'requestTimeout');
  const idleTimeoutMs = parseDuration(options.idleTimeout, 'idleTimeout');
  const server = createServer(
    {
      headersTimeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs + 1000,
      keepAliveTimeout: idleTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 4))),
    },
    handler,
  );
  server.on('clientError', onClientError);
  // Any socket quiet for longer than a request may take plus the idle time is destroyed.
  server.setTimeout(requestTimeoutMs + idleTimeoutMs);
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
  if (options.onDrop !== undefined) server.on('drop', options.onDrop);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw httpErrors.create(
      'OUTRIDER_HTTP_LISTEN_FAILED',
      // Node's own message repeats the address; its code says the rest.
      `cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { module: options.module, cause: error },
    );
  }
  return server;
}

/** Stops accepting, closes idle connections, and cuts the open ones once `signal` aborts. */
export async function close(server: Server, signal?: AbortSignal): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = (): void => server.closeAllConnections();
  if (signal?.aborted) cut();
  signal?.addEventListener('abort', cut, { once: true });
  try {
    await closed;
  } finally {
    signal?.removeEventListener('abort', cut);
  }
}

/** `http://host:port` of a listening server (IPv6 in brackets). */
export function urlOf(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  const host = address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
