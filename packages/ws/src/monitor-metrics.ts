import { counter, gauge } from '@outrider/metrics';
import type { Registry } from 'prom-client';
import { addMetricSource } from './pulled-metrics.js';
import type { RoomStats } from './room-stats.js';

interface Source {
  rooms(): ReadonlyMap<string, RoomStats>;
}

type Read = (stats: RoomStats) => number | undefined;

/** Registers the monitor metrics (once per registry) and reports `source`'s rooms through them. */
export function reportMonitorMetrics(registry: Registry, source: Source): () => void {
  return addMetricSource(registry, 'ws-monitor', source, (sources) => {
    const roomGauge = (name: string, help: string, read: Read) =>
      gauge(registry, {
        name,
        help,
        labelNames: ['room'],
        collect() {
          this.reset();
          for (const monitor of sources) {
            for (const [room, stats] of monitor.rooms()) {
              const value = read(stats);
              if (value !== undefined) this.set({ room }, value);
            }
          }
        },
      });
    const roomCounter = (name: string, help: string, read: Read) =>
      counter(registry, {
        name,
        help,
        labelNames: ['room'],
        collect() {
          this.reset();
          for (const monitor of sources) {
            for (const [room, stats] of monitor.rooms()) this.inc({ room }, read(stats) ?? 0);
          }
        },
      });
    const inOut = (name: string, help: string, readIn: Read, readOut: Read) =>
      counter(registry, {
        name,
        help,
        labelNames: ['room', 'direction'],
        collect() {
          this.reset();
          for (const monitor of sources) {
            for (const [room, stats] of monitor.rooms()) {
              this.inc({ room, direction: 'in' }, readIn(stats) ?? 0);
              this.inc({ room, direction: 'out' }, readOut(stats) ?? 0);
            }
          }
        },
      });
    roomGauge('outrider_ws_connections', 'Open WebSocket connections.', (s) => s.connectionsCurrent);
    roomCounter('outrider_ws_connections_opened_total', 'WebSocket connections opened.', (s) => s.connectionsTotal);
    roomCounter('outrider_ws_errors_total', 'WebSocket socket errors.', (s) => s.errors);
    roomCounter('outrider_ws_dead_peers_total', 'Peers terminated for not answering a ping.', (s) => s.deadPeers);
    roomGauge('outrider_ws_room_start_timestamp_seconds', 'When the room was first seen.', (s) => s.startedAt / 1000);
    roomGauge('outrider_ws_last_activity_timestamp_seconds', 'Last connection or message in the room.', (s) =>
      s.lastActivityAt === undefined ? undefined : s.lastActivityAt / 1000,
    );
    inOut(
      'outrider_ws_messages_total',
      'WebSocket messages, by direction.',
      (s) => s.messagesIn,
      (s) => s.messagesOut,
    );
    inOut(
      'outrider_ws_message_bytes_total',
      'WebSocket payload bytes, by direction.',
      (s) => s.bytesIn,
      (s) => s.bytesOut,
    );
  });
}
