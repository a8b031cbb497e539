import type { ResourceEntry, ScopeEntry } from './otlp-types.js';
import { otlpProto } from './proto.js';
import type { QueueItem } from './queue-item.js';
import type { RawResourceEntry } from './raw-records.js';

/** The spans or log records of a decoded request as queue items; cheap: only references are copied. */
export function flatten(request: readonly RawResourceEntry[]): QueueItem[] {
  const items: QueueItem[] = [];
  for (const resource of request) {
    for (const scope of resource.scopes) {
      for (const record of scope.records) items.push({ resource, scope, record });
    }
  }
  return items;
}

// Tags (field number << 3 | length-delimited), the same at every level of trace and logs requests.
const FIELD_1 = (1 << 3) | 2;
const FIELD_2 = (2 << 3) | 2;
const FIELD_3 = (3 << 3) | 2;

/**
 * A batch of queue items as one OTLP export request (protobuf): items are regrouped under their
 * resource and scope, so a batch mixing several requests keeps each span's resource. Records are
 * protobuf bytes (as they arrived, or written from JSON) and are copied in, not re-encoded.
 */
export function encodeBatch(batch: readonly QueueItem[]): Uint8Array {
  const resources = new Map<ResourceEntry, Map<ScopeEntry, unknown[]>>();
  for (const { resource, scope, record } of batch) {
    let scopes = resources.get(resource);
    if (scopes === undefined) {
      scopes = new Map();
      resources.set(resource, scopes);
    }
    let records = scopes.get(scope);
    if (records === undefined) {
      records = [];
      scopes.set(scope, records);
    }
    records.push(record);
  }
  const { levelTypes, Writer } = otlpProto();
  const writer = Writer.create();
  for (const [resource, scopes] of resources) {
    writer.uint32(FIELD_1).fork();
    if (resource.resource) levelTypes.resource.encode(resource.resource, writer.uint32(FIELD_1).fork()).ldelim();
    for (const [scope, records] of scopes) {
      writer.uint32(FIELD_2).fork();
      if (scope.scope) levelTypes.scope.encode(scope.scope, writer.uint32(FIELD_1).fork()).ldelim();
      for (const record of records) writer.uint32(FIELD_2).bytes(record as Uint8Array);
      if (scope.schemaUrl) writer.uint32(FIELD_3).string(scope.schemaUrl);
      writer.ldelim();
    }
    if (resource.schemaUrl) writer.uint32(FIELD_3).string(resource.schemaUrl);
    writer.ldelim();
  }
  return writer.finish();
}
