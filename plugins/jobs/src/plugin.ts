import { definePlugin } from '@outrider/plugin-api';
import { jobsConfigSchema } from './config.js';
import { jobsDashboards } from './dashboards.js';
import { JobsModule } from './jobs-module.js';

/** `use: jobs`: interval and cron jobs from config (HTTP calls, commands) on the sidecar's scheduler. */
export const plugin = definePlugin({
  name: 'jobs',
  version: '0.1.0',
  stability: 'beta',
  description: 'Interval and cron jobs from config: HTTP calls and commands, with timeouts and per-job metrics.',
  configSchema: jobsConfigSchema,
  dashboards: jobsDashboards,
  create: (ctx, config) => new JobsModule(ctx, config),
});
