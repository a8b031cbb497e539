import { config, type MixinConfig } from '../config.js';
import type { DashboardDefinition } from '../lib/dashboard.js';
import { cacheRow } from '../rows/cache.js';
import { distributedCacheRow } from '../rows/distributed-cache.js';
import { locksRow } from '../rows/locks.js';
import { logsRow } from '../rows/logs.js';
import { queueRow } from '../rows/queue.js';
import { retryRow } from '../rows/retry.js';
import { schedulerRow } from '../rows/scheduler.js';
import { websocketRow } from '../rows/websocket.js';

export function sdkDashboard({ thresholds }: MixinConfig): DashboardDefinition {
  return {
    uid: 'outrider-sdk',
    title: 'Outrider service SDK',
    description:
      'Cache hit rate and its Redis level, retry attempts, scheduler runs, lag, failures and locks, batch queues, WebSockets, log lines.',
    tags: ['sdk'],
    variableSource: config.variableSources.sdk,
    rows: [
      cacheRow(thresholds),
      distributedCacheRow(),
      retryRow(),
      schedulerRow(thresholds),
      locksRow(),
      queueRow(),
      websocketRow(),
      logsRow(),
    ],
  };
}
