import type { DecodedMessage, KeysByType, ProtocolAdapter, SubscriptionChange } from './adapter.js';
import { parseObject, protocolError } from './protocol-error.js';

/**
 * Binance style: `{"method":"SUBSCRIBE"|"UNSUBSCRIBE","params":["<key>@<type>",...],"id":n}` deltas,
 * and combined-stream data messages `{"stream":"<key>@<type>","data":{...}}`. Acks
 * (`{"result":null,"id":n}`) are skipped; error answers count as protocol errors. Keys are used as
 * given, so pass Binance's lowercase symbols (`btcusdt`); the type may hold `@` (`depth@100ms`).
 */
export class IncrementalAdapter implements ProtocolAdapter {
  readonly name = 'incremental';
  readonly nativeSnapshots = false;
  #nextId = 1;

  encode(change: SubscriptionChange): string[] {
    const messages: string[] = [];
    if (change.removed.size > 0) messages.push(this.#request('UNSUBSCRIBE', change.removed));
    if (change.added.size > 0) messages.push(this.#request('SUBSCRIBE', change.added));
    return messages;
  }

  decode(text: string): DecodedMessage | undefined {
    const message = parseObject(text);
    const stream = message.stream;
    if (typeof stream === 'string' && 'data' in message) {
      const at = stream.indexOf('@');
      if (at > 0) return { type: stream.slice(at + 1), key: stream.slice(0, at), data: message.data };
      throw protocolError('stream name has no "<key>@<type>" form', text);
    }
    if ('id' in message && 'result' in message) return undefined;
    throw protocolError('error' in message ? 'upstream rejected a request' : 'message has no stream and data', text);
  }

  #request(method: string, keysByType: KeysByType): string {
    const params: string[] = [];
    for (const [type, keys] of keysByType) for (const key of keys) params.push(`${key}@${type}`);
    return JSON.stringify({ method, params, id: this.#nextId++ });
  }
}
