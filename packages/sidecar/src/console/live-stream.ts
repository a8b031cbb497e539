import { PassThrough } from 'node:stream';

/** A client that stops reading is cut once this much is waiting for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Server-sent events to every open console: `send` writes one event to all of them, `close` ends them
 * (the HTTP server could not stop while an event stream stays open). At most `maxClients` at once.
 */
export class LiveStream {
  readonly maxClients: number;
  readonly #clients = new Set<PassThrough>();

  constructor(maxClients: number) {
    this.maxClients = maxClients;
  }

  get clients(): number {
    return this.#clients.size;
  }

  /** A new client's stream, starting with `first` as its first event; undefined when `maxClients` are open. */
  open(first: { event: string; data: unknown }): PassThrough | undefined {
    if (this.#clients.size >= this.maxClients) return undefined;
    const stream = new PassThrough();
    this.#clients.add(stream);
    // Koa destroys the body stream when the response closes (the tab went away).
    stream.once('close', () => this.#clients.delete(stream));
    // The browser reconnects after this long when the connection drops.
    stream.write('retry: 2000\n\n');
    stream.write(frame(first.event, first.data));
    return stream;
  }

  send(event: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    const text = frame(event, data);
    for (const client of this.#clients) this.#write(client, text);
  }

  /** A comment line, so idle connections are not closed as idle. */
  heartbeat(): void {
    for (const client of this.#clients) this.#write(client, ': keep-alive\n\n');
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(client: PassThrough, text: string): void {
    if (client.writableLength > MAX_BUFFERED_BYTES) {
      this.#clients.delete(client);
      client.destroy();
      return;
    }
    client.write(text);
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
