import type { ResourceEntry, ScopeEntry } from './otlp-types.js';
import { codecs } from './proto.js';
import type { QueueItem } from './queue-item.js';
import type { SpooledSignal } from './spool.js';

/** Field names of the resource and scope levels and the records, per signal. */
const SHAPE = {
  traces: { resources: 'resourceSpans', scopes: 'scopeSpans', records: 'spans' },
  logs: { resources: 'resourceLogs', scopes: 'scopeLogs', records: 'logRecords' },
} as const;

type Level = Record<string, unknown>;

/** The spans or log records of a decoded request as queue items; cheap: only references are copied. */
export function flatten(signal: SpooledSignal, request: Level): QueueItem[] {
  const shape = SHAPE[signal];
  const items: QueueItem[] = [];
  for (const resource of (request[shape.resources] as Level[] | undefined) ?? []) {
    for (const scope of (resource[shape.scopes] as Level[] | undefined) ?? []) {
      for (const record of (scope[shape.records] as unknown[] | undefined) ?? []) {
        items.push({ resource: resource as ResourceEntry, scope: scope as ScopeEntry, record });
      }
    }
  }
  return items;
}

/**
 * A batch of queue items as one OTLP export request (protobuf): items are regrouped under their
 * resource and scope, so a batch mixing several requests keeps each span's resource.
 */
export function encodeBatch(signal: SpooledSignal, batch: readonly QueueItem[]): Uint8Array {
  const shape = SHAPE[signal];
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
  const entries: Level[] = [];
  for (const [resource, scopes] of resources) {
    const scopeEntries: Level[] = [];
    for (const [scope, records] of scopes) {
      scopeEntries.push({ scope: scope.scope, schemaUrl: scope.schemaUrl, [shape.records]: records });
    }
    entries.push({ resource: resource.resource, schemaUrl: resource.schemaUrl, [shape.scopes]: scopeEntries });
  }
  return codecs[signal].request.encode({ [shape.resources]: entries }).finish();
}
