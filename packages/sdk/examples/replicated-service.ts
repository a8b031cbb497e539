import { createService, defineModule, Scheduler } from '@outrider/sdk';

interface Quote {
  symbol: string;
  price: number;
}

// Run as many copies as you like against one Redis (REPLICAS_REDIS__URL, default redis://127.0.0.1:6379):
// each fire of `refresh` runs on one of them, and an invalidation in one evicts in all.
const service = createService({
  name: 'replicas',
  redis: true,
  modules: [
    ({ redis, registry, logger }) => {
      if (redis === undefined) throw new Error('redis: true always hands the modules a connection');
      const quotes = redis.distributedCache<Quote>({ name: 'quotes', max: 1_000, ttl: 60_000 });
      const scheduler = new Scheduler({ lock: redis.lockProvider(), registry });
      scheduler.add({
        id: 'refresh',
        every: '5s',
        run: async ({ fencingToken }) => {
          await quotes.invalidateTag('prices');
          logger.info({ fence: fencingToken }, 'prices invalidated in every replica');
        },
      });
      return defineModule({
        name: 'quotes',
        start: async () => {
          await quotes.start();
          await scheduler.start();
          await quotes.getOrSet('ACME', () => ({ symbol: 'ACME', price: 101 }), { tags: ['prices'] });
        },
        stop: async (signal) => {
          await scheduler.stop(signal);
          await quotes.stop();
        },
      });
    },
  ],
  telemetry: false,
});
await service.start();
