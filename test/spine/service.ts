// A service as a user writes it with @outrider/sdk: telemetry on (to OTEL_EXPORTER_OTLP_ENDPOINT), one
// module counting orders with an OpenTelemetry counter. The spine test runs it as its own process.
import { metrics } from '@opentelemetry/api';
import { createService, defineModule } from '@outrider/sdk';

const service = createService({
  name: 'spine-service',
  telemetry: { metricExportInterval: 200, exportTimeout: 1_000 },
  modules: [
    () => {
      const orders = metrics.getMeter('spine-service').createCounter('spine.orders', { description: 'Orders placed' });
      return defineModule({
        name: 'orders',
        start: (ctx) => {
          const timer = setInterval(() => orders.add(1, { region: 'eu' }), 50);
          ctx.signal.addEventListener('abort', () => clearInterval(timer));
        },
      });
    },
  ],
});
await service.start();
