import { describe, expect, it } from 'vitest';
import { ManualClock, ModuleManager } from '../src/index.js';
import { RecordingModule, stateOf } from './recording-module.js';

async function startAllOn(clock: ManualClock, manager: ModuleManager) {
  let done = false;
  const started = manager.startAll().finally(() => {
    done = true;
  });
  await clock.runUntil(() => done);
  return started;
}

describe('phase deadlines', () => {
  it('reports a module whose start hangs as failed at its deadline, blocks its dependents, and starts the rest', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, deadlines: { start: 2_000 } });
    manager.register(new RecordingModule('stuck', clock, journal, { hangStart: true }));
    manager.register(new RecordingModule('needs-stuck', clock, journal, { dependsOn: ['stuck'] }));
    manager.register(new RecordingModule('independent', clock, journal));

    const report = await startAllOn(clock, manager);

    expect(report).toEqual({ running: ['independent'], failed: ['stuck'], blocked: ['needs-stuck'] });
    expect(clock.now()).toBe(2_000);
    const stuck = manager.status().find((entry) => entry.name === 'stuck');
    expect(stuck?.lastError).toEqual({
      code: 'OUTRIDER_DEADLINE_EXCEEDED',
      message: 'module "stuck" did not finish start within 2000 ms',
    });
    expect(journal.some((line) => line.startsWith('start needs-stuck'))).toBe(false);
  });

  it('retries a hung start under the restart policy, like a throwing one', async () => {
    const clock = new ManualClock();
    const flaky = new RecordingModule('hangs-once', clock, [], { hangStarts: 1 });
    const dependent = new RecordingModule('dependent', clock, [], { dependsOn: ['hangs-once'] });
    const manager = new ModuleManager({
      clock,
      healthCheckInterval: 0,
      deadlines: { start: 2_000 },
      restart: { minDelay: 1_000, jitter: false, maxRestarts: 3 },
    });
    const delays: number[] = [];
    manager.on('restart', (event) => delays.push(event.delayMs));
    manager.register(flaky).register(dependent);

    expect((await startAllOn(clock, manager)).failed).toEqual(['hangs-once']);
    await clock.runUntil(() => stateOf(manager.status(), 'dependent') === 'running');

    expect(flaky.starts).toBe(2);
    expect(delays).toEqual([1_000]);
    expect(manager.status().find((entry) => entry.name === 'hangs-once')).toMatchObject({
      state: 'running',
      restarts: 1,
    });
    await manager.stopAll();
  });

  it('gives up on a start that always hangs once the restart budget is spent', async () => {
    const clock = new ManualClock();
    const stuck = new RecordingModule('stuck', clock, [], { hangStart: true });
    const manager = new ModuleManager({
      clock,
      healthCheckInterval: 0,
      deadlines: { start: 2_000 },
      restart: { minDelay: 1_000, jitter: false, maxRestarts: 2 },
    });
    manager.register(stuck);
    await startAllOn(clock, manager);
    await clock.runUntil(() => stateOf(manager.status(), 'stuck') === 'failed');

    expect(stuck.starts).toBe(3);
    expect(manager.status()[0]?.lastError?.code).toBe('OUTRIDER_RESTART_LIMIT');
    expect(manager.status()[0]?.lastError?.message).toContain('did not finish start within 2000 ms');
  });

  it('lets one module override the default deadline', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, deadlines: { start: 100 } });
    manager.register(new RecordingModule('slow-but-allowed', clock, [], { startMs: 5_000 }), {
      deadlines: { start: 10_000 },
    });
    manager.register(new RecordingModule('slow', clock, [], { startMs: 5_000 }));

    const report = await startAllOn(clock, manager);

    expect(report.running).toEqual(['slow-but-allowed']);
    expect(report.failed).toEqual(['slow']);
  });

  it('does not retry a module whose initialize throws, and says why', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('bad-config', clock, [], { failInitialize: true });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(module);

    const report = await startAllOn(clock, manager);

    expect(report.failed).toEqual(['bad-config']);
    expect(module.starts).toBe(0);
    expect(manager.status()[0]?.lastError).toEqual({
      code: 'OUTRIDER_MODULE_INIT_FAILED',
      message: 'module "bad-config" failed to initialize: bad-config cannot initialize',
    });
  });

  it('gives up on a stop that hangs past its deadline and still stops the others', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, deadlines: { stop: 1_000 } });
    manager.register(new RecordingModule('base', clock, journal));
    manager.register(new RecordingModule('hangs-on-stop', clock, journal, { dependsOn: ['base'], stopMs: 60_000 }));
    await manager.startAll();

    let done = false;
    const stopped = manager.stopAll().finally(() => {
      done = true;
    });
    await clock.runUntil(() => done);
    await stopped;

    expect(clock.now()).toBe(1_000);
    expect(stateOf(manager.status(), 'hangs-on-stop')).toBe('failed');
    expect(stateOf(manager.status(), 'base')).toBe('stopped');
    expect(journal.at(-1)).toBe('stop base@1000');
  });
});
