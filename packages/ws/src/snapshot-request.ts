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
  readonly promise: Promise<ReadonlyMap<string, MuxMessage>>;
  #resolve!: (results: ReadonlyMap<string, MuxMessage>) => void;
  #reject!: (error: Error) => void;
  timer: TimerHandle | undefined;
  owner: ClientState | undefined;

  constructor(
    readonly type: string,
    readonly keys: readonly string[],
  ) {
    this.remaining = new Set(keys);
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
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
    this.#resolve(this.results);
  }

  reject(error: Error): void {
    this.#reject(error);
  }
}
