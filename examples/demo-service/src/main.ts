import { createService } from '@outrider/sdk';
import { demoConfigSchema } from './config.js';
import { createDemo, type Demo } from './demo.js';

let demo: Demo | undefined;
const service = createService({
  name: 'demo-service',
  config: { schema: demoConfigSchema, envPrefix: 'DEMO' },
  // Replicas share the quote cache, a lookup stream and the ticks when a redis: section is configured.
  redis: 'optional',
  // Exports to OTEL_EXPORTER_OTLP_ENDPOINT, else the sidecar's receiver at http://127.0.0.1:4318,
  // metrics every OTEL_METRIC_EXPORT_INTERVAL ms (default 10 s), the service registry included.
  telemetry: { serviceVersion: '0.1.0', exportTimeout: '2s' },
  // Its own ops port: /healthz, /readyz, /metrics, /api/... on loopback. DEMO_OPS__PORT moves it;
  // DEMO_OPS__TOKEN turns the mutating routes (log level, cache invalidation, run a job) on.
  ops: { port: 9465 },
  modules: [
    // Factories run in order, after config and telemetry: the first builds the demo, the others take its parts.
    (context) => {
      demo = createDemo(context);
      return demo.api;
    },
    () => (demo as Demo).board,
  ],
});

const report = await service.start();
if (report.failed.length > 0 || report.blocked.length > 0) {
  // Exit non-zero so a supervisor (the sidecar's process plugin) restarts it with backoff.
  await service.stop();
  process.exitCode = 1;
}
