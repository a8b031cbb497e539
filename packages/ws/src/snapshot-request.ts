import type { TimerHandle } from '@outrider/core';
import type { ClientState } from './client-state.js';
import type { Holder, MuxMessage } from './subscription-table.js';

/**
 * One `snapshot(type, keys)` call waiting for its keys. It is also a holder: where the protocol
 * has no snapshot request, it keeps its keys subscribed until their first message arrives.
 */
export class SnapshotRequest implements Holder {
  readonly remaining: Set<string>;
  readonly results = new Map<string, MuxMessage>();
  readonly #settle = Promise.withResolvers<ReadonlyMap<string, MuxMessage>>();
  timer: TimerHandle | undefined;
  owner: ClientState | undefined;

  constructor(
    readonly type: string,
    readonly keys: readonly string[],
  ) {
    this.remaining = new Set(keys);
  }

  get promise(): Promise<ReadonlyMap<string, MuxMessage>> {
    return this.#settle.promise;
  }

  /** Snapshot data reaches the request through the multiplexer's waiter table, not as a subscriber. */
  deliver(): void {}

  /** Records `message`; true when it was the last key missing. */
  receive(message: MuxMessage): boolean {
    this.results.set(message.key, message);
    this.remaining.delete(message.key);
    return this.remaining.size === 0;
  }

  resolve(): void {
    this.#settle.resolve(this.results);
  }

  reject(error: Error): void {
    this.#settle.reject(error);
  }
}
