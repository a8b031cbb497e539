import { getJson } from './api.js';

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  detail?: string;
  conditions?: string[];
}

export interface ModuleView {
  name: string;
  state: string;
  since: string;
  restarts: number;
  required: boolean;
  dependsOn: string[];
  lastError?: { code?: string; message: string };
  kind: 'built-in' | 'plugin';
  plugin?: { name: string; version: string; stability: string };
  health?: HealthReport;
}

export interface ReadinessItem {
  name: string;
  state: string;
  lastError?: string;
  detail?: string;
  conditions?: string[];
}

export interface Overview {
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  admin: boolean;
  readiness: { ready: boolean; notReady: ReadinessItem[]; degraded: ReadinessItem[] };
  modules: ModuleView[];
}

const subscribers = new Set<(overview: Overview) => void>();
let latest: Overview | undefined;
let failure: ((error: Error) => void) | undefined;

/** The overview, asked once a second while the console is open; every page reads it from here. */
export function followOverview(onError: (error: Error) => void): void {
  failure = onError;
  const tick = async () => {
    try {
      latest = await getJson<Overview>('/ui/api/overview');
      for (const subscriber of subscribers) subscriber(latest);
    } catch (error) {
      failure?.(error as Error);
    }
    setTimeout(tick, 1000);
  };
  void tick();
}

/** Calls `subscriber` with the latest overview now (if any) and on every update; returns the unsubscribe. */
export function subscribe(subscriber: (overview: Overview) => void): () => void {
  subscribers.add(subscriber);
  if (latest !== undefined) subscriber(latest);
  return () => subscribers.delete(subscriber);
}
