import { createService, defineModule } from '@outrider/sdk';

const service = createService({
  name: 'shop',
  // OTLP to a sidecar is on by default; this example runs alone.
  telemetry: false,
  // The ops port. SHOP_OPS__PORT moves it; SHOP_OPS__TOKEN turns the mutating routes on.
  ops: { port: 9465 },
  modules: [
    // Made through the context, the cache and the job are listed on the ops port.
    ({ createCache, scheduler }) => {
      const prices = createCache<number>({ name: 'prices', max: 1000, ttl: 600_000 });
      scheduler.add({ id: 'reprice', every: '5m', run: () => void prices.invalidateTag('eu') });
      return defineModule({
        name: 'prices',
        start: () => {
          prices.set('eu:ACME', 101, { tags: ['eu'] });
          prices.set('us:ACME', 99, { tags: ['us'] });
        },
      });
    },
  ],
});
await service.start();
