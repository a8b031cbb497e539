import { join } from 'node:path';
import { type Cache, createCache } from '@outrider/cache';
import { isOutriderError } from '@outrider/core';
import type { PluginScheduler, SidecarPluginContext } from '@outrider/plugin-api';
import { BatchQueue } from '@outrider/scheduler';
import type { HostServices } from './host-services.js';
import { inPlugin } from './plugin-scope.js';

/** A plugin instance's context, and what it took from the host so it can be given back. */
export interface InstanceContext {
  readonly context: SidecarPluginContext;
  /** Removes the jobs the instance left on the scheduler (after its stop, or a crash). */
  releaseJobs(): void;
  /** Unmounts routes and forgets caches and queues (the instance is removed). */
  release(): void;
}

function ownedSet<T>(map: Map<string, Set<T>>, owner: string): Set<T> {
  let set = map.get(owner);
  if (set === undefined) {
    set = new Set();
    map.set(owner, set);
  }
  return set;
}

export function createInstanceContext(instance: string, host: HostServices): InstanceContext {
  const jobs = new Set<string>();
  const { scheduler } = host;
  const scoped: PluginScheduler = {
    add(options) {
      const job = scheduler.add({ ...options, run: (jobContext) => inPlugin(instance, () => options.run(jobContext)) });
      jobs.add(job.id);
      return job;
    },
    remove(id) {
      scheduler.remove(id);
      jobs.delete(id);
    },
    pause: (id) => scheduler.pause(id),
    resume: (id) => scheduler.resume(id),
    runNow: (id) => scheduler.runNow(id),
    get: (id) => scheduler.get(id),
    list: () => scheduler.list(),
  };
  const logger = host.logger.child({ module: instance });
  const context: SidecarPluginContext = {
    instanceName: instance,
    logger,
    clock: host.clock,
    registry: host.registry,
    scheduler: scoped,
    stateDir: join(host.stateDir, instance),
    routes: {
      add: (method, path, handler) =>
        host.routes.mount(instance, method, `/plugins/${instance}${path}`, (request) =>
          inPlugin(instance, () => handler(request)),
        ),
      addApi: (method, path, handler) =>
        host.routes.mount(instance, method, `/api${path}`, (request) => inPlugin(instance, () => handler(request))),
    },
    createCache<V>(options: Parameters<SidecarPluginContext['createCache']>[0]): Cache<V> {
      const cache = createCache<V>({ ...options, registry: host.registry, clock: host.clock, logger });
      ownedSet(host.caches, instance).add(cache as Cache<unknown>);
      return cache;
    },
    createQueue(options) {
      const queue = new BatchQueue({ ...options, registry: host.registry, clock: host.clock, logger });
      ownedSet(host.queues, instance).add(queue as BatchQueue<unknown>);
      return queue;
    },
  };
  const releaseJobs = () => {
    for (const id of jobs) {
      try {
        scheduler.remove(id);
      } catch (error) {
        // The plugin removed it itself already.
        if (!isOutriderError(error, 'OUTRIDER_JOB_UNKNOWN')) throw error;
      }
    }
    jobs.clear();
  };
  return {
    context,
    releaseJobs,
    release() {
      releaseJobs();
      host.routes.unmountAll(instance);
      host.caches.delete(instance);
      host.queues.delete(instance);
    },
  };
}
