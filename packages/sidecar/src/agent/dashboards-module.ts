import type { ModuleInterface, ModuleStatus } from '@outrider/core';
import type { DashboardRegistry } from '@outrider/dashboards';
import type { DashboardContribution } from '@outrider/plugin-api';
import type { RouteTable } from '../http/route-table.js';

/**
 * The dashboards registry as a built-in module: Outrider's dashboards plus the panels the loaded
 * plugins contribute, served at `GET /dashboards` (list) and `GET /dashboards/:uid` (Grafana JSON).
 * The dashboards code (grafana-foundation-sdk) loads at the first request: an idle sidecar stays small.
 */
export class DashboardsModule implements ModuleInterface {
  readonly name = 'dashboards';
  status: ModuleStatus = 'registered';
  #contributions: readonly DashboardContribution[] = [];
  #registry: Promise<DashboardRegistry> | undefined;

  constructor(routes: RouteTable) {
    routes.mount(this.name, 'GET', '/dashboards', async () => ({
      body: { dashboards: (await this.registry()).list() },
    }));
    routes.mount(this.name, 'GET', '/dashboards/:uid', async ({ params }) => {
      const registry = await this.registry();
      const json = registry.get(params.uid ?? '');
      if (json !== undefined) return { body: json };
      const known = registry.list().map((dashboard) => dashboard.uid);
      return {
        status: 404,
        body: {
          error: {
            code: 'OUTRIDER_HTTP_NOT_FOUND',
            message: `no dashboard "${params.uid}"; known: ${known.join(', ')}`,
          },
        },
      };
    });
  }

  registry(): Promise<DashboardRegistry> {
    const contributions = this.#contributions;
    this.#registry ??= import('@outrider/dashboards').then(
      ({ DashboardRegistry }) => new DashboardRegistry(contributions),
    );
    return this.#registry;
  }

  /** Rebuilds from the plugins now loaded (at start and after each reload). */
  setContributions(contributions: readonly DashboardContribution[]): void {
    this.#contributions = contributions;
    this.#registry = undefined;
  }

  initialize(): void {
    this.status = 'initialized';
  }

  start(): void {
    this.status = 'running';
  }

  stop(): void {
    this.status = 'stopped';
  }
}
