import type { ModuleManager } from './module-manager.js';

export interface ReadinessItem {
  name: string;
  state: string;
  lastError?: string;
  /** What the module's health check said, when it is not healthy. */
  detail?: string;
  /** Named conditions the module reports (`spool_full`, `disk_full`…). */
  conditions?: readonly string[];
}

export interface Readiness {
  ready: boolean;
  /** Required modules that are not running or not healthy (these make `ready` false). */
  notReady: ReadinessItem[];
  /** Optional modules that failed or are blocked, and running modules whose health check is not healthy. */
  degraded: ReadinessItem[];
}

const UP = new Set(['running', 'degraded']);

/**
 * Whether the manager's modules can serve: not ready while a required module is down or its health
 * check says unhealthy; an optional module that is down, or any running one that is not healthy,
 * is listed under `degraded` and leaves it ready. What `/readyz` answers (503 when not ready).
 */
export async function readinessOf(manager: Pick<ModuleManager, 'status' | 'health'>): Promise<Readiness> {
  const readiness: Readiness = { ready: true, notReady: [], degraded: [] };
  const { modules } = await manager.health();
  for (const entry of manager.status()) {
    const health = modules[entry.name];
    const up = UP.has(entry.state);
    if (up && (health === undefined || health.status === 'healthy')) continue;
    const item: ReadinessItem = {
      name: entry.name,
      state: entry.state,
      ...(entry.lastError === undefined ? {} : { lastError: entry.lastError.message }),
      ...(up && health?.detail !== undefined ? { detail: health.detail } : {}),
      ...(up && health?.conditions !== undefined ? { conditions: health.conditions } : {}),
    };
    // A running required module that is only degraded still serves.
    if (entry.required && (!up || health?.status === 'unhealthy')) readiness.notReady.push(item);
    else readiness.degraded.push(item);
  }
  readiness.ready = readiness.notReady.length === 0;
  return readiness;
}
