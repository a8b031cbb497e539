import { duration, restartRequired, secret, secretUrl } from '@outrider/config/schema';
import { z } from 'zod';
import { TRANSLATION_STRATEGIES } from './translation-strategy.js';

const MiB = 1024 * 1024;

const receiver = z
  .object({
    /** Loopback by default: the app runs next to the sidecar. */
    host: restartRequired(z.string().min(1)).default('127.0.0.1'),
    /** 4318 is the OTel SDK's default OTLP/HTTP endpoint; 0 picks a free port (logged, and `receiverPort()`). */
    port: restartRequired(z.number().int().min(0).max(65_535)).default(4318),
    /** Larger bodies (after gzip is undone) get 413. */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(4 * MiB),
    /** Headers and body must arrive within this long (slow senders get 408), as on the sidecar's HTTP port. */
    requestTimeout: restartRequired(duration()).default(30_000),
    /** An idle keep-alive connection is closed after this long (longer than the SDKs' 5 s export interval). */
    idleTimeout: restartRequired(duration()).default(60_000),
    /** Open connections; more are closed at once (and counted), so idle senders cannot exhaust file descriptors. */
    maxConnections: restartRequired(z.number().int().positive()).default(1024),
  })
  .strict();

const limits = z
  .object({
    /**
     * Soft memory limit on requests being decoded and spooled, estimated as 8× a protobuf body (5× JSON);
     * while it is passed, new requests get 429 with Retry-After.
     */
    maxInflightBytes: z
      .number()
      .int()
      .positive()
      .default(64 * MiB),
    /** The `Retry-After` sent with 429 and 503. */
    retryAfter: duration().default(1000),
    /** Attributes per span, span event or link, log record or metric point (OTel's attribute count limit, 128); the rest are dropped and counted. */
    maxAttributes: z.number().int().positive().default(128),
    /** Characters of a string attribute value; longer ones are truncated and counted (OTel's value length limit). */
    maxAttributeValueLength: z.number().int().positive().default(16_384),
  })
  .strict();

const queue = z
  .object({
    /** Spans or log records per spool record / export request. */
    batchSize: z.number().int().positive().default(1024),
    /** A partial batch waits at most this long (requests flush their own items at once). */
    flushInterval: duration().default(200),
    /** Items waiting in memory before producers wait. */
    maxPending: z.number().int().positive().default(100_000),
  })
  .strict();

const spool = z
  .object({
    /** Default: `spool/` under the instance's state directory (`.outrider/<instance>/spool`). */
    dir: z.string().min(1).optional(),
    /** Bytes on disk before `whenFull` applies. */
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(256 * MiB),
    /** `block`: senders get 429 until the backend catches up. `drop-oldest`: oldest records are deleted, counted. */
    whenFull: z.enum(['block', 'drop-oldest']).default('block'),
  })
  .strict();

const retry = z
  .object({
    minDelay: duration().default(1000),
    maxDelay: duration().default(30_000),
  })
  .strict();

const exporter = z
  .object({
    /** Base URL of an OTLP/HTTP backend (`/v1/traces`, `/v1/logs` are appended). Unset: keep traces in memory. */
    endpoint: secretUrl(z.url({ protocol: /^https?$/ })).optional(),
    /** Sent with every export, e.g. `{ authorization: 'Bearer …' }`. */
    headers: z.record(z.string(), secret(z.string())).default({}),
    compression: z.enum(['gzip', 'none']).default('gzip'),
    /** Bounds one export request. */
    timeout: duration().default(10_000),
    /**
     * 3xx answers: `none` does not follow them (the export is retried and logged); `same-origin` follows
     * them to the endpoint's own scheme, host and port only. Spans and headers never go to another host.
     */
    redirects: z.enum(['none', 'same-origin']).default('none'),
    retry: retry.default(() => retry.parse({})),
    spool: spool.default(() => spool.parse({})),
  })
  .strict();

const memory = z
  .object({
    /** Traces kept for `GET /api/traces/recent` when no endpoint is set. */
    maxTraces: z.number().int().positive().default(1000),
    /**
     * What the kept traces may take: span bytes plus a per-span and per-trace overhead, accounted on
     * insert; the least recently updated traces are evicted (and counted) past it.
     */
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(64 * MiB),
  })
  .strict();

const metrics = z
  .object({
    /** Series not updated for this long are dropped, so a dead app's series disappear. */
    staleness: duration().default(300_000),
    /** Series per metric name; points for new series beyond it are refused and counted. */
    maxSeriesPerMetric: z.number().int().positive().default(10_000),
    /** How OTel names become Prometheus names: Prometheus's OTLP receiver strategies (see the README). */
    translationStrategy: z.enum(TRANSLATION_STRATEGIES).default('UnderscoreEscapingWithSuffixes'),
    /** `otel_scope_name`, `_version`, `_schema_url` and `otel_scope_<attribute>` labels on every point. */
    scopeLabels: z.boolean().default(true),
    /**
     * Series over every metric together (target_info included); past it new series and new metric
     * names are refused and counted, so many names each under the per-metric cap cannot grow memory.
     */
    maxSeries: z.number().int().positive().default(100_000),
  })
  .strict();

/** Every field defaulted: `{}` receives on 127.0.0.1:4318 and keeps traces in memory. */
export const otlpConfigSchema = z
  .object({
    receiver: receiver.default(() => receiver.parse({})),
    limits: limits.default(() => limits.parse({})),
    // `reconfigure` applies receiver.maxBodyBytes and limits live; a change to these sections
    // replaces the instance on reload (queues drain into the spool first), so it really applies.
    queue: restartRequired(queue).default(() => queue.parse({})),
    exporter: restartRequired(exporter).default(() => exporter.parse({})),
    memory: restartRequired(memory).default(() => memory.parse({})),
    metrics: restartRequired(metrics).default(() => metrics.parse({})),
  })
  .strict();

export type OtlpConfig = z.output<typeof otlpConfigSchema>;
export type OtlpConfigInput = z.input<typeof otlpConfigSchema>;
