import { describe, expect, it } from 'vitest';
import { backoffDelay, type Duration, ManualClock, ModuleManager, type RestartEvent } from '../src/index.js';
import { RecordingModule, stateOf } from './recording-module.js';

describe('ModuleManager time options as duration text', () => {
  it("reads deadlines and restart delays given as '2s', '1s', '4s'", async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({
      clock,
      healthCheckInterval: '0ms',
      deadlines: { start: '2s' },
      restart: { minDelay: '1s', maxDelay: '4s', window: '1m', jitter: false, maxRestarts: 5 },
    });
    const delays: number[] = [];
    manager.on('restart', (event: RestartEvent) => delays.push(event.delayMs));
    manager.register(new RecordingModule('hangs', clock, [], { hangStarts: 4 }));

    let done = false;
    void manager.startAll().finally(() => {
      done = true;
    });
    await clock.runUntil(() => done);
    expect(clock.now()).toBe(2_000);
    await clock.runUntil(() => stateOf(manager.status(), 'hangs') === 'running');
    expect(delays).toEqual([1_000, 2_000, 4_000, 4_000]);
    await manager.stopAll();
  });

  it.each<[string, () => unknown]>([
    ['healthCheckInterval', () => new ModuleManager({ healthCheckInterval: 'often' as Duration })],
    ['deadlines.stop', () => new ModuleManager({ deadlines: { stop: -1 } })],
    ['restart.window', () => new ModuleManager({ restart: { window: '1 minute' as Duration } })],
    [
      'restart.minDelay',
      () =>
        new ModuleManager().register(new RecordingModule('m', new ManualClock(), []), {
          restart: { minDelay: '5x' as Duration },
        }),
    ],
  ])('a bad %s throws OUTRIDER_INVALID_ARGUMENT naming it', (option, make) => {
    expect(make).toThrow(
      expect.objectContaining({
        code: 'OUTRIDER_INVALID_ARGUMENT',
        message: expect.stringMatching(new RegExp(`^${option.replace('.', '\\.')}: expected a duration`)),
        details: { option },
      }),
    );
  });

  it('backoffDelay takes text too', () => {
    expect(backoffDelay(3, { minDelay: '500ms', maxDelay: '1s', jitter: false })).toBe(1_000);
    expect(backoffDelay(2, { minDelay: '500ms', jitter: false })).toBe(1_000);
  });
});
