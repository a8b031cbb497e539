import type { KeyValue } from './otlp-types.js';
import { otlpProto } from './proto.js';
import type { QueueItem } from './queue-item.js';
import type { SpooledSignal } from './spool.js';
import { WireReader } from './wire-check.js';

export interface AttributeLimits {
  /**
   * Attributes per span, span event, span link or log record (OTel's AttributeCountLimit, and its
   * per-event and per-link limits); the rest are dropped.
   */
  maxAttributes: number;
  /** Characters of a string value (OTel's AttributeValueLengthLimit); longer ones are truncated. */
  maxValueLength: number;
}

/** What `applyAttributeLimits` did to a batch of records. */
export interface LimitOutcome {
  dropped: number;
  truncated: number;
}

/** Span.attributes = 9, LogRecord.attributes = 6 (wire tags, length-delimited). */
const ATTRIBUTES_TAG: Record<SpooledSignal, number> = { traces: (9 << 3) | 2, logs: (6 << 3) | 2 };
/** Span.events = 11 (Event.attributes = 3) and Span.links = 13 (Link.attributes = 5): their tags. */
const NESTED_TAGS: Record<SpooledSignal, ReadonlyMap<number, number>> = {
  traces: new Map([
    [(11 << 3) | 2, (3 << 3) | 2],
    [(13 << 3) | 2, (5 << 3) | 2],
  ]),
  logs: new Map(),
};
const NONE: ReadonlyMap<number, number> = new Map();

interface Limited {
  attributes?: KeyValue[] | null;
  droppedAttributesCount?: number | null;
  /** A span's events and links: each held to the same limits. */
  events?: Limited[] | null;
  links?: Limited[] | null;
}

/**
 * Whether the message in `record[start, end)` may pass the limits: its attribute count, and no
 * attribute entry longer than a value could be; the same for the events and links of a span. One
 * pass over the tags, no allocation; a record that fails it is decoded and trimmed exactly.
 */
function withinLimits(
  record: Uint8Array,
  start: number,
  end: number,
  tag: number,
  nested: ReadonlyMap<number, number>,
  limits: AttributeLimits,
): boolean {
  const reader = new WireReader(record, start);
  let count = 0;
  while (reader.pos < end) {
    const read = reader.uint32(end);
    const inner = nested.get(read);
    if (read === tag || inner !== undefined) {
      const length = reader.length(end);
      if (inner !== undefined) {
        if (!withinLimits(record, reader.pos, reader.pos + length, inner, NONE, limits)) return false;
      } else if (++count > limits.maxAttributes || length > limits.maxValueLength + 256) {
        // UTF-8 may take 4 bytes a character; a key is bounded by the same slack.
        return false;
      }
      reader.pos += length;
    } else reader.skip(read & 7, end, 0);
  }
  return true;
}

/** Whether a decoded record (or one of its events or links) is over the limits. */
function overLimits(record: Limited, limits: AttributeLimits): boolean {
  const attributes = record.attributes ?? [];
  if (attributes.length > limits.maxAttributes) return true;
  if (attributes.some((a) => (a.value?.stringValue?.length ?? 0) > limits.maxValueLength)) return true;
  return [...(record.events ?? []), ...(record.links ?? [])].some((part) => overLimits(part, limits));
}

/** Drops attributes past the count and truncates long string values, as the OTel SDK does; counts both. */
function trim(record: Limited, limits: AttributeLimits, outcome: LimitOutcome): void {
  const attributes = record.attributes ?? [];
  if (attributes.length > limits.maxAttributes) {
    const dropped = attributes.length - limits.maxAttributes;
    record.attributes = attributes.slice(0, limits.maxAttributes);
    record.droppedAttributesCount = (record.droppedAttributesCount ?? 0) + dropped;
    outcome.dropped += dropped;
  }
  for (const attribute of record.attributes ?? []) {
    const value = attribute.value;
    if (typeof value?.stringValue === 'string' && value.stringValue.length > limits.maxValueLength) {
      value.stringValue = value.stringValue.slice(0, limits.maxValueLength);
      outcome.truncated++;
    }
  }
  for (const part of [...(record.events ?? []), ...(record.links ?? [])]) trim(part, limits, outcome);
}

/**
 * Applies the attribute limits to a request's spans or log records in place: a record over them is
 * trimmed (a record kept as bytes is decoded, trimmed and encoded again — only then).
 */
export function applyAttributeLimits(signal: SpooledSignal, items: QueueItem[], limits: AttributeLimits): LimitOutcome {
  const outcome: LimitOutcome = { dropped: 0, truncated: 0 };
  const tag = ATTRIBUTES_TAG[signal];
  const nested = NESTED_TAGS[signal];
  const type = otlpProto().levelTypes[signal];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as QueueItem;
    const record = item.record;
    if (record instanceof Uint8Array) {
      if (withinLimits(record, 0, record.length, tag, nested, limits)) continue;
      const decoded = type.decode(record) as unknown as Limited;
      trim(decoded, limits, outcome);
      items[i] = { ...item, record: type.encode(decoded as never).finish() };
    } else if (overLimits(record as Limited, limits)) {
      trim(record as Limited, limits, outcome);
    }
  }
  return outcome;
}
