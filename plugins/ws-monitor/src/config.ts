import { duration, secret, secretUrl } from '@outrider/config/schema';
import { defaultReconnectDelays } from '@outrider/ws';
import { z } from 'zod';

const WS_URL = /^wss?:\/\//i;

/** Subscription keys per type, encoded by one of @outrider/ws's protocol adapters. */
const subscribeViaSchema = z.strictObject({
  /** `incremental` (Binance style SUBSCRIBE deltas) or `full-replace` (Upbit style). */
  adapter: z.enum(['incremental', 'full-replace']),
  /** Keys per type, e.g. `{ trade: ['btcusdt'] }`. */
  subscriptions: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
});

const upstreamSchema = z
  .strictObject({
    /** The `upstream` label; default: the URL's host and path. Unique within the instance. */
    name: z.string().min(1).optional(),
    url: secretUrl(z.string().regex(WS_URL, { message: 'expected a ws:// or wss:// URL' }).pipe(z.url())),
    headers: z.record(z.string(), secret(z.string())).default(() => ({})),
    /** Sent on every (re)connect as is: a string verbatim, anything else as JSON. */
    subscribe: z.unknown().optional(),
    /** Or: subscription messages made by an adapter from @outrider/ws, sent on every (re)connect. */
    subscribeVia: subscribeViaSchema.optional(),
    /** Ping every this long; the round trip is measured. */
    pingInterval: duration()
      .default(30_000)
      .refine((ms) => ms >= 100, { message: 'pingInterval must be at least 100ms' }),
    /** No pong within this long: the connection is dead, closed and reconnected. At most pingInterval. */
    pongTimeout: duration()
      .default(10_000)
      .refine((ms) => ms > 0, { message: 'pongTimeout must be more than 0' }),
    /** Connected but no message for this long counts as stale (health degraded). 0 turns it off. */
    staleAfter: duration().default(60_000),
    /** Waits before each reconnect attempt (each spread over [d/2, d]); the last repeats. */
    reconnectDelays: z
      .array(duration().refine((ms) => ms > 0, { message: 'a reconnect delay must be more than 0' }))
      .min(1)
      .default(() => [...defaultReconnectDelays]),
  })
  .refine((upstream) => upstream.pongTimeout <= upstream.pingInterval, {
    message: 'pongTimeout must not exceed pingInterval',
    path: ['pongTimeout'],
  })
  .refine((upstream) => upstream.subscribe === undefined || upstream.subscribeVia === undefined, {
    message: 'give subscribe or subscribeVia, not both',
    path: ['subscribeVia'],
  });

export const configSchema = z
  .strictObject({
    upstreams: z.array(upstreamSchema).default(() => []),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    for (const [index, upstream] of config.upstreams.entries()) {
      // Runs even when a URL failed its own check; that problem is reported already.
      if (upstream.name === undefined && !URL.canParse(upstream.url)) continue;
      const name = upstream.name ?? defaultUpstreamName(upstream.url);
      if (seen.has(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `upstream name "${name}" is used twice; give one a distinct name`,
          path: ['upstreams', index, 'name'],
        });
      }
      seen.add(name);
    }
  });

export type WsMonitorConfig = z.output<typeof configSchema>;
export type UpstreamConfig = WsMonitorConfig['upstreams'][number];

/** `wss://stream.example.com:9443/ws?x=1` → `stream.example.com:9443/ws`. */
export function defaultUpstreamName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
