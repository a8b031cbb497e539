import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Polls `condition` in real time (a few ms per step) until it holds, for socket round trips. */
export async function eventually(condition: () => boolean, what = 'condition', timeoutMs = 3_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Waits a little real time so anything in flight over loopback arrives, for "nothing happened" checks. */
export function quiet(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
  readonly port: number;
  #server: WebSocketServer;

  private constructor(
    server: WebSocketServer,
    readonly options: UpstreamOptions,
  ) {
    this.#server = server;
    this.port = (server.address() as AddressInfo).port;
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
    await eventually(() => this.received.length >= count, `${count} upstream messages (have ${this.received.length})`);
    return this.received;
  }

  /** Kills every connection and the server, like a crashed upstream. */
  async kill(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Starts again on the same port after `kill`. */
  async restart(): Promise<void> {
    this.#server = await listen({ ...this.options, port: this.port });
    this.#wire(this.#server);
  }

  #wire(server: WebSocketServer): void {
    server.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
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

function listen(options: UpstreamOptions): Promise<WebSocketServer> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: options.port ?? 0,
      autoPong: options.autoPong ?? true,
    });
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
