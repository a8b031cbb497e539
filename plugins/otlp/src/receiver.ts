import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzip } from 'node:zlib';
import type protobuf from 'protobufjs';
import { otlpErrors } from './error-codes.js';
import { decodeJsonRecords } from './json-records.js';
import { decodeOtlpJson } from './otlp-json.js';
import { otlpProto, type Signal } from './proto.js';
import { decodeRawRecords, type RawResourceEntry } from './raw-records.js';

// node:http through process.getBuiltinModule, not `import`: an ES import of node:http makes Node load its
// bundled undici (for the WebSocket getters on the module), about 13 MB of RSS the receiver never uses.
const { createServer } = process.getBuiltinModule('node:http');

export type BodyFormat = 'protobuf' | 'json';

/** What a handler answers: 200 with an optional partial success, or an error status. */
export type HandlerResult =
  | { status: 200; rejected?: number; errorMessage?: string }
  | { status: 429 | 503; message: string; retryAfterMs: number };

/** Connection limits, the same kinds the sidecar's HTTP port has (see docs/http.md). */
export interface ConnectionLimits {
  /** Headers and body must have arrived within this long (headers alone: this long, too). */
  requestTimeoutMs: number;
  /** A connection with no request in progress and no bytes for this long is closed. */
  idleTimeoutMs: number;
  /** Open connections; more are closed as they arrive. */
  maxConnections: number;
}

export interface ReceiverHooks {
  /** Bytes accepted and not yet released; above `maxInflightBytes` new requests get 429. */
  inflightBytes(): number;
  maxInflightBytes(): number;
  maxBodyBytes(): number;
  retryAfterMs(): number;
  reserve(bytes: number): void;
  release(bytes: number): void;
  /** Handles a decoded request: traces and logs come as raw entries (raw-records.ts, json-records.ts). */
  handle(signal: Signal, request: protobuf.Message | RawResourceEntry[]): Promise<HandlerResult> | HandlerResult;
  /** Told of every response, for the request counters. */
  responded(signal: Signal, status: number, reason: string): void;
  /** Told of every connection closed at once because `maxConnections` are open. */
  connectionRefused(): void;
}

const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };
const PARTIAL_FIELDS: Record<Signal, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};
/** google.rpc.Code values for error bodies. */
const RPC_CODE: Record<number, number> = { 400: 3, 404: 5, 405: 12, 413: 11, 415: 3, 429: 8, 500: 13, 503: 14 };

/**
 * Memory a request holds once decoded, per byte of body: protobufjs messages take about 8× the
 * protobuf bytes (measured on 1000-span requests; see bench/), JSON about 4× its larger text plus
 * the parse. The memory limit counts these estimates, not bare wire bytes.
 */
const DECODED_PER_BODY_BYTE: Record<BodyFormat, number> = { protobuf: 8, json: 5 };

class BodyTooLarge extends Error {}
class OverMemoryLimit extends Error {}

function formatOf(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

/**
 * Reads a body up to `limit` bytes. `onBytes` is told of every chunk as it arrives (with or without
 * Content-Length, so a chunked body is accounted too) and returns false when the memory limit is
 * passed; reading then stops.
 */
function readBody(request: IncomingMessage, limit: number, onBytes: (total: number) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      request.removeAllListeners('data');
      request.resume();
      reject(error);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(new BodyTooLarge());
      if (!onBytes(size)) return stop(new OverMemoryLimit());
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    request.on('error', reject);
    // A sender that hangs up mid-body must not leave its reservation behind.
    request.on('close', () => {
      if (!request.complete) reject(new Error('the sender closed the connection mid-body'));
    });
  });
}

function gunzipLimited(body: Buffer, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    gunzip(body, { maxOutputLength: limit }, (error, result) => {
      if (error === null) resolve(result);
      else reject((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? new BodyTooLarge() : error);
    }),
  );
}

/**
 * The OTLP/HTTP receiver: `POST /v1/{traces,metrics,logs}` with protobuf or JSON bodies, gzip or
 * not. Status codes follow the OTLP/HTTP spec; refusals carry `Retry-After` so SDK exporters back off.
 */
export class OtlpReceiver {
  readonly #hooks: ReceiverHooks;
  #server: Server | undefined;

  constructor(hooks: ReceiverHooks) {
    this.#hooks = hooks;
  }

  get address(): { host: string; port: number } | undefined {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    return address ? { host: address.address, port: address.port } : undefined;
  }

  async listen(host: string, port: number, limits: ConnectionLimits): Promise<{ host: string; port: number }> {
    const server = createServer(
      {
        headersTimeout: limits.requestTimeoutMs,
        requestTimeout: limits.requestTimeoutMs + 1000,
        keepAliveTimeout: limits.idleTimeoutMs,
        connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(limits.requestTimeoutMs / 4))),
      },
      (request, response) => {
        this.#serve(request, response).catch((error: unknown) => {
          if (!response.headersSent) this.#error(response, 'json', 500, `internal error: ${String(error)}`);
        });
      },
    );
    // Backstop for any socket that goes quiet (mid-body included); Node destroys it when no one listens for 'timeout'.
    server.setTimeout(limits.idleTimeoutMs + limits.requestTimeoutMs);
    server.maxConnections = limits.maxConnections;
    server.on('drop', () => this.#hooks.connectionRefused());
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          otlpErrors.create(
            'OUTRIDER_OTLP_RECEIVER_UNAVAILABLE',
            `OTLP receiver cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
            {
              cause: error,
              details: { host, port },
            },
          ),
        ),
      );
      server.listen(port, host, () => resolve());
    });
    this.#server = server;
    return this.address as { host: string; port: number };
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }

  /** Ends connections still open (requests in flight) once the stop deadline is near. */
  closeAll(): void {
    this.#server?.closeAllConnections();
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const hooks = this.#hooks;
    const path = (request.url ?? '/').split('?', 1)[0] as string;
    const signal = PATHS[path];
    const format = formatOf(request.headers['content-type']);
    if (signal === undefined) {
      this.#error(
        response,
        format ?? 'json',
        404,
        `no OTLP endpoint at ${path}; use /v1/traces, /v1/metrics or /v1/logs`,
      );
      return;
    }
    const refuse = (status: number, reason: string, message: string, retryAfterMs?: number) => {
      hooks.responded(signal, status, reason);
      this.#error(response, format ?? 'json', status, message, retryAfterMs);
    };
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      refuse(405, 'method_not_allowed', `${request.method} is not allowed; OTLP/HTTP takes POST`);
      return;
    }
    if (format === undefined) {
      refuse(
        415,
        'unsupported_media_type',
        `content type "${request.headers['content-type'] ?? ''}" is not application/x-protobuf or application/json`,
      );
      return;
    }
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'identity') {
      refuse(415, 'unsupported_encoding', `content encoding "${encoding}" is not supported; use gzip or none`);
      return;
    }
    const limit = hooks.maxBodyBytes();
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      refuse(413, 'too_large', `body of ${declared} bytes is over the limit of ${limit}`);
      return;
    }
    // One request alone is bounded by maxBodyBytes; the limit is about requests piling up.
    const weight = DECODED_PER_BODY_BYTE[format];
    const inflight = hooks.inflightBytes();
    if (inflight > 0 && inflight + declared * weight > hooks.maxInflightBytes()) {
      refuse(429, 'memory_limit', 'the receiver is over its memory limit; retry later', hooks.retryAfterMs());
      return;
    }
    // Reserved up front for a declared length, then topped up as bytes arrive (chunked bodies have none).
    let reserved = declared * weight;
    hooks.reserve(reserved);
    const accountArrived = (total: number): boolean => {
      const needed = total * weight;
      if (needed <= reserved) return true;
      hooks.reserve(needed - reserved);
      reserved = needed;
      const inflight = hooks.inflightBytes();
      // As up front: one request alone is bounded by maxBodyBytes, so only a request among others is refused.
      return inflight - reserved <= 0 || inflight <= hooks.maxInflightBytes();
    };
    try {
      let body: Buffer;
      try {
        body = await readBody(request, limit, accountArrived);
        if (encoding === 'gzip') body = await gunzipLimited(body, limit);
      } catch (error) {
        if (error instanceof BodyTooLarge) refuse(413, 'too_large', `body is over the limit of ${limit} bytes`);
        else if (error instanceof OverMemoryLimit) {
          // The rest of the body is not read: end the connection after the answer.
          response.setHeader('connection', 'close');
          refuse(429, 'memory_limit', 'the receiver is over its memory limit; retry later', hooks.retryAfterMs());
        } else
          refuse(400, 'malformed', `body could not be read: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      hooks.reserve(body.length * weight - reserved);
      reserved = body.length * weight;
      const codec = otlpProto().codecs[signal];
      let message: protobuf.Message | RawResourceEntry[];
      try {
        if (signal === 'metrics') {
          message =
            format === 'json'
              ? (decodeOtlpJson(body.toString('utf8'), signal) as unknown as protobuf.Message)
              : codec.request.decode(body);
        } else message = format === 'json' ? decodeJsonRecords(signal, body) : decodeRawRecords(signal, body);
      } catch (error) {
        refuse(
          400,
          'malformed',
          `malformed ${format} ${signal} request: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      const result = await hooks.handle(signal, message);
      if (result.status !== 200) {
        refuse(result.status, result.status === 429 ? 'refused' : 'unavailable', result.message, result.retryAfterMs);
        return;
      }
      hooks.responded(signal, 200, 'ok');
      this.#success(response, signal, format, result.rejected ?? 0, result.errorMessage ?? '');
    } finally {
      hooks.release(reserved);
    }
  }

  #success(response: ServerResponse, signal: Signal, format: BodyFormat, rejected: number, errorMessage: string): void {
    const partial =
      rejected > 0 || errorMessage !== '' ? { [PARTIAL_FIELDS[signal]]: rejected, errorMessage } : undefined;
    if (format === 'protobuf') {
      const body = otlpProto()
        .codecs[signal].response.encode(partial ? { partialSuccess: partial } : {})
        .finish();
      response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': body.length });
      response.end(body);
      return;
    }
    const json = partial
      ? JSON.stringify({ partialSuccess: { ...partial, [PARTIAL_FIELDS[signal]]: String(rejected) } })
      : '{}';
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    response.end(json);
  }

  #error(response: ServerResponse, format: BodyFormat, status: number, message: string, retryAfterMs?: number): void {
    const code = RPC_CODE[status] ?? 2;
    const headers: Record<string, string | number> = {};
    if (retryAfterMs !== undefined) headers['retry-after'] = Math.max(1, Math.ceil(retryAfterMs / 1000));
    let body: Uint8Array | string;
    if (format === 'protobuf') {
      body = otlpProto().statusType.encode({ code, message }).finish();
      headers['content-type'] = 'application/x-protobuf';
    } else {
      body = JSON.stringify({ code, message });
      headers['content-type'] = 'application/json';
    }
    headers['content-length'] = Buffer.byteLength(body);
    response.writeHead(status, headers);
    response.end(body);
  }
}
