import { BoundedQueue } from './bounded-queue.js';
import type { SnapshotRequest } from './snapshot-request.js';
import type { Holder, MessageCallback, MuxMessage } from './subscription-table.js';

export type OverflowPolicy = 'drop-oldest' | 'drop-newest';

/** What a client's delivery reports back to its multiplexer. */
export interface DeliveryHooks {
  onCallbackError(clientId: string, error: unknown): void;
  onOverflow(clientId: string): void;
}

interface Pending {
  readonly message: MuxMessage;
  readonly callback: MessageCallback;
}

/**
 * One client's side of the multiplexer: the keys it holds, and its delivery. A synchronous callback
 * is called directly; while a callback's promise is pending, later messages wait in a bounded queue
 * whose overflow drops the oldest (or the newest) message and counts it.
 */
export class ClientState implements Holder {
  /** The keys this client holds, per type: what `dispose()` releases. */
  readonly keys = new Map<string, Set<string>>();
  /** Its snapshot calls still waiting: rejected when it is disposed. */
  readonly snapshots = new Set<SnapshotRequest>();
  readonly #queue: BoundedQueue<Pending>;
  #busy = false;

  constructor(
    readonly id: string,
    queueSize: number,
    private readonly overflow: OverflowPolicy,
    private readonly hooks: DeliveryHooks,
  ) {
    this.#queue = new BoundedQueue(queueSize);
  }

  /** Messages waiting behind a pending callback. */
  get queued(): number {
    return this.#queue.length;
  }

  deliver(message: MuxMessage, callback: MessageCallback): void {
    if (!this.#busy) {
      this.#invoke(message, callback);
      return;
    }
    if (this.#queue.full) {
      this.hooks.onOverflow(this.id);
      if (this.overflow === 'drop-newest') return;
      this.#queue.shift();
    }
    this.#queue.push({ message, callback });
  }

  /** Drops whatever is still queued: the client is gone. */
  clear(): void {
    this.#queue.clear();
  }

  #invoke(message: MuxMessage, callback: MessageCallback): void {
    let result: void | Promise<void>;
    try {
      result = callback(message);
    } catch (error) {
      this.hooks.onCallbackError(this.id, error);
      return;
    }
    if (result === undefined || typeof result.then !== 'function') return;
    this.#busy = true;
    result.then(
      () => this.#resume(),
      (error: unknown) => {
        this.hooks.onCallbackError(this.id, error);
        this.#resume();
      },
    );
  }

  #resume(): void {
    this.#busy = false;
    while (!this.#busy) {
      const next = this.#queue.shift();
      if (next === undefined) return;
      this.#invoke(next.message, next.callback);
    }
  }
}
