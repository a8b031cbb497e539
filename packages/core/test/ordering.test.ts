import { describe, expect, it } from 'vitest';
import { ManualClock, ModuleManager } from '../src/index.js';
import { RecordingModule } from './recording-module.js';

describe('startAll ordering', () => {
  it('starts every module after the modules it depends on', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(new RecordingModule('api', clock, journal, { dependsOn: ['db', 'cache'] }));
    manager.register(new RecordingModule('cache', clock, journal, { dependsOn: ['db'] }));
    manager.register(new RecordingModule('db', clock, journal));

    const report = await manager.startAll();

    expect(report).toEqual({ running: ['api', 'cache', 'db'], failed: [], blocked: [] });
    const starts = journal.filter((line) => line.startsWith('start')).map((line) => line.split('@')[0]);
    expect(starts).toEqual(['start db', 'start cache', 'start api']);
  });

  it('starts independent modules in parallel, so start-up takes the longest chain, not the sum', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    // chain a -> b -> c of 100 ms each, and ten independent modules of 100 ms.
    manager.register(new RecordingModule('a', clock, journal, { startMs: 100 }));
    manager.register(new RecordingModule('b', clock, journal, { startMs: 100, dependsOn: ['a'] }));
    manager.register(new RecordingModule('c', clock, journal, { startMs: 100, dependsOn: ['b'] }));
    for (let i = 0; i < 10; i++) manager.register(new RecordingModule(`solo${i}`, clock, journal, { startMs: 100 }));

    let done = false;
    const started = manager.startAll().then(() => {
      done = true;
    });
    await clock.runUntil(() => done);
    await started;

    expect(clock.now()).toBe(300);
    expect(journal).toContain('start solo9@0');
    expect(journal).toContain('start b@100');
    expect(journal).toContain('start c@200');
  });

  it('does not wait for a whole wave: a module starts as soon as its own dependencies run', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(new RecordingModule('slow', clock, journal, { startMs: 500 }));
    manager.register(new RecordingModule('fast', clock, journal, { startMs: 10 }));
    manager.register(new RecordingModule('after-fast', clock, journal, { dependsOn: ['fast'] }));

    let done = false;
    const started = manager.startAll().then(() => {
      done = true;
    });
    await clock.runUntil(() => done);
    await started;

    expect(journal).toContain('start after-fast@10');
  });

  it('shares one start between concurrent startAll calls: nothing starts twice', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('db', clock, [], { startMs: 10 });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(module);
    const both = Promise.all([manager.startAll(), manager.startAll()]);
    await clock.advance(10);
    const [first, second] = await both;
    expect(first).toEqual(second);
    expect(module.starts).toBe(1);
    await manager.startAll();
    expect(module.starts).toBe(1);
  });

  it('rejects a second module with the same name', () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock });
    manager.register(new RecordingModule('db', clock, []));
    expect(() => manager.register(new RecordingModule('db', clock, []))).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_MODULE_DUPLICATE', module: 'db' }),
    );
  });

  it('hands each module its config, a child logger and a clock', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('db', clock, []);
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(module, { config: { url: 'postgres://x' } });
    await manager.startAll();
    expect(module.ctx?.config).toEqual({ url: 'postgres://x' });
    expect(module.ctx?.name).toBe('db');
    expect(module.ctx?.clock).toBe(clock);
    expect(module.ctx?.signal.aborted).toBe(false);
    await manager.stopAll();
    expect(module.ctx?.signal.aborted).toBe(true);
  });
});
