import { describe, expect, it } from 'vitest';
import { ManualClock, ModuleManager } from '../src/index.js';
import { RecordingModule } from './recording-module.js';

describe('health roll-up', () => {
  it('is healthy when every module runs and says so', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(new RecordingModule('a', clock, [], { health: () => ({ status: 'healthy' }) }));
    manager.register(new RecordingModule('b', clock, []));
    await manager.startAll();

    const health = await manager.health();

    expect(health.status).toBe('healthy');
    expect(health.modules.a).toEqual({ state: 'running', required: true, status: 'healthy' });
  });

  it('is degraded, not unhealthy, when only an optional module failed', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(new RecordingModule('core', clock, []));
    manager.register(new RecordingModule('extra', clock, [], { failInitialize: true }), { required: false });
    await manager.startAll();

    const health = await manager.health();

    expect(health.status).toBe('degraded');
    expect(health.modules.extra).toMatchObject({ status: 'unhealthy', required: false, detail: 'module is failed' });
  });

  it('is unhealthy when a required module failed, and says which', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(new RecordingModule('core', clock, [], { failInitialize: true }));
    manager.register(new RecordingModule('extra', clock, []), { required: false });
    await manager.startAll();

    const health = await manager.health();

    expect(health.status).toBe('unhealthy');
    expect(health.modules.core?.status).toBe('unhealthy');
    expect(health.modules.extra?.status).toBe('healthy');
  });

  it('reports a module whose health() throws as unhealthy with the reason', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(
      new RecordingModule('db', clock, [], {
        health: () => {
          throw new Error('ping timed out');
        },
      }),
    );
    await manager.startAll();

    const health = await manager.health();

    expect(health.modules.db).toMatchObject({ status: 'unhealthy', detail: 'health check failed: ping timed out' });
    expect(health.status).toBe('unhealthy');
  });

  it('counts a degraded module as degraded overall', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(
      new RecordingModule('cache', clock, [], { health: () => ({ status: 'degraded', detail: 'slow' }) }),
    );
    await manager.startAll();
    expect((await manager.health()).status).toBe('degraded');
  });
});
