import type { ModuleInterface, ModuleStatus } from '../src/index.js';

/** A module that writes what happens to it into `events` (`start a`, `stop a`). */
export function recordingModule(
  name: string,
  events: string[],
  options: { dependsOn?: string[]; stop?: () => Promise<void> | void; start?: () => void } = {},
): ModuleInterface {
  let status: ModuleStatus = 'registered';
  return {
    name,
    dependsOn: options.dependsOn ?? [],
    get status() {
      return status;
    },
    initialize() {
      status = 'initialized';
    },
    start() {
      options.start?.();
      events.push(`start ${name}`);
      status = 'running';
    },
    async stop() {
      await options.stop?.();
      events.push(`stop ${name}`);
      status = 'stopped';
    },
  };
}
