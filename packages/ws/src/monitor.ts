import type { IncomingMessage } from 'node:http';
import { type Clock, type Logger, silentLogger, systemClock } from '@outrider/core';
import type { Registry } from 'prom-client';
import { type RawData, WebSocket, type WebSocketServer } from 'ws';
import { Heartbeat, type HeartbeatOptions } from './heartbeat.js';
import { reportMonitorMetrics } from './monitor-metrics.js';
import { newRoomStats, type RoomStats } from './room-stats.js';
import { durationOption } from './validate.js';

export interface WebSocketMonitorOptions {
  /** Default the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** When given, the monitor reports `outrider_ws_*` metrics per room into it. */
  registry?: Registry;
  /** Ping every tracked socket and terminate those that do not answer, or false. Default 30 s / 10 s. */
  heartbeat?: HeartbeatOptions | false;
  /** The room of a server connection. Default: the request path (`/prices` of `/prices?x=1`). */
  roomOf?: (request: IncomingMessage) => string;
}

interface Tracked {
  readonly stats: RoomStats;
  /** Counted in connectionsCurrent. */
  open: boolean;
  readonly send: WebSocket['send'];
  readonly onOpen: () => void;
  readonly onMessage: (data: RawData) => void;
  readonly onError: (error: Error) => void;
  readonly onClose: () => void;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

/**
 * Payload bytes of sent messages. A broadcast hands the same string to every socket: its UTF-8
 * length is computed once, not once per receiver.
 */
class SentBytes {
  #text: string | undefined;
  #bytes = 0;

  of(data: unknown): number {
    if (typeof data !== 'string') return (data as { byteLength?: number } | null)?.byteLength ?? 0;
    if (data !== this.#text) {
      this.#text = data;
      this.#bytes = Buffer.byteLength(data);
    }
    return this.#bytes;
  }
}

/** The clock read once per event-loop turn: a burst of messages in one turn costs one read. */
class TurnClock {
  #now = 0;
  #fresh = false;
  readonly #expire = () => {
    this.#fresh = false;
  };

  constructor(private readonly clock: Clock) {}

  now(): number {
    if (!this.#fresh) {
      this.#now = this.clock.now();
      this.#fresh = true;
      queueMicrotask(this.#expire);
    }
    return this.#now;
  }
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Per-room statistics for WebSocket servers and sockets: connections, messages and bytes each
 * way, errors, last activity, and dead peers found by one shared heartbeat. Counting happens in
 * the sockets' own events; nothing polls.
 */
export class WebSocketMonitor {
  readonly #clock: Clock;
  readonly #turn: TurnClock;
  readonly #sentBytes = new SentBytes();
  readonly #logger: Logger;
  readonly #roomOf: (request: IncomingMessage) => string;
  readonly #rooms = new Map<string, RoomStats>();
  readonly #tracked = new Map<WebSocket, Tracked>();
  readonly #servers = new Map<WebSocketServer, (socket: WebSocket, request: IncomingMessage) => void>();
  readonly #heartbeat: Heartbeat | undefined;
  readonly #removeMetrics: (() => void) | undefined;

  constructor(options: WebSocketMonitorOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#turn = new TurnClock(this.#clock);
    this.#logger = options.logger ?? silentLogger;
    this.#roomOf = options.roomOf ?? pathOf;
    if (options.heartbeat !== false) {
      const intervalMs = durationOption('heartbeat.interval', options.heartbeat?.interval, 30_000, 1);
      const timeoutMs = Math.min(
        intervalMs,
        durationOption('heartbeat.timeout', options.heartbeat?.timeout, 10_000, 1),
      );
      this.#heartbeat = new Heartbeat(intervalMs, timeoutMs, this.#clock, (socket) => this.#dead(socket));
    }
    if (options.registry !== undefined) this.#removeMetrics = reportMonitorMetrics(options.registry, this);
  }

  /**
   * Tracks every connection `server` accepts, in the room `room` or the one `roomOf` gives.
   * Returns a function that stops tracking new connections of this server.
   */
  attach(server: WebSocketServer, room?: string): () => void {
    const onConnection = (socket: WebSocket, request: IncomingMessage) => {
      this.track(socket, room ?? this.#roomOf(request));
    };
    server.on('connection', onConnection);
    this.#servers.set(server, onConnection);
    if (room !== undefined) this.#room(room);
    return () => {
      server.off('connection', onConnection);
      this.#servers.delete(server);
    };
  }

  /** Tracks one socket (a server connection or a client socket) in `room`, until it closes. */
  track(socket: WebSocket, room: string): void {
    if (this.#tracked.has(socket) || socket.readyState >= WebSocket.CLOSING) return;
    const stats = this.#room(room);
    const clock = this.#turn;
    const sentBytes = this.#sentBytes;
    const send = socket.send as (data: unknown, options: unknown, callback: unknown) => void;
    // ws has no event for outgoing messages, so the socket's send is wrapped to count them: a few
    // additions per message (fixed arity, no rest array; byte length and clock read shared by a burst).
    socket.send = function (this: WebSocket, data: unknown, options?: unknown, callback?: unknown) {
      stats.messagesOut++;
      stats.bytesOut += sentBytes.of(data);
      stats.lastActivityAt = clock.now();
      return send.call(this, data, options, callback);
    } as WebSocket['send'];
    const tracked: Tracked = {
      stats,
      open: false,
      send: send as WebSocket['send'],
      onOpen: () => {
        tracked.open = true;
        stats.connectionsTotal++;
        stats.connectionsCurrent++;
        stats.lastActivityAt = clock.now();
        this.#heartbeat?.add(socket);
      },
      onMessage: (data: RawData) => {
        stats.messagesIn++;
        stats.bytesIn += byteLength(data);
        stats.lastActivityAt = clock.now();
      },
      onError: (error: Error) => {
        stats.errors++;
        this.#logger.warn({ room, err: error }, 'WebSocket error');
      },
      onClose: () => this.#untrack(socket, true),
    };
    if (socket.readyState === WebSocket.OPEN) tracked.onOpen();
    else socket.once('open', tracked.onOpen);
    socket.on('message', tracked.onMessage);
    socket.on('error', tracked.onError);
    socket.on('close', tracked.onClose);
    this.#tracked.set(socket, tracked);
  }

  /** A copy of every room's counters. */
  stats(): Record<string, RoomStats> {
    const snapshot: Record<string, RoomStats> = {};
    for (const [room, stats] of this.#rooms) snapshot[room] = { ...stats };
    return snapshot;
  }

  /** The live counters, for the metrics collector. */
  rooms(): ReadonlyMap<string, RoomStats> {
    return this.#rooms;
  }

  /** Stops tracking: detaches from servers and sockets, stops the heartbeat. Sockets stay open. */
  close(): void {
    for (const [server, onConnection] of this.#servers) server.off('connection', onConnection);
    this.#servers.clear();
    for (const socket of [...this.#tracked.keys()]) this.#untrack(socket, false);
    this.#heartbeat?.stop();
    this.#removeMetrics?.();
  }

  #room(room: string): RoomStats {
    let stats = this.#rooms.get(room);
    if (stats === undefined) {
      stats = newRoomStats(this.#clock.now());
      this.#rooms.set(room, stats);
    }
    return stats;
  }

  #untrack(socket: WebSocket, closed: boolean): void {
    const tracked = this.#tracked.get(socket);
    if (tracked === undefined) return;
    this.#tracked.delete(socket);
    this.#heartbeat?.delete(socket);
    socket.off('open', tracked.onOpen);
    socket.off('message', tracked.onMessage);
    socket.off('error', tracked.onError);
    socket.off('close', tracked.onClose);
    socket.send = tracked.send;
    if (closed && tracked.open) tracked.stats.connectionsCurrent--;
  }

  #dead(socket: WebSocket): void {
    const tracked = this.#tracked.get(socket);
    if (tracked !== undefined) tracked.stats.deadPeers++;
    this.#logger.warn({}, 'WebSocket peer did not answer a ping in time; terminating it');
    socket.terminate();
  }
}
