import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { waitFor } from '@outrider/testing';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Pings the peer of `socket` and waits for its pong: frames are ordered both ways, so every frame sent
 * either way before the ping has been received and handled by then. With a ManualClock nothing new is
 * sent until the clock moves, so "nothing arrived" after a round trip means nothing was sent.
 */
export async function roundTrip(socket: WebSocket): Promise<void> {
  const pong = once(socket, 'pong');
  socket.ping();
  await pong;
}

export interface UpstreamOptions {
  /** Answer pings (the ws default). False makes a peer that never answers. */
  autoPong?: boolean;
  port?: number;
}

/**
 * A real `ws` server on 127.0.0.1 standing in for an exchange: it records every message it
 * receives (parsed as JSON when possible) and pushes whatever the test tells it to.
 */
export class RecordingUpstream {
  readonly received: unknown[] = [];
  readonly sockets = new Set<WebSocket>();
  connections = 0;
  /** Pings received from clients, in all. */
  pings = 0;
  /** TCP connections accepted, in all (a WebSocket handshake or not). */
  tcpConnections = 0;
  readonly port: number;
  #server: Listening;

  private constructor(
    server: Listening,
    readonly options: UpstreamOptions,
  ) {
    this.#server = server;
    this.port = (server.http.address() as AddressInfo).port;
    this.#wire(server);
  }

  static async start(options: UpstreamOptions = {}): Promise<RecordingUpstream> {
    return new RecordingUpstream(await listen(options), options);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  /** Sends to every open connection: objects as JSON text, strings as they are. */
  push(message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    for (const socket of this.sockets) socket.send(text);
  }

  /** Waits until `count` messages have been received in all. */
  async receivedCount(count: number): Promise<unknown[]> {
    await waitFor(() => this.received.length >= count, {
      what: () => `${count} upstream messages (have ${this.received.length})`,
    });
    return this.received;
  }

  /** A round trip on every open connection: everything sent either way before it has arrived. */
  async settle(): Promise<void> {
    await Promise.all([...this.sockets].map(roundTrip));
  }

  /**
   * Opens and closes one plain TCP connection, resolving once the server accepted it: connections
   * are accepted in the order they were made, so any connection attempt before this call has been
   * counted in `tcpConnections` by then.
   */
  async acceptBarrier(): Promise<void> {
    const accepted = this.tcpConnections + 1;
    const socket = connect(this.port, '127.0.0.1');
    await waitFor(() => this.tcpConnections >= accepted, { what: 'the barrier connection to be accepted' });
    socket.destroy();
  }

  /** Kills every connection and the server, like a crashed upstream. */
  async kill(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.#server.wss.close();
    this.#server.http.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.http.close(() => resolve()));
  }

  /** Starts again on the same port after `kill`. */
  async restart(): Promise<void> {
    this.#server = await listen({ ...this.options, port: this.port });
    this.#wire(this.#server);
  }

  #wire({ http, wss }: Listening): void {
    http.on('connection', () => this.tcpConnections++);
    wss.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('ping', () => this.pings++);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const text = data.toString();
        try {
          this.received.push(JSON.parse(text));
        } catch {
          this.received.push(text);
        }
      });
    });
  }
}

interface Listening {
  readonly http: Server;
  readonly wss: WebSocketServer;
}

async function listen(options: UpstreamOptions): Promise<Listening> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, autoPong: options.autoPong ?? true });
  http.listen(options.port ?? 0, '127.0.0.1');
  await once(http, 'listening');
  return { http, wss };
}
