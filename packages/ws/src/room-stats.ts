/** Counters for one room (a server path, or a name given to tracked sockets). */
export interface RoomStats {
  /** When the monitor first saw the room, ms since the epoch. */
  startedAt: number;
  connectionsTotal: number;
  connectionsCurrent: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Socket 'error' events. */
  errors: number;
  /** Peers terminated because they did not answer a ping in time. */
  deadPeers: number;
  /** Last connection, message in or message out, ms since the epoch; undefined before any. */
  lastActivityAt: number | undefined;
}

export function newRoomStats(now: number): RoomStats {
  return {
    startedAt: now,
    connectionsTotal: 0,
    connectionsCurrent: 0,
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    errors: 0,
    deadPeers: 0,
    lastActivityAt: undefined,
  };
}
