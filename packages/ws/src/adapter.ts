/** Keys per subscription type, e.g. `ticker → ['KRW-BTC', 'KRW-ETH']`. */
export type KeysByType = ReadonlyMap<string, readonly string[]>;

/** What changed upstream since the last message the multiplexer sent, for an adapter to encode. */
export interface SubscriptionChange {
  /** Every key some client still wants, per type, after the change (types with no keys are absent). */
  readonly live: KeysByType;
  /** Keys that went from no holder to one. On `restore`, the whole live set. */
  readonly added: KeysByType;
  /** Keys whose last holder left. */
  readonly removed: KeysByType;
  /** Keys to fetch a snapshot of (only for adapters with `nativeSnapshots`). */
  readonly snapshots: KeysByType;
  /** True on a fresh connection: the upstream knows nothing, so everything live must be sent. */
  readonly restore: boolean;
}

/** One upstream data message, decoded. */
export interface DecodedMessage {
  readonly type: string;
  readonly key: string;
  /** What subscribers receive as `message.data`. */
  readonly data: unknown;
  /** True for a snapshot, false for a realtime update, undefined when the protocol does not say. */
  readonly snapshot?: boolean | undefined;
}

/**
 * Speaks one upstream's subscription protocol: turns subscription state into outgoing messages
 * and incoming text into `(type, key, data)`.
 */
export interface ProtocolAdapter {
  readonly name: string;
  /**
   * True when the protocol can ask for a snapshot (Upbit's `isOnlySnapshot`). Otherwise the
   * multiplexer subscribes the key until its next message arrives and calls that the snapshot.
   */
  readonly nativeSnapshots: boolean;
  /** The messages to send for `change`; an empty array sends nothing. */
  encode(change: SubscriptionChange): string[];
  /**
   * Decodes one incoming message: a data message, or undefined for a control message (an ack)
   * to skip. Throws (ideally an OUTRIDER_WS_PROTOCOL error) when the text is malformed.
   */
  decode(text: string): DecodedMessage | undefined;
}
