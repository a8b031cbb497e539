import { describe, expect, it } from 'vitest';
import { ManualClock, ModuleManager } from '../src/index.js';
import { RecordingModule } from './recording-module.js';

describe('stopAll', () => {
  it('stops in reverse dependency order', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager
      .register(new RecordingModule('db', clock, journal))
      .register(new RecordingModule('repo', clock, journal, { dependsOn: ['db'] }))
      .register(new RecordingModule('api', clock, journal, { dependsOn: ['repo', 'db'] }));
    await manager.startAll();
    journal.length = 0;

    await manager.stopAll();

    expect(journal.map((line) => line.split('@')[0])).toEqual(['stop api', 'stop repo', 'stop db']);
    expect(manager.status().map((entry) => entry.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('is idempotent: a second call stops nothing twice', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('db', clock, []);
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(module);
    await manager.startAll();

    await Promise.all([manager.stopAll(), manager.stopAll()]);
    await manager.stopAll();

    expect(module.stops).toBe(1);
  });

  it('is safe before startAll, and takes no new work after', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('db', clock, []);
    const manager = new ModuleManager({ clock });
    manager.register(module);

    await manager.stopAll();

    expect(module.stops).toBe(0);
    expect(manager.status()[0]?.state).toBe('registered');
    await expect(manager.startAll()).rejects.toMatchObject({ code: 'OUTRIDER_MANAGER_STOPPED' });
  });

  it('cuts a restart backoff short instead of waiting it out', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('flaky', clock, [], { failStarts: Number.POSITIVE_INFINITY });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { minDelay: 60_000, maxRestarts: 5 } });
    manager.register(module);
    const started = manager.startAll();
    await clock.advance(0);

    await manager.stopAll();
    await started;

    expect(module.starts).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
