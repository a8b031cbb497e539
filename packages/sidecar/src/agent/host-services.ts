import type { Cache } from '@outrider/cache';
import type { Clock } from '@outrider/core';
import type { OutriderLogger } from '@outrider/logger';
import type { BatchQueue, Scheduler } from '@outrider/scheduler';
import type { Registry } from 'prom-client';
import type { RouteTable } from '../http/route-table.js';

/** What the agent shares with every plugin it hosts. */
export interface HostServices {
  readonly registry: Registry;
  readonly scheduler: Scheduler;
  readonly routes: RouteTable;
  readonly clock: Clock;
  readonly logger: OutriderLogger;
  /** The sidecar's state directory; each instance gets `<stateDir>/<instance>`. */
  readonly stateDir: string;
  /** Caches and queues plugins made, by owning instance: listed by /api/cache/stats and /api/tasks/queue/stats. */
  readonly caches: Map<string, Set<Cache<unknown>>>;
  readonly queues: Map<string, Set<BatchQueue<unknown>>>;
}
