import type { DecodedMessage } from './adapter.js';

/** What a subscriber receives: the decoded upstream message, shared by every subscriber of its key. */
export type MuxMessage = DecodedMessage;

/** Called for each message of a subscribed key. A returned promise holds that client's queue until it settles. */
export type MessageCallback = (message: MuxMessage) => void | Promise<void>;

/** Anything that holds a key: a client, or a pending snapshot that needs the key subscribed. */
export interface Holder {
  deliver(message: MuxMessage, callback: MessageCallback): void;
}

type Holders = Map<Holder, MessageCallback>;

/**
 * The reference-counted subscription state and the routing table in one: for each `(type, key)`,
 * the holders that want it and their callbacks. A key is live upstream while it has any holder, and
 * routing a message is two Map lookups.
 */
export class SubscriptionTable {
  readonly #types = new Map<string, Map<string, Holders>>();
  #size = 0;

  /** Adds `holder` (or replaces its callback); true when the key had no holder before. */
  add(type: string, key: string, holder: Holder, callback: MessageCallback): boolean {
    let keys = this.#types.get(type);
    if (keys === undefined) {
      keys = new Map();
      this.#types.set(type, keys);
    }
    const holders = keys.get(key);
    if (holders !== undefined) {
      holders.set(holder, callback);
      return false;
    }
    keys.set(key, new Map([[holder, callback]]));
    this.#size++;
    return true;
  }

  /** Removes `holder`; true when that was the key's last holder, so it is no longer live. */
  remove(type: string, key: string, holder: Holder): boolean {
    const keys = this.#types.get(type);
    const holders = keys?.get(key);
    if (keys === undefined || holders === undefined || !holders.delete(holder) || holders.size > 0) return false;
    keys.delete(key);
    if (keys.size === 0) this.#types.delete(type);
    this.#size--;
    return true;
  }

  holders(type: string, key: string): ReadonlyMap<Holder, MessageCallback> | undefined {
    return this.#types.get(type)?.get(key);
  }

  /** How many distinct keys are live, over all types. */
  get size(): number {
    return this.#size;
  }

  /** Live keys per type, in the order they went live. */
  live(): Map<string, string[]> {
    const live = new Map<string, string[]>();
    for (const [type, keys] of this.#types) live.set(type, [...keys.keys()]);
    return live;
  }

  /** Number of live keys per type. */
  countsByType(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [type, keys] of this.#types) counts.set(type, keys.size);
    return counts;
  }
}
