import type { HealthReport, HealthStatus, ModuleState } from './module.js';

export interface ModuleHealth {
  state: ModuleState;
  required: boolean;
  status: HealthStatus;
  detail?: string;
  conditions?: readonly string[];
}

export interface HealthRollup {
  status: HealthStatus;
  modules: Record<string, ModuleHealth>;
}

/** What a module's state alone says about its health, before asking the module. */
export function healthFromState(state: ModuleState): HealthReport {
  switch (state) {
    case 'running':
      return { status: 'healthy' };
    case 'degraded':
      return { status: 'degraded' };
    default:
      return { status: 'unhealthy', detail: `module is ${state}` };
  }
}

/** Unhealthy if a required module is; degraded if any other module is not healthy; else healthy. */
export function rollUpHealth(modules: Record<string, ModuleHealth>): HealthRollup {
  let status: HealthStatus = 'healthy';
  for (const module of Object.values(modules)) {
    if (module.status === 'healthy') continue;
    if (module.required && module.status === 'unhealthy') return { status: 'unhealthy', modules };
    status = 'degraded';
  }
  return { status, modules };
}
