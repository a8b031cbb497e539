import type { KeyValue, Span } from './otlp-types.js';
import { attributesJson, attributeText } from './prometheus-naming.js';
import { levelTypes } from './proto.js';
import type { QueueItem } from './queue-item.js';
import { bytesField } from './wire-check.js';

export interface SpanJson {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  service: string;
  scope: string;
  attributes: Record<string, unknown>;
  status: { code: number; message: string };
}

export interface TraceJson {
  traceId: string;
  service: string;
  spans: SpanJson[];
}

/** A span as it arrives: decoded (from JSON) or its protobuf bytes (see raw-records.ts). */
export type SpanRecord = Span | Uint8Array;

/** A span as kept: the record and what it needs of its resource and scope (not the whole request). */
interface HeldSpan {
  span: SpanRecord;
  service: string;
  scope: string;
}

interface HeldTrace {
  traceId: string;
  service: string;
  spans: HeldSpan[];
}

/** Bounds one trace, so a runaway trace cannot fill memory. */
const MAX_SPANS_PER_TRACE = 1000;

/** Span.trace_id, read from a span kept as bytes. */
const TRACE_ID_FIELD = 1;

/** Hex of an id; decoded ids are Buffers already (views into the request body), so no copy is made. */
const hex = (bytes: Uint8Array | null | undefined) => {
  if (!bytes || bytes.length === 0) return '';
  if (Buffer.isBuffer(bytes)) return bytes.toString('hex');
  // protobufjs's default for an absent bytes field may be a plain array.
  const view = ArrayBuffer.isView(bytes)
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : Buffer.from(bytes);
  return view.toString('hex');
};

function serviceName(attributes: KeyValue[] | null | undefined): string {
  const found = attributes?.find((kv) => kv.key === 'service.name');
  return found ? attributeText(found.value) : '';
}

/**
 * The embedded exporter when no endpoint is configured: the last `maxTraces` traces (by last
 * span received), served at `GET /api/traces/recent`, newest first. Spans are kept as they came
 * (protobuf bytes are copied out of the request body, so a kept span does not pin the whole body)
 * and decoded and turned into JSON only when asked for, so ingest pays for a map insert, not a conversion.
 */
export class MemoryTraceStore {
  readonly #maxTraces: number;
  /** Insertion order is recency: a trace that gets a span moves to the end. */
  readonly #traces = new Map<string, HeldTrace>();

  constructor(maxTraces: number) {
    this.#maxTraces = maxTraces;
  }

  get size(): number {
    return this.#traces.size;
  }

  add(batch: readonly QueueItem<SpanRecord>[]): void {
    let lastResource: unknown;
    let service = '';
    for (const { resource, scope, record: span } of batch) {
      if (resource !== lastResource) {
        lastResource = resource;
        service = serviceName(resource.resource?.attributes);
      }
      const raw = span instanceof Uint8Array;
      const traceId = hex(raw ? bytesField(span, TRACE_ID_FIELD) : span.traceId);
      let trace = this.#traces.get(traceId);
      if (trace === undefined) trace = { traceId, service, spans: [] };
      else this.#traces.delete(traceId);
      this.#traces.set(traceId, trace);
      if (trace.spans.length < MAX_SPANS_PER_TRACE) {
        trace.spans.push({ span: raw ? Buffer.from(span) : span, service, scope: scope.scope?.name ?? '' });
      }
    }
    while (this.#traces.size > this.#maxTraces) {
      const oldest = this.#traces.keys().next().value as string;
      this.#traces.delete(oldest);
    }
  }

  /** Newest first; at most `limit` traces. */
  recent(limit = this.#maxTraces): TraceJson[] {
    return [...this.#traces.values()]
      .reverse()
      .slice(0, limit)
      .map((trace) => ({
        traceId: trace.traceId,
        service: trace.service,
        spans: trace.spans.map((held) => toSpanJson(held.span, held.service, held.scope)),
      }));
  }
}

function toSpanJson(record: SpanRecord, service: string, scope: string): SpanJson {
  const span = record instanceof Uint8Array ? (levelTypes.traces.decode(record) as unknown as Span) : record;
  // Nanosecond times exceed 2^53: subtract exactly, as BigInts of their decimal text.
  const start = String(span.startTimeUnixNano ?? 0);
  const end = String(span.endTimeUnixNano ?? 0);
  return {
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    parentSpanId: hex(span.parentSpanId),
    name: span.name,
    kind: span.kind ?? 0,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Math.max(0, Number(BigInt(end) - BigInt(start)) / 1e6),
    service,
    scope,
    attributes: attributesJson(span.attributes),
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}
