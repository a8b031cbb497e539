import { config } from '../config.js';
import type { DashboardDefinition } from '../lib/dashboard.js';
import { cacheRow } from '../rows/cache.js';
import { logsRow } from '../rows/logs.js';
import { queueRow } from '../rows/queue.js';
import { retryRow } from '../rows/retry.js';
import { schedulerRow } from '../rows/scheduler.js';
import { websocketRow } from '../rows/websocket.js';

export function sdkDashboard(): DashboardDefinition {
  return {
    uid: 'outrider-sdk',
    title: 'Outrider service SDK',
    description:
      'Cache hit rate, retry attempts, scheduler runs, lag and failures, batch queues, WebSockets, log lines.',
    tags: ['sdk'],
    variableSource: config.variableSources.sdk,
    rows: [cacheRow(), retryRow(), schedulerRow(), queueRow(), websocketRow(), logsRow()],
  };
}
