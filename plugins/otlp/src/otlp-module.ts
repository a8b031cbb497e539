import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { HealthReport, Logger, ModuleContext, ModuleInterface, ModuleStatus, TimerHandle } from '@outrider/core';
import type { RouteRequest, RouteResponse, SidecarPluginContext } from '@outrider/plugin-api';
import type protobuf from 'protobufjs';
import { applyAttributeLimits } from './attribute-limits.js';
import { encodeBatch, flatten } from './batch-codec.js';
import type { OtlpConfig } from './config.js';
import { SpoolExporter } from './exporter.js';
import { MemoryTraceStore } from './memory-store.js';
import type { ResourceMetrics } from './otlp-types.js';
import { OwnMetrics } from './own-metrics.js';
import { PrometheusSink } from './prometheus-sink.js';
import type { Signal } from './proto.js';
import type { QueueItem } from './queue-item.js';
import type { RawResourceEntry } from './raw-records.js';
import { type HandlerResult, OtlpReceiver } from './receiver.js';
import { type BatchSink, SignalPipeline, SinkFailedError } from './signal-pipeline.js';
import { Spool, type SpooledSignal } from './spool.js';

const gzipAsync = promisify(gzip);
/** Traces per page of `GET /api/traces/recent`, by default and at most. */
const RECENT_PAGE = 100;
const MAX_RECENT_PAGE = 1000;

/**
 * The OTLP pipeline: the receiver, metrics into Prometheus series, and traces and logs through a
 * batch queue into the disk spool and out to the backend (or into memory when no endpoint is set).
 */
export class OtlpModule implements ModuleInterface<OtlpConfig> {
  readonly name: string;
  readonly #ctx: SidecarPluginContext;
  #config: OtlpConfig;
  #logger: Logger;
  #status: ModuleStatus = 'registered';
  readonly #own: OwnMetrics;
  readonly #memory: MemoryTraceStore | undefined;
  #sink: PrometheusSink | undefined;
  #receiver: OtlpReceiver | undefined;
  #spool: Spool | undefined;
  #exporter: SpoolExporter | undefined;
  #pipelines: Partial<Record<SpooledSignal, SignalPipeline>> = {};
  #controller = new AbortController();
  #exporting: Promise<void> | undefined;
  #sweepTimer: TimerHandle | undefined;
  #inflight = 0;
  #stopping: Promise<void> | undefined;
  #started = false;

  constructor(ctx: SidecarPluginContext, config: OtlpConfig) {
    this.name = ctx.instanceName;
    this.#ctx = ctx;
    this.#config = config;
    this.#logger = ctx.logger;
    this.#own = new OwnMetrics(ctx.registry, ctx.instanceName);
    this.#memory =
      config.exporter.endpoint === undefined
        ? new MemoryTraceStore(config.memory, {
            evicted: (traces, spans) => this.#own.memoryEvicted(traces, spans),
            spanDropped: (count) => this.#own.dropped('traces', 'trace_span_limit', count),
          })
        : undefined;
    ctx.routes.addApi('GET', '/traces/recent', (request) => this.#recentTraces(request.query, request.headers));
    ctx.routes.add('GET', '/status', () => ({ body: this.stats() }));
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  /** The receiver's bound address once started (port 0 resolves to the real port). */
  get receiverAddress(): { host: string; port: number } | undefined {
    return this.#receiver?.address;
  }

  /** Everything the plugin needs came with `create`; the module context adds nothing here. */
  initialize(_ctx?: ModuleContext<OtlpConfig>): void {
    this.#status = 'initialized';
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#status = 'starting';
    this.#controller = new AbortController();
    try {
      await this.#build();
    } catch (error) {
      await this.#teardown(AbortSignal.timeout(1000));
      this.#started = false;
      this.#status = 'failed';
      throw error;
    }
    this.#status = 'running';
  }

  /** Makes the sink, the spool and exporter (or memory), the pipelines, and opens the receiver. */
  async #build(): Promise<void> {
    const { clock, registry } = this.#ctx;
    const config = this.#config;
    this.#sink = new PrometheusSink({
      registry,
      clock,
      stalenessMs: config.metrics.staleness,
      maxSeriesPerMetric: config.metrics.maxSeriesPerMetric,
      maxSeries: config.metrics.maxSeries,
      own: this.#own,
      translationStrategy: config.metrics.translationStrategy,
      scopeLabels: config.metrics.scopeLabels,
      attributeLimits: {
        maxAttributes: config.limits.maxAttributes,
        maxValueLength: config.limits.maxAttributeValueLength,
      },
    });
    this.#armSweep();
    let sink: BatchSink;
    if (config.exporter.endpoint === undefined) {
      sink = (signal, batch) => this.#toMemory(signal, batch);
    } else {
      const spoolConfig = config.exporter.spool;
      this.#own.spoolLimit(spoolConfig.maxBytes);
      const spool = new Spool({
        dir: spoolConfig.dir ?? join(this.#ctx.stateDir, 'spool'),
        maxBytes: spoolConfig.maxBytes,
        whenFull: spoolConfig.whenFull,
        onDrop: (record) => {
          this.#own.dropped(record.signal, 'spool_full', record.count);
          this.#logger.warn({ signal: record.signal, items: record.count }, 'spool full: oldest batch dropped');
        },
        onChange: (s) => {
          this.#own.spool(s.bytes, s.items);
          this.#own.spoolUndeleted(s.undeleted.records);
        },
        onDeleteFailed: (record, error) => {
          this.#own.spoolDeleteFailed();
          this.#logger.error(
            { err: error instanceof Error ? error.message : String(error), file: record.file },
            'exported spool record could not be deleted; retrying (until it is, a restart would send it again)',
          );
        },
        clock,
      });
      const replayed = await spool.open();
      if (replayed > 0) this.#logger.info({ records: replayed, bytes: spool.bytes }, 'replaying spooled batches');
      this.#spool = spool;
      const gzipPayload = config.exporter.compression === 'gzip';
      sink = async (signal, batch) => {
        const encoded = encodeBatch(batch);
        const payload = gzipPayload ? await gzipAsync(encoded, { level: constants.Z_BEST_SPEED }) : encoded;
        await spool.append(signal, batch.length, payload, gzipPayload);
      };
      this.#exporter = new SpoolExporter(spool, {
        endpoint: config.exporter.endpoint,
        headers: config.exporter.headers,
        timeoutMs: config.exporter.timeout,
        redirects: config.exporter.redirects,
        minDelayMs: config.exporter.retry.minDelay,
        maxDelayMs: config.exporter.retry.maxDelay,
        clock,
        logger: this.#logger,
        own: this.#own,
      });
      this.#exporting = this.#exporter.run(this.#controller.signal).catch((error: unknown) => {
        this.#logger.error({ err: error }, 'exporter stopped');
      });
    }
    for (const signal of ['traces', 'logs'] as const) {
      const pipeline = new SignalPipeline(this.#ctx, signal, config.queue, sink, this.#own);
      pipeline.start();
      this.#pipelines[signal] = pipeline;
    }
    this.#receiver = new OtlpReceiver({
      inflightBytes: () => this.#inflight,
      maxInflightBytes: () => this.#config.limits.maxInflightBytes,
      maxBodyBytes: () => this.#config.receiver.maxBodyBytes,
      retryAfterMs: () => this.#config.limits.retryAfter,
      reserve: (bytes) => {
        this.#inflight += bytes;
        this.#own.inflightBytes(this.#inflight);
      },
      release: (bytes) => {
        this.#inflight -= bytes;
        this.#own.inflightBytes(this.#inflight);
      },
      handle: (signal, request) => this.#handle(signal, request),
      responded: (signal, status) => this.#own.request(signal, status),
      connectionRefused: () => this.#own.connectionRefused(),
    });
    const address = await this.#receiver.listen(config.receiver.host, config.receiver.port, {
      requestTimeoutMs: config.receiver.requestTimeout,
      idleTimeoutMs: config.receiver.idleTimeout,
      maxConnections: config.receiver.maxConnections,
    });
    this.#logger.info({ host: address.host, port: address.port }, 'OTLP receiver listening');
  }

  stop(signal: AbortSignal): Promise<void> {
    if (!this.#started) {
      this.#status = 'stopped';
      return Promise.resolve();
    }
    this.#stopping ??= this.#teardown(signal).finally(() => {
      // A restart (start after stop) builds everything afresh.
      this.#started = false;
      this.#stopping = undefined;
      this.#status = 'stopped';
    });
    return this.#stopping;
  }

  health(): HealthReport {
    const undeleted = this.#spool?.undeleted;
    if (undeleted !== undefined && undeleted.records > 0) {
      return {
        status: 'degraded',
        detail: `${undeleted.records} exported spool records could not be deleted (${undeleted.error}); retrying`,
      };
    }
    if (this.#spool?.full) return { status: 'degraded', detail: `spool full (${this.#spool.bytes} bytes)` };
    if (this.#exporter?.retrying) return { status: 'degraded', detail: 'backend failing; exports are being retried' };
    return { status: 'healthy' };
  }

  /** Limits, body size and staleness apply at once; receiver address, exporter and spool need a restart. */
  reconfigure(next: OtlpConfig): void {
    this.#config = {
      ...this.#config,
      receiver: { ...this.#config.receiver, maxBodyBytes: next.receiver.maxBodyBytes },
      limits: next.limits,
    };
  }

  stats(): Record<string, unknown> {
    return {
      status: this.#status,
      receiver: this.receiverAddress ?? null,
      inflightBytes: this.#inflight,
      mode: this.#config.exporter.endpoint === undefined ? 'memory' : 'export',
      queues: Object.fromEntries(Object.entries(this.#pipelines).map(([s, p]) => [s, p.queue.stats()])),
      spool: this.#spool
        ? { bytes: this.#spool.bytes, records: this.#spool.records, items: this.#spool.items, full: this.#spool.full }
        : null,
      series: this.#sink?.seriesCount ?? 0,
      traces: this.#memory?.size ?? 0,
      memoryBytes: this.#memory?.bytes ?? 0,
    };
  }

  async #teardown(signal: AbortSignal): Promise<void> {
    this.#status = 'stopping';
    // Receivers stop first, so the queues drain into the spool before the exporter lets go.
    const closing = this.#receiver?.close();
    const onAbort = () => this.#receiver?.closeAll();
    signal.addEventListener('abort', onAbort, { once: true });
    await Promise.all(Object.values(this.#pipelines).map((pipeline) => pipeline.stop(signal)));
    await closing;
    signal.removeEventListener('abort', onAbort);
    this.#controller.abort();
    await this.#exporting;
    const resent = this.#spool?.close() ?? 0;
    const undeleted = this.#spool?.undeleted.records ?? 0;
    if (resent > 0) {
      this.#logger.error(
        { records: resent },
        'stopping with exported spool records neither deleted nor marked delivered: the next start sends them again',
      );
    } else if (undeleted > 0) {
      this.#logger.warn(
        { records: undeleted },
        'stopping with exported spool records not deleted; marked delivered, the next start deletes them',
      );
    }
    if (this.#sweepTimer !== undefined) this.#ctx.clock.clearTimeout(this.#sweepTimer);
    this.#sweepTimer = undefined;
    this.#sink?.clear();
    this.#pipelines = {};
    this.#receiver = undefined;
    this.#spool = undefined;
    this.#exporter = undefined;
    this.#exporting = undefined;
  }

  async #handle(signal: Signal, request: protobuf.Message | RawResourceEntry[]): Promise<HandlerResult> {
    const retryAfterMs = this.#config.limits.retryAfter;
    if (signal === 'metrics') {
      const entries = (request as unknown as { resourceMetrics?: ResourceMetrics[] }).resourceMetrics ?? [];
      const sink = this.#sink as PrometheusSink;
      const result = sink.apply(entries);
      this.#own.items('metrics', 'received', result.accepted + result.rejected);
      this.#own.items('metrics', 'accepted', result.accepted);
      this.#own.series(sink.seriesCount);
      return { status: 200, rejected: result.rejected, errorMessage: result.reasons.join('; ') };
    }
    const items = flatten(request as RawResourceEntry[]);
    this.#own.items(signal, 'received', items.length);
    const { maxAttributes, maxAttributeValueLength } = this.#config.limits;
    const limited = applyAttributeLimits(signal, items, { maxAttributes, maxValueLength: maxAttributeValueLength });
    if (limited.dropped + limited.truncated > 0)
      this.#own.attributesLimited(signal, limited.dropped, limited.truncated);
    if (items.length === 0) return { status: 200 };
    if (this.#spool?.full && this.#config.exporter.spool.whenFull === 'block') {
      this.#own.refused(signal, 'spool_full', items.length);
      return { status: 429, message: 'the spool is full until the backend catches up; retry later', retryAfterMs };
    }
    try {
      await (this.#pipelines[signal] as SignalPipeline).accept(items);
    } catch (error) {
      const reason = error instanceof SinkFailedError ? 'write_failed' : 'stopping';
      this.#own.refused(signal, reason, items.length);
      this.#logger.warn({ err: error instanceof Error ? error.message : String(error), signal }, 'batch not accepted');
      return { status: 503, message: `not accepted (${reason}); retry`, retryAfterMs };
    }
    this.#own.items(signal, 'accepted', items.length);
    return { status: 200 };
  }

  #toMemory(signal: SpooledSignal, batch: QueueItem[]): void {
    if (signal === 'traces' && this.#memory !== undefined) {
      this.#memory.add(batch as QueueItem<Uint8Array>[]);
      this.#own.memoryBytes(this.#memory.bytes);
    }
    this.#own.items(signal, 'exported', batch.length);
  }

  /** `?limit=` (1–1000, default 100) traces, newest first, from `?before=` (the previous page's `next`). */
  #recentTraces(query: URLSearchParams, headers: RouteRequest['headers']): RouteResponse {
    if (this.#memory === undefined) {
      return { status: 404, body: { error: 'traces are exported to the configured endpoint, not kept in memory' } };
    }
    const limitText = query.get('limit');
    const beforeText = query.get('before');
    const limit = limitText === null ? RECENT_PAGE : Number(limitText);
    const before = beforeText === null ? undefined : Number(beforeText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECENT_PAGE) {
      return {
        status: 400,
        body: { error: `limit: expected an integer from 1 to ${MAX_RECENT_PAGE}, got "${limitText}"` },
      };
    }
    if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) {
      return {
        status: 400,
        body: { error: `before: expected the "next" cursor of a previous page, got "${beforeText}"` },
      };
    }
    // A console polling an unchanged store revalidates for a 304 instead of a page rebuilt and resent.
    const etag = `"${this.#memory.version}"`;
    const cache = { etag, 'cache-control': 'no-cache' };
    if (headers['if-none-match'] === etag) return { status: 304, headers: cache };
    return {
      headers: { ...cache, 'content-type': 'application/json; charset=utf-8' },
      body: this.#memory.stream(limit, before),
    };
  }

  /** Sweeps stale series a few times per staleness window, on the context's clock. */
  #armSweep(): void {
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.#config.metrics.staleness / 4)));
    this.#sweepTimer = this.#ctx.clock.setTimeout(() => {
      this.#sink?.sweep();
      if (this.#sink) this.#own.series(this.#sink.seriesCount);
      this.#armSweep();
    }, every);
  }
}
