import { createServer } from 'node:http';
import { createService, defineModule } from '@outrider/sdk';
import { z } from 'zod';

const service = createService({
  name: 'hello',
  config: { schema: z.object({ port: z.number().default(3000) }) },
  modules: [
    ({ config, logger }) => {
      const server = createServer((request, response) => {
        logger.info({ url: request.url }, 'request');
        response.end('hi\n');
      });
      return defineModule({
        name: 'http',
        start: () => new Promise<void>((ready) => server.listen(config.port, '127.0.0.1', ready)),
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    },
  ],
});
await service.start();
