import { definePlugin } from '@outrider/plugin-api';
import { processConfigSchema } from './config.js';
import { processDashboards } from './dashboards.js';
import { ProcessModule } from './process-module.js';

/** `use: process`: watch a pid / pid file, or supervise a command. */
export const plugin = definePlugin({
  name: 'process',
  version: '0.1.0',
  stability: 'beta',
  description: 'Watch or supervise a process: CPU, memory, fds, threads, restarts and its last log lines.',
  configSchema: processConfigSchema,
  dashboards: processDashboards,
  create: (ctx, config) => new ProcessModule(ctx, config),
});
