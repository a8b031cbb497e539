import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A real `ws` server on 127.0.0.1 standing in for an upstream, with the controls the tests need. */
export interface Upstream {
  readonly url: string;
  readonly port: number;
  /** Every message a client sent, in order. */
  readonly received: string[];
  readonly sockets: ReadonlySet<WebSocket>;
  /** Connections accepted so far. */
  readonly connections: number;
  broadcast(text: string): void;
  /** Cuts every connection without a close frame (a dropped network). */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startUpstream(options: { port?: number; autoPong?: boolean } = {}): Promise<Upstream> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    autoPong: options.autoPong ?? true,
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: string[] = [];
  const sockets = new Set<WebSocket>();
  let connections = 0;
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('message', (data) => received.push(String(data)));
    socket.on('close', () => sockets.delete(socket));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/stream`,
    port,
    received,
    sockets,
    get connections() {
      return connections;
    },
    broadcast: (text) => {
      for (const socket of sockets) socket.send(text);
    },
    dropAll: () => {
      for (const socket of sockets) socket.terminate();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
