import { definePlugin } from '@outrider/plugin-api';
import { configSchema } from './config.js';
import { probeDashboards } from './dashboards.js';
import { HttpProbe } from './http-probe.js';

export const plugin = definePlugin({
  name: 'http-probe',
  version: '0.1.0',
  stability: 'beta',
  description: 'Blackbox HTTP(S) probes: status, body match and per-phase timings on prime-period schedules.',
  configSchema,
  dashboards: probeDashboards,
  create: (ctx, config) => new HttpProbe(ctx, config),
});
