import type { ResourceEntry, ScopeEntry } from './otlp-types.js';

/**
 * One span or log record waiting in a BatchQueue, with the resource and scope it came under
 * (shared references into the decoded request, so queueing copies nothing).
 */
export interface QueueItem<R = unknown> {
  readonly resource: ResourceEntry;
  readonly scope: ScopeEntry;
  readonly record: R;
}
