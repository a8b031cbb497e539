import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Forwards GET requests to `target` with the Accept header replaced by `accept`: Debian's
 * Prometheus 2.42 always prefers OpenMetrics, so this is how it scrapes the Prometheus text format.
 */
export async function startAcceptProxy(
  target: string,
  accept: string,
): Promise<{ address: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    fetch(`http://${target}${req.url}`, { headers: { accept } }).then(
      async (upstream) => {
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      },
      (error: Error) => {
        res.writeHead(502);
        res.end(error.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
