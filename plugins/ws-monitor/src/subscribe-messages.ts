import { FullReplaceAdapter, IncrementalAdapter, type ProtocolAdapter } from '@outrider/ws';
import type { UpstreamConfig } from './config.js';

/**
 * The messages an upstream gets on every (re)connect: its raw `subscribe` payload, or what the
 * adapter named in `subscribeVia` encodes for a fresh connection holding `subscriptions`.
 */
export function subscribeMessages(upstream: UpstreamConfig): string[] {
  if (upstream.subscribeVia !== undefined) {
    const { adapter, subscriptions } = upstream.subscribeVia;
    const encoder: ProtocolAdapter = adapter === 'incremental' ? new IncrementalAdapter() : new FullReplaceAdapter();
    const live = new Map(Object.entries(subscriptions));
    return encoder.encode({ live, added: live, removed: new Map(), snapshots: new Map(), restore: true });
  }
  if (upstream.subscribe === undefined) return [];
  return [typeof upstream.subscribe === 'string' ? upstream.subscribe : JSON.stringify(upstream.subscribe)];
}
