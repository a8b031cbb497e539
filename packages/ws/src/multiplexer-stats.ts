/** A snapshot of one multiplexer, as `mux.stats()` returns it and its metrics report it. */
export interface MultiplexerStats {
  /** The upstream socket is open. */
  connected: boolean;
  /** Clients not yet disposed. */
  clients: number;
  /** Keys live upstream, per type. */
  subscriptions: Record<string, number>;
  /** Successful reconnects after a lost connection. */
  reconnects: number;
  /** Upstream messages received, control messages and malformed ones included. */
  messagesReceived: number;
  /** Deliveries to subscribers (one message to three subscribers counts three). */
  messagesRouted: number;
  /** Data messages for a key nobody holds (any more). */
  droppedUnrouted: number;
  /** Messages dropped by a full per-client queue. */
  droppedOverflow: number;
  /** Upstream messages the adapter could not decode (OUTRIDER_WS_PROTOCOL). */
  protocolErrors: number;
  /** Subscriber callbacks that threw or rejected. */
  callbackErrors: number;
  /** Subscription messages sent upstream. */
  subscribeMessagesSent: number;
  /** Upstream connections terminated because a ping went unanswered. */
  heartbeatTimeouts: number;
  /** Clients released by the FinalizationRegistry because they were dropped without dispose(). */
  clientsFinalized: number;
}
