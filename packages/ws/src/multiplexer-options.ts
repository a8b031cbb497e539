import { type Clock, type Duration, type Logger, OutriderError, systemClock } from '@outrider/core';
import type { Registry } from 'prom-client';
import type { ClientOptions } from 'ws';
import type { ProtocolAdapter } from './adapter.js';
import type { OverflowPolicy } from './client-state.js';
import type { HeartbeatOptions } from './heartbeat.js';
import type { RateLimit, ResolvedRateLimit } from './rate-limiter.js';
import { defaultReconnectDelays, type ReconnectOptions } from './reconnect-delay.js';
import { durationOption, integerOption, nonEmptyString, oneOf } from './validate.js';

export interface SubscriptionMultiplexerOptions {
  /** The upstream WebSocket URL. */
  url: string;
  /** Speaks the upstream's protocol: `new FullReplaceAdapter()`, `new IncrementalAdapter()` or your own. */
  adapter: ProtocolAdapter;
  /** Module name, also the `mux` metric label. Default `'ws-mux'`. */
  name?: string;
  /** Timers for heartbeat, reconnect, coalescing and snapshot timeouts. Default the system clock. */
  clock?: Clock;
  /** Default: the module context's logger once initialized, else silent. */
  logger?: Logger;
  /** When given, the multiplexer reports `outrider_ws_mux_*` metrics into it. */
  registry?: Registry;
  /** Source of jitter. Default Math.random. */
  random?: () => number;
  /** Keep the upstream open with zero subscriptions (true), or open it only while something is subscribed. Default true. */
  keepBaseConnection?: boolean;
  /** Ping/pong on the upstream socket, or false for none. Default every 30 s, 10 s timeout. */
  heartbeat?: HeartbeatOptions | false;
  /** Reconnect schedule. Default 1, 2, 5, 10, 30 s, then 30 s, with jitter. */
  reconnect?: ReconnectOptions;
  /** Changes made within this window become one upstream message. Default `'10ms'`. */
  coalesce?: Duration;
  /** Limit on outgoing subscription messages, or false for none. Default 5 per second. */
  rateLimit?: RateLimit | false;
  /** Per-client queue for messages that arrive while the client's async callback is pending. */
  queue?: { size?: number; overflow?: OverflowPolicy };
  /** How long `snapshot()` waits for its keys. Default `'5s'`. */
  snapshotTimeout?: Duration;
  /** Passed to the `ws` client (headers, TLS, maxPayload, ...). Default handshakeTimeout 10 s. */
  ws?: ClientOptions;
}

/** The options with every default filled in and every value checked. */
export interface ResolvedMultiplexerOptions {
  url: string;
  adapter: ProtocolAdapter;
  name: string;
  clock: Clock;
  logger: Logger | undefined;
  registry: Registry | undefined;
  random: () => number;
  keepBaseConnection: boolean;
  heartbeat: { intervalMs: number; timeoutMs: number } | undefined;
  reconnect: { delaysMs: readonly number[]; jitter: boolean };
  coalesceMs: number;
  rateLimit: ResolvedRateLimit | undefined;
  queueSize: number;
  overflow: OverflowPolicy;
  snapshotTimeoutMs: number;
  ws: ClientOptions;
}

function resolveHeartbeat(heartbeat: HeartbeatOptions | false | undefined): ResolvedMultiplexerOptions['heartbeat'] {
  if (heartbeat === false) return undefined;
  const intervalMs = durationOption('heartbeat.interval', heartbeat?.interval, 30_000, 1);
  const timeoutMs = durationOption('heartbeat.timeout', heartbeat?.timeout, Math.min(10_000, intervalMs), 1);
  if (timeoutMs > intervalMs) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'heartbeat.timeout must not exceed heartbeat.interval', {
      details: { option: 'heartbeat.timeout' },
    });
  }
  return { intervalMs, timeoutMs };
}

function resolveReconnect(reconnect: ReconnectOptions | undefined): ResolvedMultiplexerOptions['reconnect'] {
  const delays = reconnect?.delays ?? defaultReconnectDelays;
  if (!Array.isArray(delays) || delays.length === 0) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'reconnect.delays must list at least one delay', {
      details: { option: 'reconnect.delays' },
    });
  }
  const delaysMs = delays.map((delay, index) => durationOption(`reconnect.delays.${index}`, delay, 0));
  return { delaysMs, jitter: reconnect?.jitter ?? true };
}

function resolveRateLimit(rateLimit: RateLimit | false | undefined): ResolvedRateLimit | undefined {
  if (rateLimit === false) return undefined;
  return {
    messages: integerOption('rateLimit.messages', rateLimit?.messages, 5, 1),
    intervalMs: durationOption('rateLimit.interval', rateLimit?.interval, 1_000, 1),
  };
}

export function resolveMultiplexerOptions(options: SubscriptionMultiplexerOptions): ResolvedMultiplexerOptions {
  const adapter = options.adapter;
  if (typeof adapter?.encode !== 'function' || typeof adapter.decode !== 'function') {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'adapter must implement encode() and decode()', {
      details: { option: 'adapter' },
    });
  }
  return {
    url: nonEmptyString('url', options.url),
    adapter,
    name: options.name === undefined ? 'ws-mux' : nonEmptyString('name', options.name),
    clock: options.clock ?? systemClock,
    logger: options.logger,
    registry: options.registry,
    random: options.random ?? Math.random,
    keepBaseConnection: options.keepBaseConnection ?? true,
    heartbeat: resolveHeartbeat(options.heartbeat),
    reconnect: resolveReconnect(options.reconnect),
    coalesceMs: durationOption('coalesce', options.coalesce, 10),
    rateLimit: resolveRateLimit(options.rateLimit),
    queueSize: integerOption('queue.size', options.queue?.size, 1_024, 1),
    overflow: oneOf('queue.overflow', options.queue?.overflow, ['drop-oldest', 'drop-newest'], 'drop-oldest'),
    snapshotTimeoutMs: durationOption('snapshotTimeout', options.snapshotTimeout, 5_000, 1),
    ws: { handshakeTimeout: 10_000, ...options.ws },
  };
}
