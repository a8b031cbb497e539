import { definePlugin } from '@outrider/plugin-api';
import { configSchema } from './config.js';
import { upstreamDashboards } from './dashboards.js';
import { WsMonitor } from './ws-monitor.js';

export const plugin = definePlugin({
  name: 'ws-monitor',
  version: '0.1.0',
  stability: 'beta',
  description: 'Watches upstream WebSockets: up, reconnects, message rate, time since last message, ping round trip.',
  configSchema,
  dashboards: upstreamDashboards,
  create: (ctx, config) => new WsMonitor(ctx, config),
});
