import type { DecodedMessage, ProtocolAdapter, SubscriptionChange } from './adapter.js';
import { parseObject, protocolError } from './protocol-error.js';

export interface FullReplaceAdapterOptions {
  /** The `ticket` field that opens every request. Default `'outrider'`. */
  ticket?: string;
  /** The `format` field that closes every request. Default `'DEFAULT'`. */
  format?: string;
}

/**
 * Upbit style: every request replaces the connection's whole subscription, so each message lists
 * every live key of every type, and a snapshot request re-sends the live realtime set with it:
 * `[{ticket}, {type, codes, isOnlySnapshot}, {type, codes, isOnlyRealtime}, {format}]`.
 * Incoming messages carry `type`, `code` and `stream_type` (`SNAPSHOT` | `REALTIME`).
 */
export class FullReplaceAdapter implements ProtocolAdapter {
  readonly name = 'full-replace';
  readonly nativeSnapshots = true;
  readonly #ticket: string;
  readonly #format: string;

  constructor(options: FullReplaceAdapterOptions = {}) {
    this.#ticket = options.ticket ?? 'outrider';
    this.#format = options.format ?? 'DEFAULT';
  }

  encode(change: SubscriptionChange): string[] {
    const changed = change.added.size > 0 || change.removed.size > 0 || change.snapshots.size > 0;
    if (!change.restore && !changed) return [];
    // The protocol has no way to say "nothing": with no live key and no snapshot there is nothing
    // valid to send, and the upstream's leftover messages are dropped as unrouted.
    if (change.live.size === 0 && change.snapshots.size === 0) return [];
    const request: object[] = [{ ticket: this.#ticket }];
    for (const [type, codes] of change.snapshots) request.push({ type, codes, isOnlySnapshot: true });
    for (const [type, codes] of change.live) request.push({ type, codes, isOnlyRealtime: true });
    request.push({ format: this.#format });
    return [JSON.stringify(request)];
  }

  decode(text: string): DecodedMessage | undefined {
    const message = parseObject(text);
    if (typeof message.type === 'string' && typeof message.code === 'string') {
      return { type: message.type, key: message.code, data: message, snapshot: streamType(message.stream_type) };
    }
    if ('status' in message) return undefined; // the answer to a text PING
    throw protocolError('error' in message ? 'upstream reported an error' : 'message has no type and code', text);
  }
}

function streamType(value: unknown): boolean | undefined {
  if (value === 'SNAPSHOT') return true;
  if (value === 'REALTIME') return false;
  return undefined;
}
