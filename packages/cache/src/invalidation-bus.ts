import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** What one replica tells the others: drop these keys, this tag or this prefix; a key was filled. */
export type BusMessage =
  | { op: 'delete'; key: string }
  | { op: 'tag'; tag: string }
  | { op: 'prefix'; prefix: string }
  | { op: 'filled'; key: string };

const SUBSCRIBE_WAIT_MS = 1_000;

interface Envelope {
  /** The sending replica; it ignores its own messages. */
  from: string;
  /** Date.now() at the sender, for the lag a receiver sees. */
  sentAt: number;
  message: BusMessage;
}

export interface BusCounts {
  published: number;
  received: number;
  /** Receive time minus send time of the last message from another replica (ms; same-host clocks). */
  lastLagMs: number | null;
  /** Whether the subscriber connection is up (messages sent while it is down are lost). */
  connected: boolean;
  /** Times the subscriber came back after losing its connection. */
  reconnects: number;
}

/**
 * Redis pub/sub between the replicas of one cache. Publishing uses the cache's client; receiving
 * needs a connection of its own (a subscribed connection can do nothing else), duplicated from it.
 * Messages are fire-and-forget: `onReconnect` tells the cache that some may have been missed.
 */
export class InvalidationBus {
  readonly #id = randomUUID();
  readonly #redis: Redis;
  readonly #channel: string;
  #subscriber: Redis | undefined;
  readonly #counts: BusCounts = { published: 0, received: 0, lastLagMs: null, connected: false, reconnects: 0 };

  constructor(
    redis: Redis,
    channel: string,
    private readonly onMessage: (message: BusMessage, lagMs: number) => void,
    private readonly onReconnect: () => void,
  ) {
    this.#redis = redis;
    this.#channel = channel;
  }

  async start(): Promise<void> {
    if (this.#subscriber !== undefined) return;
    // Its own offline queue: the subscription waits for a connection, and ioredis renews it after each reconnect.
    const subscriber = this.#redis.duplicate({ enableOfflineQueue: true });
    this.#subscriber = subscriber;
    let wasReady = false;
    subscriber.on('ready', () => {
      this.#counts.connected = true;
      if (wasReady) {
        this.#counts.reconnects++;
        this.onReconnect();
      }
      wasReady = true;
    });
    subscriber.on('close', () => {
      this.#counts.connected = false;
    });
    // Errors surface as reconnects; without a listener ioredis would print each one.
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel: string, text: string) => this.#receive(text));
    const subscribed = subscriber.subscribe(this.#channel);
    // A service must start with Redis down: wait for the subscription a little, not until Redis is back.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      subscribed,
      new Promise((resolve) => {
        timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref();
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (subscriber === undefined) return;
    this.#counts.connected = false;
    subscriber.disconnect();
  }

  async publish(message: BusMessage): Promise<void> {
    const envelope: Envelope = { from: this.#id, sentAt: Date.now(), message };
    await this.#redis.publish(this.#channel, JSON.stringify(envelope));
    this.#counts.published++;
  }

  counts(): BusCounts {
    return { ...this.#counts };
  }

  #receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.#id) return;
    const lagMs = Date.now() - envelope.sentAt;
    this.#counts.received++;
    this.#counts.lastLagMs = lagMs;
    this.onMessage(envelope.message, lagMs);
  }
}
