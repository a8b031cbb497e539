import type { InstrumentationScope, Resource } from './otlp-types.js';
import { otlpProto } from './proto.js';
import type { SpooledSignal } from './spool.js';
import { shapeOf, WireReader } from './wire-check.js';

/** Field names of the resource and scope levels and the records, per signal (the same numbers for both). */
export const LEVELS = {
  traces: { resources: 'resourceSpans', scopes: 'scopeSpans', records: 'spans' },
  logs: { resources: 'resourceLogs', scopes: 'scopeLogs', records: 'logRecords' },
} as const;

/** A scope-level entry whose records are still the bytes they arrived as. */
export interface RawScopeEntry {
  scope: InstrumentationScope | null;
  schemaUrl: string;
  records: Buffer[];
}

export interface RawResourceEntry {
  resource: Resource | null;
  schemaUrl: string;
  scopes: RawScopeEntry[];
}

// Field numbers, identical in ExportTrace/LogsServiceRequest, ResourceSpans/Logs and ScopeSpans/Logs.
const ENTRIES = 1;
const RESOURCE_OR_SCOPE = 1;
const CHILDREN = 2;
const SCHEMA_URL = 3;

/**
 * A protobuf trace or logs request, decoded only down to its resources and scopes: each span or
 * log record is checked against its definition (every nested message's framing, as a decode
 * would fail on) but kept as a view of the body. What the sender acknowledges then lives as one
 * body Buffer plus a view per record, not thousands of objects per request, and the spool writes
 * those bytes as they came. Throws WireFormatError (or protobufjs's error) on malformed input.
 */
export function decodeRawRecords(signal: SpooledSignal, body: Buffer): RawResourceEntry[] {
  const { levelTypes } = otlpProto();
  const recordShape = shapeOf(levelTypes[signal]);
  const reader = new WireReader(body);
  const entries: RawResourceEntry[] = [];
  const end = body.length;
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    if (tag === ((ENTRIES << 3) | 2)) {
      // length() moves pos past the varint, so it is read first.
      const entryEnd = reader.length(end) + reader.pos;
      entries.push(resourceEntry(reader, entryEnd, body, recordShape));
    } else reader.skip(tag & 7, end, 0);
  }
  return entries;
}

function resourceEntry(
  reader: WireReader,
  end: number,
  body: Buffer,
  recordShape: ReturnType<typeof shapeOf>,
): RawResourceEntry {
  const entry: RawResourceEntry = { resource: null, schemaUrl: '', scopes: [] };
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    if (tag === ((RESOURCE_OR_SCOPE << 3) | 2)) {
      const length = reader.length(end);
      entry.resource = otlpProto().levelTypes.resource.decode(
        body.subarray(reader.pos, reader.pos + length),
      ) as Resource;
      reader.pos += length;
    } else if (tag === ((CHILDREN << 3) | 2)) {
      const scopeEnd = reader.length(end) + reader.pos;
      entry.scopes.push(scopeEntry(reader, scopeEnd, body, recordShape));
    } else if (tag === ((SCHEMA_URL << 3) | 2)) {
      const length = reader.length(end);
      entry.schemaUrl = body.toString('utf8', reader.pos, reader.pos + length);
      reader.pos += length;
    } else reader.skip(tag & 7, end, 0);
  }
  return entry;
}

function scopeEntry(
  reader: WireReader,
  end: number,
  body: Buffer,
  recordShape: ReturnType<typeof shapeOf>,
): RawScopeEntry {
  const entry: RawScopeEntry = { scope: null, schemaUrl: '', records: [] };
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    if (tag === ((RESOURCE_OR_SCOPE << 3) | 2)) {
      const length = reader.length(end);
      entry.scope = otlpProto().levelTypes.scope.decode(
        body.subarray(reader.pos, reader.pos + length),
      ) as InstrumentationScope;
      reader.pos += length;
    } else if (tag === ((CHILDREN << 3) | 2)) {
      const length = reader.length(end);
      const from = reader.pos;
      const recordEnd = from + length;
      reader.check(recordShape, recordEnd, 1);
      entry.records.push(body.subarray(from, recordEnd));
    } else if (tag === ((SCHEMA_URL << 3) | 2)) {
      const length = reader.length(end);
      entry.schemaUrl = body.toString('utf8', reader.pos, reader.pos + length);
      reader.pos += length;
    } else reader.skip(tag & 7, end, 0);
  }
  return entry;
}
