import { histogram, counter as sharedCounter, gauge as sharedGauge } from '@outrider/metrics';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Signal } from './proto.js';

export type DropReason = 'spool_full' | 'stopped' | 'queue_full' | 'trace_span_limit';
export type FailReason = 'rejected_by_backend' | 'retries_exhausted' | 'spool_unreadable';

/** The plugin's own metrics (`outrider_otlp_*`), labelled `plugin="<instance>"`; see the README. */
export class OwnMetrics {
  readonly #plugin: string;
  readonly #items: Counter<'plugin' | 'signal' | 'outcome'>;
  readonly #refused: Counter<'plugin' | 'signal' | 'reason'>;
  readonly #failed: Counter<'plugin' | 'signal' | 'reason'>;
  readonly #dropped: Counter<'plugin' | 'signal' | 'reason'>;
  readonly #requests: Counter<'plugin' | 'signal' | 'code'>;
  readonly #overflow: Counter<'plugin' | 'metric'>;
  readonly #boundsMerged: Counter<'plugin' | 'metric'>;
  readonly #retries: Counter<'plugin' | 'signal'>;
  readonly #exportDuration: Histogram<'plugin' | 'signal' | 'outcome'>;
  readonly #queueItems: Gauge<'plugin' | 'signal'>;
  readonly #spoolBytes: Gauge<'plugin'>;
  readonly #spoolMaxBytes: Gauge<'plugin'>;
  readonly #spoolItems: Gauge<'plugin' | 'signal'>;
  readonly #inflightBytes: Gauge<'plugin'>;
  readonly #series: Gauge<'plugin'>;
  readonly #deleteFailures: Counter<'plugin'>;
  readonly #connectionsRefused: Counter<'plugin'>;
  readonly #memoryBytes: Gauge<'plugin'>;
  readonly #attributesLimited: Counter<'plugin' | 'signal' | 'action'>;
  readonly #memoryEvicted: Counter<'plugin' | 'unit'>;
  readonly #undeleted: Gauge<'plugin'>;

  constructor(registry: Registry, plugin: string) {
    this.#plugin = plugin;
    // Get-or-create: instances and restarts share one registry.
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      sharedCounter<L>(registry, { name, help, labelNames });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]) =>
      sharedGauge<L>(registry, { name, help, labelNames });
    this.#items = counter(
      'outrider_otlp_items_total',
      'OTLP items (spans, metric points, log records) by outcome: received, accepted, exported.',
      ['plugin', 'signal', 'outcome'],
    );
    this.#refused = counter(
      'outrider_otlp_refused_total',
      'OTLP items refused to the sender (memory limit, spool full, malformed, metric conflicts), by reason.',
      ['plugin', 'signal', 'reason'],
    );
    this.#failed = counter(
      'outrider_otlp_export_failed_total',
      'Items the backend refused for good (4xx other than 429) or that could not be read back, by reason.',
      ['plugin', 'signal', 'reason'],
    );
    this.#dropped = counter(
      'outrider_otlp_dropped_total',
      'Accepted items dropped before export (spool full under drop-oldest, stop deadline), by reason.',
      ['plugin', 'signal', 'reason'],
    );
    this.#requests = counter('outrider_otlp_requests_total', 'OTLP/HTTP requests received, by response status code.', [
      'plugin',
      'signal',
      'code',
    ]);
    this.#overflow = counter(
      'outrider_otlp_series_overflow_total',
      'Metric points past their metric\'s series cap: folded into its otel_metric_overflow="true" series, or refused when that series keeps as many streams as it may.',
      ['plugin', 'metric'],
    );
    this.#boundsMerged = counter(
      'outrider_otlp_overflow_bounds_merged_total',
      'Histogram points folded into an overflow series with other bucket bounds: both merged onto the bounds they share.',
      ['plugin', 'metric'],
    );
    this.#retries = counter('outrider_otlp_export_retries_total', 'Export attempts that are retried.', [
      'plugin',
      'signal',
    ]);
    this.#exportDuration = histogram(registry, {
      name: 'outrider_otlp_export_duration_seconds',
      help: 'Duration of one export request to the backend, by outcome (success, retry, failed).',
      labelNames: ['plugin', 'signal', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.#queueItems = gauge('outrider_otlp_queue_items', 'Items waiting in memory to be spooled.', [
      'plugin',
      'signal',
    ]);
    this.#spoolBytes = gauge('outrider_otlp_spool_bytes', 'Bytes in the disk spool.', ['plugin']);
    this.#spoolMaxBytes = gauge('outrider_otlp_spool_max_bytes', 'The disk spool bound (exporter.spool.maxBytes).', [
      'plugin',
    ]);
    this.#spoolItems = gauge('outrider_otlp_spool_items', 'Items in the disk spool, waiting for export.', [
      'plugin',
      'signal',
    ]);
    this.#inflightBytes = gauge('outrider_otlp_inflight_bytes', 'Request bytes accepted but not yet spooled.', [
      'plugin',
    ]);
    this.#series = gauge('outrider_otlp_series', 'Prometheus series made from OTLP metrics.', ['plugin']);
    this.#deleteFailures = counter(
      'outrider_otlp_spool_delete_failures_total',
      'Failed deletes of exported spool records (each is retried).',
      ['plugin'],
    );
    this.#undeleted = gauge(
      'outrider_otlp_spool_undeleted_records',
      'Exported spool records still on disk because deleting them failed; a restart would send them again.',
      ['plugin'],
    );
    this.#deleteFailures.inc({ plugin }, 0);
    this.#connectionsRefused = counter(
      'outrider_otlp_connections_refused_total',
      'Connections to the OTLP receiver closed at once because receiver.maxConnections were open.',
      ['plugin'],
    );
    this.#connectionsRefused.inc({ plugin }, 0);
    this.#attributesLimited = counter(
      'outrider_otlp_attributes_limited_total',
      'Attributes of spans, span events and links, log records and metric points dropped past limits.maxAttributes, or values truncated to limits.maxAttributeValueLength.',
      ['plugin', 'signal', 'action'],
    );
    for (const signal of ['traces', 'logs', 'metrics'])
      for (const action of ['dropped', 'truncated']) this.#attributesLimited.inc({ plugin, signal, action }, 0);
    this.#memoryBytes = gauge(
      'outrider_otlp_memory_bytes',
      'What the in-memory trace store holds, as accounted against memory.maxBytes.',
      ['plugin'],
    );
    this.#memoryEvicted = counter(
      'outrider_otlp_memory_evicted_total',
      'Traces and their spans evicted from the in-memory store by memory.maxTraces or memory.maxBytes.',
      ['plugin', 'unit'],
    );
    for (const unit of ['traces', 'spans']) this.#memoryEvicted.inc({ plugin, unit }, 0);
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      for (const outcome of ['received', 'accepted', 'exported']) this.#items.inc({ plugin, signal, outcome }, 0);
    }
    // Series at 0 from the first scrape, so rates and `> 0` alerts see a drop or a refusal when it happens.
    const DROPS: DropReason[] = ['spool_full', 'stopped', 'queue_full'];
    const FAILURES: FailReason[] = ['rejected_by_backend', 'retries_exhausted', 'spool_unreadable'];
    for (const signal of ['traces', 'logs'] as const) {
      for (const reason of DROPS) this.#dropped.inc({ plugin, signal, reason }, 0);
      for (const reason of FAILURES) this.#failed.inc({ plugin, signal, reason }, 0);
      this.#refused.inc({ plugin, signal, reason: 'spool_full' }, 0);
    }
  }

  items(signal: Signal, outcome: 'received' | 'accepted' | 'exported', count: number): void {
    this.#items.inc({ plugin: this.#plugin, signal, outcome }, count);
  }

  refused(signal: Signal, reason: string, count: number): void {
    this.#refused.inc({ plugin: this.#plugin, signal, reason }, count);
  }

  metricPointsRefused(reason: string, count: number): void {
    this.refused('metrics', reason, count);
  }

  failed(signal: Signal, reason: FailReason, count: number): void {
    this.#failed.inc({ plugin: this.#plugin, signal, reason }, count);
  }

  dropped(signal: Signal, reason: DropReason, count: number): void {
    this.#dropped.inc({ plugin: this.#plugin, signal, reason }, count);
  }

  request(signal: Signal, code: number): void {
    this.#requests.inc({ plugin: this.#plugin, signal, code: String(code) });
  }

  seriesOverflow(metric: string): void {
    this.#overflow.inc({ plugin: this.#plugin, metric });
  }

  overflowBoundsMerged(metric: string): void {
    this.#boundsMerged.inc({ plugin: this.#plugin, metric });
  }

  retry(signal: Signal): void {
    this.#retries.inc({ plugin: this.#plugin, signal });
  }

  exportDuration(signal: Signal, outcome: 'success' | 'retry' | 'failed', seconds: number): void {
    this.#exportDuration.observe({ plugin: this.#plugin, signal, outcome }, seconds);
  }

  queueItems(signal: Signal, count: number): void {
    this.#queueItems.set({ plugin: this.#plugin, signal }, count);
  }

  spool(bytes: number, items: Readonly<Record<'traces' | 'logs', number>>): void {
    this.#spoolBytes.set({ plugin: this.#plugin }, bytes);
    this.#spoolItems.set({ plugin: this.#plugin, signal: 'traces' }, items.traces);
    this.#spoolItems.set({ plugin: this.#plugin, signal: 'logs' }, items.logs);
  }

  attributesLimited(signal: Signal, dropped: number, truncated: number): void {
    this.#attributesLimited.inc({ plugin: this.#plugin, signal, action: 'dropped' }, dropped);
    this.#attributesLimited.inc({ plugin: this.#plugin, signal, action: 'truncated' }, truncated);
  }

  memoryBytes(bytes: number): void {
    this.#memoryBytes.set({ plugin: this.#plugin }, bytes);
  }

  memoryEvicted(traces: number, spans: number): void {
    this.#memoryEvicted.inc({ plugin: this.#plugin, unit: 'traces' }, traces);
    this.#memoryEvicted.inc({ plugin: this.#plugin, unit: 'spans' }, spans);
  }

  connectionRefused(): void {
    this.#connectionsRefused.inc({ plugin: this.#plugin });
  }

  spoolDeleteFailed(): void {
    this.#deleteFailures.inc({ plugin: this.#plugin });
  }

  spoolUndeleted(records: number): void {
    this.#undeleted.set({ plugin: this.#plugin }, records);
  }

  spoolLimit(bytes: number): void {
    this.#spoolMaxBytes.set({ plugin: this.#plugin }, bytes);
  }

  inflightBytes(bytes: number): void {
    this.#inflightBytes.set({ plugin: this.#plugin }, bytes);
  }

  series(count: number): void {
    this.#series.set({ plugin: this.#plugin }, count);
  }
}
