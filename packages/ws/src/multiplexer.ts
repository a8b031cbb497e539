import { EventEmitter } from 'node:events';
import {
  type HealthReport,
  type Logger,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
  OutriderError,
  silentLogger,
} from '@outrider/core';
import type { RawData } from 'ws';
import type { DecodedMessage, KeysByType, SubscriptionChange } from './adapter.js';
import { ClientState } from './client-state.js';
import { wsErrors } from './error-codes.js';
import { reportMultiplexerMetrics } from './multiplexer-metrics.js';
import {
  type ResolvedMultiplexerOptions,
  resolveMultiplexerOptions,
  type SubscriptionMultiplexerOptions,
} from './multiplexer-options.js';
import type { MultiplexerStats } from './multiplexer-stats.js';
import { type ClientPort, MuxClient } from './mux-client.js';
import { Outbox } from './outbox.js';
import { PendingChanges } from './pending-changes.js';
import { SnapshotRequest } from './snapshot-request.js';
import { type MessageCallback, type MuxMessage, SubscriptionTable } from './subscription-table.js';
import { ThrottledLog } from './throttled-log.js';
import { UpstreamConnection } from './upstream-connection.js';

export interface ReconnectingEvent {
  /** Reconnect attempt number since the connection was last open (1-based). */
  attempt: number;
  delayMs: number;
}

export interface MultiplexerEvents {
  /** The upstream socket opened and the live subscriptions were sent. */
  open: [];
  /** The open upstream socket was lost; reconnecting follows unless stopped. */
  close: [code: number, reason: string];
  reconnecting: [ReconnectingEvent];
  /** Every step of the reconnect schedule failed in a row (OUTRIDER_WS_UNAVAILABLE); attempts go on. */
  unavailable: [OutriderError];
}

const none: KeysByType = new Map();
const ignore: MessageCallback = () => {};

/**
 * One upstream WebSocket shared by many in-process clients. Keys are reference-counted across
 * clients, changes are coalesced and rate-limited into the adapter's messages, and every live
 * subscription is restored after a reconnect. A `ModuleInterface`: `start` opens the base
 * connection, `stop` closes it cleanly.
 */
export class SubscriptionMultiplexer extends EventEmitter<MultiplexerEvents> implements ModuleInterface {
  readonly name: string;
  readonly #options: ResolvedMultiplexerOptions;
  readonly #table = new SubscriptionTable();
  readonly #pending = new PendingChanges();
  readonly #clients = new Map<string, ClientState>();
  /** Snapshot requests waiting, per type and key. */
  readonly #waiters = new Map<string, Map<string, Set<SnapshotRequest>>>();
  readonly #outbox: Outbox;
  readonly #finalizer = new FinalizationRegistry<ClientState>((state) => this.#finalized(state));
  readonly #port: ClientPort;
  readonly #errorLog: ThrottledLog;
  readonly #counts = {
    reconnects: 0,
    messagesReceived: 0,
    messagesRouted: 0,
    droppedUnrouted: 0,
    droppedOverflow: 0,
    protocolErrors: 0,
    callbackErrors: 0,
    subscribeMessagesSent: 0,
    heartbeatTimeouts: 0,
    clientsFinalized: 0,
  };
  #logger: Logger;
  #connection: UpstreamConnection | undefined;
  #status: ModuleStatus = 'registered';
  #started = false;
  #everOpened = false;
  #needsRestore = false;
  #unavailable = false;
  #removeMetrics: (() => void) | undefined;

  constructor(options: SubscriptionMultiplexerOptions) {
    super();
    this.#options = resolveMultiplexerOptions(options);
    this.name = this.#options.name;
    this.#logger = this.#options.logger ?? silentLogger;
    this.#errorLog = new ThrottledLog(this.#options.clock);
    this.#outbox = new Outbox({
      clock: this.#options.clock,
      coalesceMs: this.#options.coalesceMs,
      rateLimit: this.#options.rateLimit,
      encode: () => this.#encode(),
      send: (message) => this.#send(message),
    });
    this.#port = {
      subscribe: (state, type, keys, callback) => this.#subscribe(state, type, keys, callback),
      unsubscribe: (state, type, keys) => this.#unsubscribe(state, type, keys),
      snapshot: (state, type, keys) => this.#snapshot(state, type, keys),
      release: (state) => this.#release(state),
    };
    if (this.#options.registry !== undefined) {
      this.#removeMetrics = reportMultiplexerMetrics(this.#options.registry, this);
    }
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  /** True while the upstream socket is open. */
  get connected(): boolean {
    return this.#connection?.isOpen ?? false;
  }

  /** A new client. Ids are for logs and must be unique among clients not yet disposed. */
  client(id: string): MuxClient {
    if (typeof id !== 'string' || id === '') {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'client id must be a non-empty string');
    }
    if (this.#clients.has(id)) {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `client id "${id}" is in use`, { details: { id } });
    }
    const state = new ClientState(id, this.#options.queueSize, this.#options.overflow, {
      onCallbackError: (clientId, error) => {
        this.#counts.callbackErrors++;
        this.#errorLog.log(this.#logger.error, { client: clientId, err: error }, 'subscriber callback failed');
      },
      onOverflow: () => {
        this.#counts.droppedOverflow++;
      },
    });
    this.#clients.set(id, state);
    const client = new MuxClient(state, this.#port);
    this.#finalizer.register(client, state, state);
    return client;
  }

  stats(): MultiplexerStats {
    return {
      connected: this.connected,
      clients: this.#clients.size,
      subscriptions: Object.fromEntries(this.#table.countsByType()),
      ...this.#counts,
    };
  }

  /** Keys live upstream, per type, in the order they went live. */
  subscriptions(): Map<string, string[]> {
    return this.#table.live();
  }

  initialize(ctx: ModuleContext): void {
    if (this.#options.logger === undefined) this.#logger = ctx.logger;
    this.#status = 'initialized';
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#status = 'running';
    this.#connection ??= this.#createConnection();
    this.#syncConnection();
  }

  async stop(signal?: AbortSignal): Promise<void> {
    if (!this.#started) {
      if (this.#status !== 'registered') this.#status = 'stopped';
      return;
    }
    this.#started = false;
    this.#status = 'stopping';
    this.#outbox.reset();
    const stopped = new OutriderError('OUTRIDER_ABORTED', 'the multiplexer was stopped', { module: this.name });
    for (const keys of this.#waiters.values()) {
      for (const requests of keys.values()) for (const request of requests) this.#settleSnapshot(request, stopped);
    }
    await this.#connection?.close(signal);
    this.#status = 'stopped';
  }

  health(): HealthReport {
    if (!this.#started) return { status: 'unhealthy', detail: `multiplexer is ${this.#status}` };
    if (this.connected) return { status: 'healthy' };
    if (!this.#options.keepBaseConnection && this.#table.size === 0) return { status: 'healthy' };
    if (this.#unavailable) return { status: 'unhealthy', detail: 'upstream unavailable, reconnecting' };
    return { status: 'degraded', detail: 'upstream not connected' };
  }

  /** Unregisters its metrics from the registry; for multiplexers made and dropped at run time. */
  removeMetrics(): void {
    this.#removeMetrics?.();
    this.#removeMetrics = undefined;
  }

  // --- client operations -------------------------------------------------------------------

  #subscribe(state: ClientState, type: string, keys: string[], callback: MessageCallback): void {
    let held = state.keys.get(type);
    if (held === undefined) {
      held = new Set();
      state.keys.set(type, held);
    }
    for (const key of keys) {
      held.add(key);
      if (this.#table.add(type, key, state, callback)) this.#pending.wentLive(type, key);
    }
    this.#changed();
  }

  #unsubscribe(state: ClientState, type: string, keys: string[] | undefined): void {
    const held = state.keys.get(type);
    if (held === undefined) return;
    for (const key of keys ?? [...held]) {
      if (!held.delete(key)) continue;
      if (this.#table.remove(type, key, state)) this.#pending.wentDead(type, key);
    }
    if (held.size === 0) state.keys.delete(type);
    this.#changed();
  }

  #snapshot(state: ClientState, type: string, keys: string[]): Promise<ReadonlyMap<string, MuxMessage>> {
    const request = new SnapshotRequest(type, keys);
    state.snapshots.add(request);
    let byKey = this.#waiters.get(type);
    if (byKey === undefined) {
      byKey = new Map();
      this.#waiters.set(type, byKey);
    }
    for (const key of keys) {
      let requests = byKey.get(key);
      if (requests === undefined) {
        requests = new Set();
        byKey.set(key, requests);
      }
      requests.add(request);
      if (this.#options.adapter.nativeSnapshots) this.#pending.requestSnapshot(type, key);
      else if (this.#table.add(type, key, request, ignore)) this.#pending.wentLive(type, key);
    }
    request.timer = this.#options.clock.setTimeout(() => {
      const missing = [...request.remaining];
      const error = new OutriderError(
        'OUTRIDER_TIMEOUT',
        `snapshot of ${type} timed out waiting for ${missing.join(', ')}`,
        {
          module: this.name,
          details: { type, missing, timeoutMs: this.#options.snapshotTimeoutMs },
        },
      );
      this.#settleSnapshot(request, error);
    }, this.#options.snapshotTimeoutMs);
    request.owner = state;
    this.#changed();
    return request.promise;
  }

  #release(state: ClientState): void {
    this.#finalizer.unregister(state);
    this.#clients.delete(state.id);
    state.clear();
    for (const [type, keys] of state.keys) {
      for (const key of keys) if (this.#table.remove(type, key, state)) this.#pending.wentDead(type, key);
    }
    state.keys.clear();
    const disposed = wsErrors.create('OUTRIDER_WS_CLIENT_DISPOSED', `client "${state.id}" was disposed`);
    for (const request of state.snapshots) this.#settleSnapshot(request, disposed);
    this.#changed();
  }

  #finalized(state: ClientState): void {
    if (this.#clients.get(state.id) !== state) return; // disposed meanwhile
    this.#counts.clientsFinalized++;
    this.#logger.warn({ client: state.id }, 'multiplexer client was garbage-collected without dispose()');
    this.#release(state);
  }

  #settleSnapshot(request: SnapshotRequest, error?: Error): void {
    if (request.timer !== undefined) this.#options.clock.clearTimeout(request.timer);
    request.timer = undefined;
    const byKey = this.#waiters.get(request.type);
    for (const key of request.keys) {
      const requests = byKey?.get(key);
      if (requests?.delete(request) && requests.size === 0) byKey?.delete(key);
      if (!this.#options.adapter.nativeSnapshots && this.#table.remove(request.type, key, request)) {
        this.#pending.wentDead(request.type, key);
      }
    }
    if (byKey?.size === 0) this.#waiters.delete(request.type);
    request.owner?.snapshots.delete(request);
    if (error === undefined) request.resolve();
    else request.reject(error);
    this.#changed();
  }

  /** Something changed: open or close a lazy connection, and schedule an upstream message. */
  #changed(): void {
    if (!this.#started) return;
    this.#syncConnection();
    this.#outbox.schedule();
  }

  // --- upstream ----------------------------------------------------------------------------

  #createConnection(): UpstreamConnection {
    const { url, ws, clock, random, heartbeat, reconnect } = this.#options;
    return new UpstreamConnection(
      { url, ws, clock, random, heartbeat, reconnect, logger: this.#logger },
      {
        onOpen: () => this.#opened(),
        onMessage: (data) => this.#route(data),
        onClose: (code, reason) => this.#closed(code, reason),
        onReconnecting: (attempt, delayMs) => this.emit('reconnecting', { attempt, delayMs }),
        onUnavailable: (failures, cause) => {
          this.#unavailable = true;
          const error = wsErrors.create(
            'OUTRIDER_WS_UNAVAILABLE',
            `upstream ${url} unreachable: ${failures} connection attempts in a row failed`,
            { module: this.name, cause, details: { url, failures } },
          );
          this.#logger.error({ err: error, critical: true }, 'upstream WebSocket unavailable; still reconnecting');
          this.emit('unavailable', error);
        },
        onHeartbeatTimeout: () => {
          this.#counts.heartbeatTimeouts++;
          this.#logger.warn({ url }, 'upstream did not answer a ping in time; reconnecting');
        },
      },
    );
  }

  /** Base connection always, or only while some key or snapshot needs it. */
  #syncConnection(): void {
    const connection = this.#connection;
    if (connection === undefined) return;
    if (this.#options.keepBaseConnection || this.#table.size > 0 || this.#waiters.size > 0) connection.open();
    else void connection.close();
  }

  #opened(): void {
    if (this.#everOpened) this.#counts.reconnects++;
    this.#everOpened = true;
    this.#unavailable = false;
    if (this.#started) this.#status = 'running';
    this.#logger.info({ url: this.#options.url, live: this.#table.size }, 'upstream connected');
    // The new connection knows nothing: send the whole live set (and open snapshots) at once.
    this.#needsRestore = true;
    this.#pending.clear();
    this.#outbox.reset();
    this.#outbox.flushNow();
    this.emit('open');
  }

  #closed(code: number, reason: string): void {
    this.#outbox.reset();
    if (this.#started) this.#status = 'degraded';
    this.#logger.warn({ url: this.#options.url, code, reason }, 'upstream connection lost');
    this.emit('close', code, reason);
  }

  #encode(): string[] {
    if (!this.connected) return []; // kept pending; the restore on (re)connect covers it
    const restore = this.#needsRestore;
    this.#needsRestore = false;
    const table = this.#table;
    let live: KeysByType | undefined;
    const liveSet = () => {
      live ??= table.live();
      return live;
    };
    const taken = restore
      ? {
          added: undefined,
          removed: none,
          snapshots: this.#options.adapter.nativeSnapshots ? this.#waitingKeys() : none,
        }
      : this.#pending.take();
    const change: SubscriptionChange = {
      // The live set is built only if the adapter reads it: incremental deltas never need it.
      get live() {
        return liveSet();
      },
      get added() {
        return taken.added ?? liveSet();
      },
      removed: taken.removed,
      snapshots: taken.snapshots,
      restore,
    };
    try {
      return this.#options.adapter.encode(change);
    } catch (error) {
      this.#logger.error({ err: error, adapter: this.#options.adapter.name }, 'adapter failed to encode subscriptions');
      return [];
    }
  }

  #send(message: string): boolean {
    if (!this.#connection?.send(message)) return false;
    this.#counts.subscribeMessagesSent++;
    return true;
  }

  #waitingKeys(): KeysByType {
    const keys = new Map<string, string[]>();
    for (const [type, byKey] of this.#waiters) keys.set(type, [...byKey.keys()]);
    return keys;
  }

  /** The message path: decode once, then two Map lookups and one call per subscriber. */
  #route(data: RawData): void {
    const counts = this.#counts;
    counts.messagesReceived++;
    let message: DecodedMessage | undefined;
    try {
      message = this.#options.adapter.decode(textOf(data));
    } catch (error) {
      counts.protocolErrors++;
      this.#errorLog.log(this.#logger.error, { err: error }, 'skipped an upstream message that could not be decoded');
      return;
    }
    if (message === undefined) return;
    const waited = this.#waiters.size > 0 && message.snapshot !== false && this.#feedSnapshots(message);
    const holders = this.#table.holders(message.type, message.key);
    if (holders === undefined) {
      if (!waited) counts.droppedUnrouted++;
      return;
    }
    // forEach, not for-of: no [holder, callback] entry array per subscriber per message.
    holders.forEach((callback, holder) => {
      holder.deliver(message, callback);
    });
    counts.messagesRouted += holders.size;
  }

  /** Hands `message` to the snapshot requests waiting for its key; true when there were any. */
  #feedSnapshots(message: MuxMessage): boolean {
    const requests = this.#waiters.get(message.type)?.get(message.key);
    if (requests === undefined) return false;
    for (const request of [...requests]) {
      requests.delete(request);
      if (request.receive(message)) this.#settleSnapshot(request);
    }
    return true;
  }
}

/** ws hands over Buffers by default; the other shapes only appear with another binaryType. */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString();
  return Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data).toString();
}
