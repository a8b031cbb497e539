import { describe, expect, it } from 'vitest';
import {
  isPermanentError,
  ManualClock,
  ModuleManager,
  OutriderError,
  type RestartEvent,
  type StateChangeEvent,
} from '../src/index.js';
import { RecordingModule, stateOf } from './recording-module.js';

const noJitter = { minDelay: 1_000, maxDelay: 30_000, factor: 2, jitter: false };

function until(clock: ManualClock, done: () => boolean) {
  return clock.runUntil(done);
}

describe('restart policy', () => {
  it('reports a module whose first start throws as failed, then restarts it with backoff until it runs', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('flaky', clock, [], { failStarts: 3 });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 5 } });
    const restarts: RestartEvent[] = [];
    manager.on('restart', (event) => restarts.push(event));
    manager.register(module);

    const report = await manager.startAll();
    expect(report.failed).toEqual(['flaky']);
    expect(clock.now()).toBe(0);
    expect(manager.status()[0]?.state).toBe('starting');

    await until(clock, () => manager.status()[0]?.state === 'running');
    expect(module.starts).toBe(4);
    expect(restarts.map((event) => event.delayMs)).toEqual([1_000, 2_000, 4_000]);
    expect(clock.now()).toBe(7_000);
    expect(manager.status()[0]).toMatchObject({ state: 'running', restarts: 3 });
  });

  it('marks the module failed once it has used up its restarts in the window', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('broken', clock, [], { failStarts: Number.POSITIVE_INFINITY });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 3 } });
    manager.register(module);

    expect((await manager.startAll()).failed).toEqual(['broken']);
    await until(clock, () => manager.status()[0]?.state === 'failed');

    expect(module.starts).toBe(4);
    const [status] = manager.status();
    expect(status).toMatchObject({ state: 'failed', restarts: 3 });
    expect(status?.lastError?.code).toBe('OUTRIDER_RESTART_LIMIT');
    expect(status?.lastError?.message).toContain('broken start #4 failed');
  });

  it('fails a start at once, without retrying, when no retry can fix its error', async () => {
    const clock = new ManualClock();
    const inUse = () =>
      Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:9464'), {
        code: 'EADDRINUSE',
      });
    const module = new RecordingModule('listener', clock, [], { failStarts: 1, startError: inUse });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 5 } });
    const restarts: RestartEvent[] = [];
    manager.on('restart', (event) => restarts.push(event));
    manager.register(module);

    expect((await manager.startAll()).failed).toEqual(['listener']);
    await clock.advance(120_000);

    expect(module.starts).toBe(1);
    expect(restarts).toEqual([]);
    expect(manager.status()[0]).toMatchObject({ state: 'failed', restarts: 0 });
    expect(manager.status()[0]?.lastError?.code).toBe('OUTRIDER_MODULE_START_FAILED');
    expect(isPermanentError(new OutriderError('OUTRIDER_TIMEOUT', 'x', { permanent: true }))).toBe(true);
    expect(isPermanentError(new Error('ECONNREFUSED'))).toBe(false);
  });

  it('stops retrying when stopAll runs while a start is being retried', async () => {
    const clock = new ManualClock();
    const module = new RecordingModule('flaky', clock, [], { failStarts: Number.POSITIVE_INFINITY });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 5 } });
    manager.register(module);
    await manager.startAll();
    await clock.advance(1_000);
    expect(module.starts).toBe(2);

    await manager.stopAll();
    await clock.advance(120_000);

    expect(module.starts).toBe(2);
    expect(manager.status()[0]?.state).toBe('stopped');
    expect(clock.pendingTimers).toBe(0);
  });

  it('jitters backoff between half and all of the exponential delay', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({
      clock,
      healthCheckInterval: 0,
      random: () => 0,
      restart: { minDelay: 1_000, factor: 2, jitter: true, maxRestarts: 5 },
    });
    const delays: number[] = [];
    manager.on('restart', (event) => delays.push(event.delayMs));
    manager.register(new RecordingModule('flaky', clock, [], { failStarts: 2 }));
    await manager.startAll();
    await until(clock, () => manager.status()[0]?.state === 'running');
    expect(delays).toEqual([500, 1_000]);
  });

  it('restarts a running module that reports a failure, blocking its dependents meanwhile', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const db = new RecordingModule('db', clock, journal);
    const api = new RecordingModule('api', clock, journal, { dependsOn: ['db'] });
    const other = new RecordingModule('other', clock, journal);
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 3 } });
    const changes: StateChangeEvent[] = [];
    manager.on('stateChange', (event) => changes.push(event));
    manager.register(db).register(api).register(other);
    await manager.startAll();

    db.ctx?.reportFailure(new Error('connection lost'));
    await clock.advance(0);
    expect(stateOf(manager.status(), 'api')).toBe('blocked');
    expect(stateOf(manager.status(), 'db')).toBe('starting');
    expect(stateOf(manager.status(), 'other')).toBe('running');
    // api stops before db does.
    expect(journal.filter((line) => line.startsWith('stop'))).toEqual(['stop api@0', 'stop db@0']);

    await until(clock, () => stateOf(manager.status(), 'api') === 'running');
    expect(stateOf(manager.status(), 'db')).toBe('running');
    expect(db.starts).toBe(2);
    expect(api.starts).toBe(2);
    expect(other.starts).toBe(1);
    expect(manager.status().find((entry) => entry.name === 'db')?.lastError?.message).toBe(
      'module "db" failed: connection lost',
    );
    expect(changes.some((event) => event.module === 'api' && event.to === 'blocked')).toBe(true);
  });

  it('keeps dependents blocked and independent modules running when the failed module gives up', async () => {
    const clock = new ManualClock();
    const db = new RecordingModule('db', clock, [], { failStarts: 0 });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0, restart: { ...noJitter, maxRestarts: 0 } });
    manager
      .register(db)
      .register(new RecordingModule('api', clock, [], { dependsOn: ['db'] }))
      .register(new RecordingModule('other', clock, []));
    await manager.startAll();

    db.ctx?.reportFailure(new Error('disk full'));
    await until(clock, () => stateOf(manager.status(), 'db') === 'failed');

    expect(stateOf(manager.status(), 'api')).toBe('blocked');
    expect(stateOf(manager.status(), 'other')).toBe('running');
    expect((await manager.health()).status).toBe('unhealthy');
  });

  it('treats an unhealthy health check as a failure and restarts the module', async () => {
    const clock = new ManualClock();
    let healthy = true;
    const module = new RecordingModule('probe', clock, [], {
      health: () => (healthy ? { status: 'healthy' } : { status: 'unhealthy', detail: 'queue stuck' }),
    });
    const manager = new ModuleManager({ clock, healthCheckInterval: 10_000, restart: { ...noJitter, maxRestarts: 3 } });
    manager.register(module);
    await manager.startAll();

    await clock.advance(10_000);
    expect(module.starts).toBe(1);

    healthy = false;
    await clock.advance(10_000);
    expect(stateOf(manager.status(), 'probe')).toBe('starting');
    healthy = true;
    await until(clock, () => stateOf(manager.status(), 'probe') === 'running');
    expect(module.starts).toBe(2);
    expect(manager.status()[0]?.lastError?.message).toBe('module "probe" failed: queue stuck');
    await manager.stopAll();
  });

  it('marks a module degraded while its health says so, and running again after', async () => {
    const clock = new ManualClock();
    let report: 'healthy' | 'degraded' = 'degraded';
    const manager = new ModuleManager({ clock, healthCheckInterval: 1_000 });
    manager.register(new RecordingModule('cache', clock, [], { health: () => ({ status: report }) }));
    await manager.startAll();
    await clock.advance(1_000);
    expect(stateOf(manager.status(), 'cache')).toBe('degraded');
    report = 'healthy';
    await clock.advance(1_000);
    expect(stateOf(manager.status(), 'cache')).toBe('running');
    await manager.stopAll();
    expect(clock.pendingTimers).toBe(0);
  });

  it('restart(name) restarts the module and then its dependents, in order', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager
      .register(new RecordingModule('db', clock, journal))
      .register(new RecordingModule('repo', clock, journal, { dependsOn: ['db'] }))
      .register(new RecordingModule('api', clock, journal, { dependsOn: ['repo'] }))
      .register(new RecordingModule('metrics', clock, journal));
    await manager.startAll();
    journal.length = 0;

    await manager.restart('db');

    expect(journal.map((line) => line.split('@')[0])).toEqual([
      'stop api',
      'stop repo',
      'stop db',
      'init db',
      'start db',
      'init repo',
      'start repo',
      'init api',
      'start api',
    ]);
    expect(manager.status().find((entry) => entry.name === 'db')?.restarts).toBe(1);
    await expect(manager.restart('nope')).rejects.toMatchObject({ code: 'OUTRIDER_MODULE_UNKNOWN' });
  });
});
