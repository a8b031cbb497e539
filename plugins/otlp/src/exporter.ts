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
  minDelayMs: number;
  maxDelayMs: number;
  clock: Clock;
  logger: Logger;
  own: OwnMetrics;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

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
    let payload: Buffer;
    try {
      payload = await this.#spool.read(record);
    } catch (error) {
      logger.error({ err: error, file: record.file }, 'spool record unreadable, dropped');
      own.failed(record.signal, 'spool_unreadable', record.count);
      await this.#spool.remove(record);
      return;
    }
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
    let response: Response;
    try {
      response = await fetch(this.#urls[record.signal], { method: 'POST', headers, body: payload, signal });
      // Read the body so the connection goes back to the pool.
      await response.arrayBuffer();
    } catch (error) {
      this.#options.own.exportDuration(record.signal, 'retry', (performance.now() - started) / 1000);
      if (signal.aborted) throw error;
      throw new ExportError(`network error: ${error instanceof Error ? error.message : String(error)}`, true);
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
}
