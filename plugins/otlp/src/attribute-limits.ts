import type { KeyValue } from './otlp-types.js';
import { levelTypes } from './proto.js';
import type { QueueItem } from './queue-item.js';
import type { SpooledSignal } from './spool.js';
import { WireReader } from './wire-check.js';

export interface AttributeLimits {
  /** Attributes per span or log record (OTel's AttributeCountLimit); the rest are dropped. */
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

interface Limited {
  attributes?: KeyValue[] | null;
  droppedAttributesCount?: number | null;
}

/**
 * Whether a record kept as bytes may pass the limits: its attribute count, and no attribute entry
 * longer than a value could be. One pass over its top-level tags, no allocation; a record that
 * fails it is decoded and trimmed exactly.
 */
function withinLimits(record: Uint8Array, tag: number, limits: AttributeLimits): boolean {
  const reader = new WireReader(record);
  const end = record.length;
  let count = 0;
  while (reader.pos < end) {
    const read = reader.uint32(end);
    if (read === tag) {
      const length = reader.length(end);
      // UTF-8 may take 4 bytes a character; a key is bounded by the same slack.
      if (++count > limits.maxAttributes || length > limits.maxValueLength + 256) return false;
      reader.pos += length;
    } else reader.skip(read & 7, end, 0);
  }
  return true;
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
}

/**
 * Applies the attribute limits to a request's spans or log records in place: a record over them is
 * trimmed (a record kept as bytes is decoded, trimmed and encoded again — only then).
 */
export function applyAttributeLimits(signal: SpooledSignal, items: QueueItem[], limits: AttributeLimits): LimitOutcome {
  const outcome: LimitOutcome = { dropped: 0, truncated: 0 };
  const tag = ATTRIBUTES_TAG[signal];
  const type = levelTypes[signal];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as QueueItem;
    const record = item.record;
    if (record instanceof Uint8Array) {
      if (withinLimits(record, tag, limits)) continue;
      const decoded = type.decode(record) as unknown as Limited;
      trim(decoded, limits, outcome);
      items[i] = { ...item, record: type.encode(decoded as never).finish() };
    } else {
      const limited = record as Limited;
      const count = limited.attributes?.length ?? 0;
      if (
        count > limits.maxAttributes ||
        limited.attributes?.some((a) => (a.value?.stringValue?.length ?? 0) > limits.maxValueLength)
      ) {
        trim(limited, limits, outcome);
      }
    }
  }
  return outcome;
}
