import type { Clock, Logger, TimerHandle } from '@outrider/core';
import { type ClientOptions, type RawData, WebSocket } from 'ws';
import { Heartbeat } from './heartbeat.js';
import { reconnectDelay } from './reconnect-delay.js';

/** What the connection tells its owner; plain callbacks, so the message path has no emitter hop. */
export interface UpstreamHandlers {
  onOpen(): void;
  onMessage(data: RawData, isBinary: boolean): void;
  /** The open connection was lost (not called for attempts that never opened). */
  onClose(code: number, reason: string): void;
  onReconnecting(attempt: number, delayMs: number): void;
  /** Every step of the reconnect schedule failed in a row, `failures` attempts so far. */
  onUnavailable(failures: number, lastError: Error | undefined): void;
  onHeartbeatTimeout(): void;
}

export interface UpstreamConnectionOptions {
  url: string;
  ws: ClientOptions;
  clock: Clock;
  random: () => number;
  logger: Logger;
  heartbeat: { intervalMs: number; timeoutMs: number } | undefined;
  reconnect: { delaysMs: readonly number[]; jitter: boolean };
}

/** One upstream socket kept open: heartbeat, reconnect with stepped backoff, clean close. */
export class UpstreamConnection {
  readonly #heartbeat: Heartbeat | undefined;
  #socket: WebSocket | undefined;
  #wanted = false;
  /** Reconnects scheduled since the last successful open. */
  #attempt = 0;
  /** Connection attempts that failed in a row. */
  #failures = 0;
  #reconnectTimer: TimerHandle | undefined;

  constructor(
    private readonly options: UpstreamConnectionOptions,
    private readonly handlers: UpstreamHandlers,
  ) {
    const { heartbeat, clock } = options;
    this.#heartbeat =
      heartbeat === undefined
        ? undefined
        : new Heartbeat(heartbeat.intervalMs, heartbeat.timeoutMs, clock, (socket) => {
            handlers.onHeartbeatTimeout();
            socket.terminate();
          });
  }

  get isOpen(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Starts connecting (and reconnecting) until `close`. Idempotent. */
  open(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#attempt = 0;
    this.#failures = 0;
    this.#connect();
  }

  /** False when there is no open socket to send on. */
  send(text: string): boolean {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  /** Stops reconnecting and closes the socket; terminates it if `signal` aborts first. */
  async close(signal?: AbortSignal): Promise<void> {
    this.#wanted = false;
    if (this.#reconnectTimer !== undefined) this.options.clock.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#heartbeat?.stop();
    const socket = this.#socket;
    if (socket === undefined || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      const terminate = () => socket.terminate();
      if (signal?.aborted) terminate();
      else signal?.addEventListener('abort', terminate, { once: true });
      if (socket.readyState === WebSocket.CONNECTING) terminate();
      else socket.close(1000);
    });
  }

  #connect(): void {
    this.#reconnectTimer = undefined;
    const socket = new WebSocket(this.options.url, this.options.ws);
    this.#socket = socket;
    let opened = false;
    let lastError: Error | undefined;
    socket.on('open', () => {
      opened = true;
      this.#attempt = 0;
      this.#failures = 0;
      this.#heartbeat?.add(socket);
      this.handlers.onOpen();
    });
    socket.on('message', this.handlers.onMessage);
    socket.on('error', (error) => {
      lastError = error; // 'close' follows and decides what happens next
    });
    socket.on('close', (code, reason) => {
      this.#heartbeat?.delete(socket);
      if (this.#socket !== socket) return; // replaced by a newer socket after a close + open
      this.#socket = undefined;
      if (opened) this.handlers.onClose(code, reason.toString());
      if (!this.#wanted) return;
      if (!opened) this.#failed(lastError);
      this.#scheduleReconnect();
    });
  }

  #failed(error: Error | undefined): void {
    this.#failures++;
    this.options.logger.warn({ err: error, failures: this.#failures }, 'upstream connection attempt failed');
    if (this.#failures % this.options.reconnect.delaysMs.length === 0)
      this.handlers.onUnavailable(this.#failures, error);
  }

  #scheduleReconnect(): void {
    const { delaysMs, jitter } = this.options.reconnect;
    this.#attempt++;
    const delayMs = reconnectDelay(this.#attempt, delaysMs, jitter, this.options.random);
    this.handlers.onReconnecting(this.#attempt, delayMs);
    this.#reconnectTimer = this.options.clock.setTimeout(() => this.#connect(), delayMs);
  }
}
