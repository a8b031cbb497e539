import { Readable } from 'node:stream';
import type { KeyValue, Span } from './otlp-types.js';
import { attributesJson, attributeText } from './prometheus-naming.js';
import { otlpProto } from './proto.js';
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
  events: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  status: { code: number; message: string };
}

export interface TraceJson {
  traceId: string;
  service: string;
  spans: SpanJson[];
}

/**
 * A trace as kept: its spans' protobuf bytes back to back in one buffer of its own (one allocation per
 * trace and batch rather than one per span, whose object and backing-store overhead was most of what a
 * small span cost), with where each ends and what it needs of its resource and scope.
 */
interface HeldTrace {
  /** The map key (traceKey), not the hex id: that is made when the trace is read. */
  key: string;
  service: string;
  /** The spans' bytes from 0 to `used`; room after it for the trace's next spans. */
  data: Uint8Array;
  used: number;
  /** Where each span ends in `data`. */
  ends: number[];
  services: string[];
  scopes: string[];
  bytes: number;
  /** Bumped each time the trace gets a span: newest first, and the pagination cursor. */
  seq: number;
}

export interface MemoryStoreLimits {
  maxTraces: number;
  /** What the kept spans may take, counted as their bytes plus a per-span and per-trace overhead. */
  maxBytes: number;
}

/** Told what was evicted (traces and spans) and what no longer fits in one trace. */
export interface MemoryStoreEvents {
  evicted(traces: number, spans: number): void;
  spanDropped(count: number): void;
}

/** Bounds one trace, so a runaway trace cannot take the whole budget. */
const MAX_SPANS_PER_TRACE = 1000;
/**
 * Overheads past the span bytes: a span's array slots; a trace's object, map entry, arrays and buffer.
 * Measured as live heap plus array buffers after GC, they come to 1.00× the accounted bytes for 10-span traces.
 */
export const SPAN_OVERHEAD_BYTES = 40;
export const TRACE_OVERHEAD_BYTES = 600;

const EMPTY = new Uint8Array(0);
/** Span.trace_id, read from a span kept as bytes. */
const TRACE_ID_FIELD = 1;

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
 * A trace id as a map key without a native call (a hex string per span cost about a fifth of the
 * store's time): a 16-byte id as 8 two-byte characters; any other length as `#` and its hex, which
 * has an odd length, so the two kinds never meet.
 */
function traceKey(id: Uint8Array | undefined): string {
  if (id === undefined || id.length !== 16) return `#${hex(id)}`;
  return String.fromCharCode(
    ((id[0] as number) << 8) | (id[1] as number),
    ((id[2] as number) << 8) | (id[3] as number),
    ((id[4] as number) << 8) | (id[5] as number),
    ((id[6] as number) << 8) | (id[7] as number),
    ((id[8] as number) << 8) | (id[9] as number),
    ((id[10] as number) << 8) | (id[11] as number),
    ((id[12] as number) << 8) | (id[13] as number),
    ((id[14] as number) << 8) | (id[15] as number),
  );
}

function traceIdOf(key: string): string {
  if (key.startsWith('#')) return key.slice(1);
  let id = '';
  for (let i = 0; i < key.length; i++) id += key.charCodeAt(i).toString(16).padStart(4, '0');
  return id;
}

/**
 * The embedded exporter when no endpoint is configured: the most recently updated traces, within
 * `maxTraces` and `maxBytes`, served at `GET /api/traces/recent` newest first, a page at a time.
 * Spans are kept as their protobuf bytes (as they came, or as written from JSON), copied out of the
 * request's buffer, so their size is exact; they are decoded and turned
 * into JSON only when read.
 */
export class MemoryTraceStore {
  readonly #limits: MemoryStoreLimits;
  readonly #events: MemoryStoreEvents;
  /** Insertion order is recency: a trace that gets a span moves to the end. */
  readonly #traces = new Map<string, HeldTrace>();
  #bytes = 0;
  #seq = 0;

  constructor(limits: MemoryStoreLimits, events: MemoryStoreEvents) {
    this.#limits = limits;
    this.#events = events;
  }

  get size(): number {
    return this.#traces.size;
  }

  /** Changes whenever a span is added (eviction only happens then): an ETag for the pages. */
  get version(): number {
    return this.#seq;
  }

  /** What the kept traces take, as accounted against `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  add(batch: readonly QueueItem<Uint8Array>[]): void {
    let lastResource: unknown;
    let service = '';
    let dropped = 0;
    // The batch's spans per trace, still views into the request: copied once per trace, below.
    const added = new Map<HeldTrace, Uint8Array[]>();
    for (const { resource, scope, record: span } of batch) {
      if (resource !== lastResource) {
        lastResource = resource;
        service = serviceName(resource.resource?.attributes);
      }
      const key = traceKey(bytesField(span, TRACE_ID_FIELD));
      let trace = this.#traces.get(key);
      if (trace === undefined) {
        trace = {
          key,
          service,
          data: EMPTY,
          used: 0,
          ends: [],
          services: [],
          scopes: [],
          bytes: TRACE_OVERHEAD_BYTES,
          seq: 0,
        };
        this.#bytes += TRACE_OVERHEAD_BYTES;
      } else this.#traces.delete(key);
      trace.seq = ++this.#seq;
      this.#traces.set(key, trace);
      if (trace.ends.length >= MAX_SPANS_PER_TRACE) {
        dropped++;
        continue;
      }
      trace.ends.push(-1);
      trace.services.push(service);
      trace.scopes.push(scope.scope?.name ?? '');
      const spans = added.get(trace);
      if (spans === undefined) added.set(trace, [span]);
      else spans.push(span);
    }
    for (const [trace, spans] of added) this.#append(trace, spans);
    if (dropped > 0) this.#events.spanDropped(dropped);
    this.#evict();
  }

  /**
   * Copies `spans` after the trace's bytes and fills in their ends. A trace's first batch gets a buffer
   * of its exact size; one that grows again gets at least twice the room, so a trace fed a few spans
   * per batch is not copied whole each time. The budget counts the buffer, room included.
   */
  #append(trace: HeldTrace, spans: Uint8Array[]): void {
    let needed = trace.used;
    for (const span of spans) needed += span.byteLength;
    const before = trace.data.byteLength;
    if (needed > before) {
      // A buffer of its own: a view into the request body or a pooled slab would pin far more than the trace.
      const data = new Uint8Array(trace.used === 0 ? needed : Math.max(needed, 2 * before));
      data.set(trace.data.subarray(0, trace.used));
      trace.data = data;
    }
    let index = trace.ends.length - spans.length;
    for (const span of spans) {
      trace.data.set(span, trace.used);
      trace.used += span.byteLength;
      trace.ends[index++] = trace.used;
    }
    const grown = trace.data.byteLength - before + spans.length * SPAN_OVERHEAD_BYTES;
    trace.bytes += grown;
    this.#bytes += grown;
  }

  /** Oldest first, until both bounds hold; the newest trace stays even if it alone is over the budget. */
  #evict(): void {
    let traces = 0;
    let spans = 0;
    while (
      this.#traces.size > 1 &&
      (this.#traces.size > this.#limits.maxTraces || this.#bytes > this.#limits.maxBytes)
    ) {
      const oldest = this.#traces.values().next().value as HeldTrace;
      this.#traces.delete(oldest.key);
      this.#bytes -= oldest.bytes;
      traces++;
      spans += oldest.ends.length;
    }
    if (traces > 0) this.#events.evicted(traces, spans);
  }

  /** Up to `limit` traces updated before `before` (a `next` cursor; none = from the newest), newest first. */
  page(limit: number, before?: number): { traces: HeldTrace[]; next: number | undefined } {
    const all = [...this.#traces.values()];
    let end = all.length;
    if (before !== undefined) {
      // seq grows along the map's order: binary search for the first trace not older than the cursor.
      let low = 0;
      let high = all.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((all[mid] as HeldTrace).seq < before) low = mid + 1;
        else high = mid;
      }
      end = low;
    }
    const start = Math.max(0, end - limit);
    const traces = all.slice(start, end).reverse();
    return { traces, next: start > 0 ? (all[start] as HeldTrace).seq : undefined };
  }

  /** Newest first; at most `limit` traces (tests and callers that want objects). */
  recent(limit = this.#limits.maxTraces): TraceJson[] {
    return this.page(limit).traces.map(toTraceJson);
  }

  /**
   * One page as a JSON stream: `{"traces":[…],"next":"<cursor>"|null}`, each trace converted only
   * when the reader wants more, so a large page neither blocks the event loop in one piece nor
   * builds one string.
   */
  stream(limit: number, before?: number): Readable {
    const { traces, next } = this.page(limit, before);
    function* chunks(): Generator<string> {
      yield '{"traces":[';
      for (let i = 0; i < traces.length; i++) {
        yield (i === 0 ? '' : ',') + JSON.stringify(toTraceJson(traces[i] as HeldTrace));
      }
      yield `],"next":${next === undefined ? 'null' : JSON.stringify(String(next))}}`;
    }
    return Readable.from(chunks(), { objectMode: false });
  }
}

function toTraceJson(trace: HeldTrace): TraceJson {
  const spans: SpanJson[] = [];
  let start = 0;
  for (let i = 0; i < trace.ends.length; i++) {
    const end = trace.ends[i] as number;
    spans.push(toSpanJson(trace.data.subarray(start, end), trace.services[i] ?? '', trace.scopes[i] ?? ''));
    start = end;
  }
  return { traceId: traceIdOf(trace.key), service: trace.service, spans };
}

function toSpanJson(bytes: Uint8Array, service: string, scope: string): SpanJson {
  const span = otlpProto().levelTypes.traces.decode(bytes) as unknown as Span;
  // Nanosecond times exceed 2^53: subtract exactly, as BigInts of their decimal text.
  const start = String(span.startTimeUnixNano ?? 0);
  const end = String(span.endTimeUnixNano ?? 0);
  return {
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    parentSpanId: hex(span.parentSpanId),
    name: span.name ?? '',
    kind: span.kind ?? 0,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: Math.max(0, Number(BigInt(end) - BigInt(start)) / 1e6),
    service,
    scope,
    attributes: attributesJson(span.attributes),
    events: (span.events ?? []).map((event) => ({
      name: event.name ?? '',
      timeUnixNano: String(event.timeUnixNano ?? 0),
      attributes: attributesJson(event.attributes),
    })),
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}
