import type { KeyValue, Span } from './otlp-types.js';
import { attributesJson, attributeText } from './prometheus-naming.js';
import type { QueueItem } from './queue-item.js';

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

/** Bounds one trace, so a runaway trace cannot fill memory. */
const MAX_SPANS_PER_TRACE = 1000;

const hex = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : '');

function serviceName(attributes: KeyValue[] | null | undefined): string {
  const found = attributes?.find((kv) => kv.key === 'service.name');
  return found ? attributeText(found.value) : '';
}

/**
 * The embedded exporter when no endpoint is configured: the last `maxTraces` traces (by last
 * span received), served at `GET /api/traces/recent`, newest first.
 */
export class MemoryTraceStore {
  readonly #maxTraces: number;
  /** Insertion order is recency: a trace that gets a span moves to the end. */
  readonly #traces = new Map<string, TraceJson>();

  constructor(maxTraces: number) {
    this.#maxTraces = maxTraces;
  }

  get size(): number {
    return this.#traces.size;
  }

  add(batch: readonly QueueItem<Span>[]): void {
    for (const { resource, scope, record: span } of batch) {
      const traceId = hex(span.traceId);
      let trace = this.#traces.get(traceId);
      const service = serviceName(resource.resource?.attributes);
      if (trace === undefined) trace = { traceId, service, spans: [] };
      else this.#traces.delete(traceId);
      this.#traces.set(traceId, trace);
      if (trace.spans.length < MAX_SPANS_PER_TRACE)
        trace.spans.push(toSpanJson(span, service, scope.scope?.name ?? ''));
    }
    while (this.#traces.size > this.#maxTraces) {
      const oldest = this.#traces.keys().next().value as string;
      this.#traces.delete(oldest);
    }
  }

  /** Newest first; at most `limit` traces. */
  recent(limit = this.#maxTraces): TraceJson[] {
    return [...this.#traces.values()].reverse().slice(0, limit);
  }
}

function toSpanJson(span: Span, service: string, scope: string): SpanJson {
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
