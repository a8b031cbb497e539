import { describe, expect, it } from 'vitest';
import { ManualClock, ModuleManager } from '../src/index.js';
import { RecordingModule } from './recording-module.js';

const noJitter = { minDelay: 1_000, maxDelay: 30_000, factor: 2, jitter: false };

describe('adding and removing modules while running', () => {
  it('starts a module registered after startAll without touching the running ones', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    const base = new RecordingModule('base', clock, journal);
    manager.register(base);
    await manager.startAll();

    manager.register(new RecordingModule('added', clock, journal, { dependsOn: ['base'] }));
    await manager.start(['added']);

    expect(base.starts).toBe(1);
    expect(manager.status().map(({ name, state }) => `${name}:${state}`)).toEqual(['base:running', 'added:running']);
  });

  it('rejects a module added with a dependency nobody provides', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    await manager.startAll();
    manager.register(new RecordingModule('orphan', clock, [], { dependsOn: ['ghost'] }));
    await expect(manager.start(['orphan'])).rejects.toMatchObject({ code: 'OUTRIDER_DEPENDENCY_MISSING' });
  });

  it('stops and forgets an unregistered module, blocking what depends on it', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    const removed = new RecordingModule('removed', clock, []);
    manager.register(removed).register(new RecordingModule('dependent', clock, [], { dependsOn: ['removed'] }));
    await manager.startAll();

    await manager.unregister('removed');

    expect(removed.stops).toBe(1);
    expect(manager.status().map(({ name, state }) => `${name}:${state}`)).toEqual(['dependent:blocked']);
    await expect(manager.unregister('removed')).rejects.toMatchObject({ code: 'OUTRIDER_MODULE_UNKNOWN' });
  });

  it('ends the restarts of a module removed while it backs off', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 5 } });
    const flaky = new RecordingModule('flaky', clock, [], { failStarts: Number.POSITIVE_INFINITY });
    manager.register(flaky);
    let done = false;
    const started = manager.startAll().finally(() => {
      done = true;
    });
    await clock.runUntil(() => flaky.starts === 1);

    await manager.unregister('flaky');
    await clock.runUntil(() => done);

    expect((await started).running).toEqual([]);
    expect(flaky.starts).toBe(1);
    expect(manager.status()).toEqual([]);
  });
});
