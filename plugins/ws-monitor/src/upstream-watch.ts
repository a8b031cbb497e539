import { backoffDelay, type Clock, type Logger, type TimerHandle } from '@outrider/core';
import { WebSocketMonitor } from '@outrider/ws';
import type { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import type { UpstreamConfig } from './config.js';
import { subscribeMessages } from './subscribe-messages.js';
import type { UpstreamMetrics, UpstreamReading } from './upstream-metrics.js';

export interface UpstreamWatchOptions {
  readonly name: string;
  /** The WebSocketMonitor room its messages are counted in. */
  readonly room: string;
  readonly config: UpstreamConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly metrics: UpstreamMetrics;
  readonly random?: () => number;
}

/** How long a clean close may take before the socket is terminated. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Keeps one upstream WebSocket open: connects, (re)sends its subscription, reconnects with stepped
 * backoff. A WebSocketMonitor (one per upstream, for its own ping interval) counts messages and
 * pings the socket, terminating it when no pong comes in time; this class times those pings.
 */
export class UpstreamWatch {
  readonly name: string;
  readonly #options: UpstreamWatchOptions;
  readonly #subscribe: string[];
  #monitor: WebSocketMonitor | undefined;
  #socket: WebSocket | undefined;
  #wanted = false;
  /** Reconnect attempts since the last successful open. */
  #attempt = 0;
  #reconnects = 0;
  #reconnectTimer: TimerHandle | undefined;
  #watchingSince = 0;
  #openedAt: number | undefined;
  #lastMessageAt: number | undefined;

  constructor(options: UpstreamWatchOptions) {
    this.name = options.name;
    this.#options = options;
    this.#subscribe = subscribeMessages(options.config);
  }

  /** The upstream's config, as given. */
  get config(): UpstreamConfig {
    return this.#options.config;
  }

  get up(): boolean {
    return this.#openedAt !== undefined;
  }

  /** Connected, but nothing heard for longer than staleAfter. */
  stale(now: number): boolean {
    const { staleAfter } = this.#options.config;
    return this.up && staleAfter > 0 && now - this.#quietSince() > staleAfter;
  }

  reading(now: number): UpstreamReading {
    return {
      upstream: this.name,
      up: this.up,
      lastMessageAgeSeconds: (now - this.#quietSince()) / 1000,
      reconnects: this.#reconnects,
    };
  }

  start(): void {
    if (this.#wanted) return;
    const { config, clock, logger, registry } = this.#options;
    this.#monitor = new WebSocketMonitor({
      clock,
      logger,
      registry,
      heartbeat: { interval: config.pingInterval, timeout: config.pongTimeout },
    });
    this.#wanted = true;
    this.#attempt = 0;
    this.#watchingSince = clock.now();
    this.#connect();
  }

  /** Stops reconnecting and closes the socket cleanly, terminating it if that takes too long or `signal` aborts. */
  async stop(signal?: AbortSignal): Promise<void> {
    this.#wanted = false;
    const { clock } = this.#options;
    if (this.#reconnectTimer !== undefined) clock.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const socket = this.#socket;
    if (socket !== undefined && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        const terminate = () => socket.terminate();
        const grace = setTimeout(terminate, CLOSE_GRACE_MS);
        socket.once('close', () => clearTimeout(grace));
        if (signal?.aborted || socket.readyState === WebSocket.CONNECTING) terminate();
        else {
          signal?.addEventListener('abort', terminate, { once: true });
          socket.close(1000);
        }
      });
    }
    this.#socket = undefined;
    this.#openedAt = undefined;
    this.#monitor?.close();
    this.#monitor = undefined;
  }

  #quietSince(): number {
    return this.#lastMessageAt ?? this.#openedAt ?? this.#watchingSince;
  }

  #connect(): void {
    this.#reconnectTimer = undefined;
    const { config, clock, logger, metrics, room } = this.#options;
    const socket = new WebSocket(config.url, { headers: config.headers, handshakeTimeout: 10_000 });
    this.#socket = socket;
    // The monitor's heartbeat sends the pings; noting when each leaves gives the round trip.
    let pingSentAt: number | undefined;
    const ping = socket.ping;
    socket.ping = function (this: WebSocket, ...args: unknown[]) {
      pingSentAt = performance.now();
      return (ping as (...rest: unknown[]) => void).apply(this, args);
    } as WebSocket['ping'];
    socket.on('pong', () => {
      if (pingSentAt === undefined) return;
      metrics.pingRoundTrip(this.name, (performance.now() - pingSentAt) / 1000);
      pingSentAt = undefined;
    });
    let lastError: Error | undefined;
    socket.on('error', (error) => {
      lastError = error; // 'close' follows and decides what happens next
    });
    socket.on('open', () => {
      // Tracked from open on: a failed attempt is a reconnect, not a socket error in the room's counts.
      this.#monitor?.track(socket, room);
      this.#attempt = 0;
      this.#openedAt = clock.now();
      this.#lastMessageAt = undefined;
      logger.info({ upstream: this.name }, 'upstream connected');
      for (const message of this.#subscribe) socket.send(message);
    });
    socket.on('message', () => {
      this.#lastMessageAt = clock.now();
    });
    socket.on('close', (code) => {
      if (this.#socket !== socket) return;
      const wasOpen = this.#openedAt !== undefined;
      this.#socket = undefined;
      this.#openedAt = undefined;
      if (!this.#wanted) return;
      if (wasOpen) logger.warn({ upstream: this.name, code }, 'upstream connection lost');
      else logger.warn({ upstream: this.name, err: lastError?.message }, 'upstream connection attempt failed');
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect(): void {
    const { config, clock, metrics, random } = this.#options;
    const delays = config.reconnectDelays;
    this.#attempt++;
    const step = delays[Math.min(this.#attempt, delays.length) - 1] as number;
    const delayMs = backoffDelay(1, { minDelay: step, maxDelay: step, jitter: true }, random);
    this.#reconnectTimer = clock.setTimeout(() => {
      this.#reconnects++;
      metrics.reconnecting(this.name);
      this.#connect();
    }, delayMs);
  }
}
