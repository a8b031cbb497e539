import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createService, defineModule, ModuleManager } from '../src/index.js';

describe('defineModule', () => {
  it('runs a real HTTP server through a service start and stop', async () => {
    let server: Server | undefined;
    const service = createService({
      name: 'hello',
      telemetry: false,
      signals: false,
      logger: { console: false },
      modules: [
        defineModule({
          name: 'http',
          start: () =>
            new Promise<void>((ready) => {
              server = createServer((_, response) => response.end('hi')).listen(0, '127.0.0.1', ready);
            }),
          stop: () => new Promise<void>((done) => server?.close(() => done())),
        }),
      ],
    });
    await service.start();
    const { port } = (server as Server).address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hi');
    await service.stop();
    expect(server?.listening).toBe(false);
    expect(service.manager.status()[0]?.state).toBe('stopped');
  });

  it('stops only what started, once, and starts again on restart', async () => {
    const events: string[] = [];
    const module = defineModule({
      name: 'counted',
      start: (ctx) => {
        events.push(`start ${ctx.name}`);
      },
      stop: () => {
        events.push('stop');
      },
    });
    await module.stop(new AbortController().signal);
    expect(module.status).toBe('stopped');
    const manager = new ModuleManager().register(module);
    await manager.startAll();
    expect(module.status).toBe('running');
    await manager.restart('counted');
    await manager.stopAll();
    await module.stop(new AbortController().signal);
    expect(events).toEqual(['start counted', 'stop', 'start counted', 'stop']);
  });

  it('passes health through', async () => {
    const module = defineModule({ name: 'h', start: () => {}, health: () => ({ status: 'degraded', detail: 'slow' }) });
    expect(await module.health?.()).toEqual({ status: 'degraded', detail: 'slow' });
  });
});
