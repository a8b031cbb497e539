import { metrics } from '@opentelemetry/api';
import type { Cache, WebSocketMonitor } from '@outrider/sdk';

/**
 * Gauges and counters read from the SDK pieces' own `stats()` at each OTLP export, so the cache
 * and the WebSocket monitor reach the sidecar's /metrics through OTLP, without a scrape of the demo.
 */
export function observeSdkStats(serviceName: string, cache: Cache<unknown>, monitor: WebSocketMonitor): void {
  const meter = metrics.getMeter(serviceName);
  const cacheRequests = meter.createObservableCounter('demo.cache.requests', {
    unit: '{request}',
    description: 'Cache reads by result (hit, miss).',
  });
  const cacheEntries = meter.createObservableGauge('demo.cache.entries', {
    unit: '{entry}',
    description: 'Entries in the quotes cache.',
  });
  const wsConnections = meter.createObservableGauge('demo.ws.connections', {
    unit: '{connection}',
    description: 'Open WebSocket connections, per room.',
  });
  const wsMessages = meter.createObservableCounter('demo.ws.messages', {
    unit: '{message}',
    description: 'WebSocket messages by room and direction (in, out), counted by WebSocketMonitor.',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const stats = cache.stats();
      result.observe(cacheRequests, stats.hits, { result: 'hit' });
      result.observe(cacheRequests, stats.misses, { result: 'miss' });
      result.observe(cacheEntries, stats.size);
      for (const [room, roomStats] of Object.entries(monitor.stats())) {
        result.observe(wsConnections, roomStats.connectionsCurrent, { room });
        result.observe(wsMessages, roomStats.messagesIn, { room, direction: 'in' });
        result.observe(wsMessages, roomStats.messagesOut, { room, direction: 'out' });
      }
    },
    [cacheRequests, cacheEntries, wsConnections, wsMessages],
  );
}
