import { definePlugin } from '@outrider/plugin-api';
import { otlpConfigSchema } from './config.js';
import { otlpDashboards } from './dashboards.js';
import { OtlpModule } from './otlp-module.js';

/** The OTLP pipeline plugin: `use: otlp` (the sidecar's embedded default runs it with `{}`). */
export const plugin = definePlugin({
  name: 'otlp',
  version: '0.1.0',
  stability: 'beta',
  description:
    'OTLP/HTTP receiver on 127.0.0.1:4318: metrics become Prometheus series, traces and logs go through a disk spool to an OTLP backend (or stay in memory).',
  configSchema: otlpConfigSchema,
  dashboards: otlpDashboards,
  create: (ctx, config) => new OtlpModule(ctx, config),
});
