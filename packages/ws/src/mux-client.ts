import { OutriderError } from '@outrider/core';
import type { ClientState } from './client-state.js';
import { wsErrors } from './error-codes.js';
import type { MessageCallback, MuxMessage } from './subscription-table.js';
import { keyList, nonEmptyString } from './validate.js';

/** What a client asks of its multiplexer; the multiplexer hands each client this port. */
export interface ClientPort {
  subscribe(state: ClientState, type: string, keys: string[], callback: MessageCallback): void;
  unsubscribe(state: ClientState, type: string, keys: string[] | undefined): void;
  snapshot(state: ClientState, type: string, keys: string[]): Promise<ReadonlyMap<string, MuxMessage>>;
  release(state: ClientState): void;
}

/**
 * One consumer's view of the shared upstream, from `mux.client(id)`. Call `dispose()` (or use
 * `using`) when done; a client dropped without it is released when it is garbage-collected, as
 * long as its callbacks do not refer to it.
 */
export class MuxClient {
  readonly id: string;
  #state: ClientState | undefined;

  constructor(
    state: ClientState,
    private readonly port: ClientPort,
  ) {
    this.id = state.id;
    this.#state = state;
  }

  get disposed(): boolean {
    return this.#state === undefined;
  }

  /**
   * Receive realtime messages of `type` for `keys`. Idempotent per key: subscribing a key again
   * replaces its callback. Works while disconnected; the subscription is sent on (re)connect.
   */
  subscribe(type: string, keys: string | readonly string[], onMessage: MessageCallback): void {
    const state = this.#live('subscribe');
    if (typeof onMessage !== 'function') {
      throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', 'subscribe: onMessage must be a function');
    }
    this.port.subscribe(state, nonEmptyString('type', type), keyList('keys', keys), onMessage);
  }

  /** Stop receiving `keys` of `type` (every key of the type when `keys` is omitted). */
  unsubscribe(type: string, keys?: string | readonly string[]): void {
    const state = this.#live('unsubscribe');
    this.port.unsubscribe(state, nonEmptyString('type', type), keys === undefined ? undefined : keyList('keys', keys));
  }

  /**
   * The current message for each of `keys`: a snapshot request where the protocol has one (sent
   * together with the live realtime set), else the next message of each key. Rejects with
   * OUTRIDER_TIMEOUT after `snapshotTimeoutMs`.
   */
  snapshot(type: string, keys: string | readonly string[]): Promise<ReadonlyMap<string, MuxMessage>> {
    const state = this.#live('snapshot');
    return this.port.snapshot(state, nonEmptyString('type', type), keyList('keys', keys));
  }

  /** Releases every subscription and callback of this client. Idempotent. */
  dispose(): void {
    const state = this.#state;
    if (state === undefined) return;
    this.#state = undefined;
    this.port.release(state);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #live(operation: string): ClientState {
    if (this.#state !== undefined) return this.#state;
    throw wsErrors.create('OUTRIDER_WS_CLIENT_DISPOSED', `${operation}: this multiplexer client was disposed`);
  }
}
