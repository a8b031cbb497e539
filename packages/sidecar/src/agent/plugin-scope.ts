import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which plugin instance the running code works for. Everything a plugin's lifecycle hooks, routes
 * and jobs start (timers, promises, sockets) inherits it, so an uncaught exception or unhandled
 * rejection can be laid at that instance's door.
 */
const scope = new AsyncLocalStorage<string>();

/** Runs `work` (and whatever it starts) on behalf of `instance`. */
export function inPlugin<T>(instance: string, work: () => T): T {
  return scope.run(instance, work);
}

/** The instance the current code works for, if any. */
export function currentPlugin(): string | undefined {
  return scope.getStore();
}
