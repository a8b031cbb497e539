import { describe, expect, it } from 'vitest';
import { ManualClock, ModuleManager, OutriderError } from '../src/index.js';
import { RecordingModule } from './recording-module.js';

describe('dependency errors', () => {
  it('fails startAll on a cycle, naming the modules on it, before anything starts', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock });
    manager.register(new RecordingModule('a', clock, journal, { dependsOn: ['b'] }));
    manager.register(new RecordingModule('b', clock, journal, { dependsOn: ['c'] }));
    manager.register(new RecordingModule('c', clock, journal, { dependsOn: ['a'] }));
    manager.register(new RecordingModule('free', clock, journal));

    const error = await manager.startAll().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OutriderError);
    expect(error).toMatchObject({ code: 'OUTRIDER_DEPENDENCY_CYCLE' });
    expect((error as Error).message).toContain('a -> b -> c -> a');
    expect(journal).toEqual([]);
  });

  it('fails startAll on a missing dependency, naming it, before anything starts', async () => {
    const clock = new ManualClock();
    const journal: string[] = [];
    const manager = new ModuleManager({ clock });
    manager.register(new RecordingModule('free', clock, journal));
    manager.register(new RecordingModule('api', clock, journal, { dependsOn: ['database'] }));

    await expect(manager.startAll()).rejects.toMatchObject({
      code: 'OUTRIDER_DEPENDENCY_MISSING',
      module: 'api',
      message: 'module "api" depends on "database", which is not registered',
    });
    expect(journal).toEqual([]);
  });

  it('reports a module that depends on itself', async () => {
    const clock = new ManualClock();
    const manager = new ModuleManager({ clock });
    manager.register(new RecordingModule('loop', clock, [], { dependsOn: ['loop'] }));
    await expect(manager.startAll()).rejects.toThrow('dependency cycle: loop -> loop');
  });
});
