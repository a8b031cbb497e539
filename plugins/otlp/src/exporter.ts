import { type Clock, isOutriderError, type Logger } from '@outrider/core';
import { withRetry } from '@outrider/retry';
import type { OwnMetrics } from './own-metrics.js';
import type { Spool, SpoolRecord } from './spool.js';

/** A failed export attempt: `retryable` for 429, 5xx and network errors; `retryAfter` from the header. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfter?: string,
  ) {
    super(message);
  }
}

export interface ExporterOptions {
  /** Base URL; `/v1/traces` and `/v1/logs` are appended. */
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** `none` (default): a 3xx is not followed. `same-origin`: followed only to the endpoint's scheme, host and port. */
  redirects: 'none' | 'same-origin';
  minDelayMs: number;
  maxDelayMs: number;
  clock: Clock;
  logger: Logger;
  own: OwnMetrics;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
/** Same-origin hops followed for one export before it counts as a failed attempt. */
const MAX_REDIRECTS = 5;

/**
 * Sends spooled records to an OTLP/HTTP backend in spool order, one at a time: retries 429, 5xx
 * and network errors with backoff (a `Retry-After` wins), gives up on other 4xx (counted as
 * failed), and removes a record from the spool only once the backend accepted it.
 */
export class SpoolExporter {
  readonly #options: ExporterOptions;
  readonly #spool: Spool;
  readonly #urls: Record<'traces' | 'logs', string>;
  #retrying = false;

  constructor(spool: Spool, options: ExporterOptions) {
    this.#spool = spool;
    this.#options = options;
    const base = options.endpoint.replace(/\/+$/, '');
    this.#urls = { traces: `${base}/v1/traces`, logs: `${base}/v1/logs` };
  }

  /** True while the current record is being retried (the backend is failing). */
  get retrying(): boolean {
    return this.#retrying;
  }

  /** Exports until `signal` aborts; what is not exported stays in the spool for the next run. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const record = this.#spool.take();
      if (record === undefined) {
        await this.#spool.waitForRecord(signal);
        continue;
      }
      await this.#exportRecord(record, signal);
    }
  }

  async #exportRecord(record: SpoolRecord, signal: AbortSignal): Promise<void> {
    const { own, logger } = this.#options;
    const read = await this.#spool.read(record);
    if ('unreadable' in read) {
      logger.error(
        { file: record.file, problem: read.unreadable, items: record.count },
        'spool record unreadable: quarantined, not sent',
      );
      own.failed(record.signal, 'spool_unreadable', record.count);
      return;
    }
    const payload = read.payload;
    try {
      await withRetry((attempt) => this.#send(record, payload, attempt.signal), {
        retries: Number.POSITIVE_INFINITY,
        minDelay: this.#options.minDelayMs,
        maxDelay: this.#options.maxDelayMs,
        timeout: this.#options.timeoutMs,
        retryOn: (error) => !(error instanceof ExportError) || error.retryable,
        signal,
        clock: this.#options.clock,
        operation: `otlp export ${record.signal}`,
        onRetry: ({ error, delay }) => {
          this.#retrying = true;
          own.retry(record.signal);
          logger.warn({ err: error instanceof Error ? error.message : String(error), delayMs: delay }, 'export retry');
        },
      });
      this.#retrying = false;
      own.items(record.signal, 'exported', record.count);
      await this.#spool.remove(record);
    } catch (error) {
      this.#retrying = false;
      if (signal.aborted || isOutriderError(error, 'OUTRIDER_ABORTED')) {
        this.#spool.release(record);
        return;
      }
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'backend refused a batch');
      own.failed(record.signal, 'rejected_by_backend', record.count);
      await this.#spool.remove(record);
    }
  }

  async #send(record: SpoolRecord, payload: Buffer, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const headers: Record<string, string> = {
      ...this.#options.headers,
      'content-type': 'application/x-protobuf',
    };
    if (record.gzip) headers['content-encoding'] = 'gzip';
    let url = this.#urls[record.signal];
    let response: Response;
    for (let hops = 0; ; hops++) {
      try {
        // Redirects are never left to fetch: spans and secret headers must not follow a 3xx to another host.
        response = await fetch(url, { method: 'POST', headers, body: payload, signal, redirect: 'manual' });
        // Read the body so the connection goes back to the pool.
        await response.arrayBuffer();
      } catch (error) {
        this.#options.own.exportDuration(record.signal, 'retry', (performance.now() - started) / 1000);
        if (signal.aborted) throw error;
        throw new ExportError(`network error: ${error instanceof Error ? error.message : String(error)}`, true);
      }
      if (!REDIRECT_STATUS.has(response.status)) break;
      const next = this.#redirectTarget(url, response.headers.get('location'), hops);
      if (typeof next !== 'string') {
        this.#options.own.exportDuration(record.signal, 'retry', (performance.now() - started) / 1000);
        // Kept in the spool and retried: a backend that redirects is misconfigured, not refusing the data.
        throw new ExportError(`backend answered ${response.status}: ${next.refused}`, true, response.status);
      }
      url = next;
    }
    const seconds = (performance.now() - started) / 1000;
    if (response.ok) {
      this.#options.own.exportDuration(record.signal, 'success', seconds);
      return;
    }
    const retryable = RETRYABLE_STATUS.has(response.status) || response.status >= 500;
    this.#options.own.exportDuration(record.signal, retryable ? 'retry' : 'failed', seconds);
    throw new ExportError(
      `backend answered ${response.status}`,
      retryable,
      response.status,
      response.headers.get('retry-after') ?? undefined,
    );
  }

  /** Where a 3xx may be followed to, or why it is not. */
  #redirectTarget(from: string, location: string | null, hops: number): string | { refused: string } {
    if (this.#options.redirects === 'none') return { refused: 'redirects are not followed (exporter.redirects: none)' };
    if (location === null) return { refused: 'redirect without a Location' };
    if (hops >= MAX_REDIRECTS) return { refused: `more than ${MAX_REDIRECTS} redirects` };
    let target: URL;
    try {
      target = new URL(location, from);
    } catch {
      return { refused: 'redirect to an invalid URL' };
    }
    if (target.origin !== new URL(from).origin)
      return { refused: `redirect to another origin (${target.origin}) refused` };
    return target.href;
  }
}
