import type { DashboardContribution, ModuleInterface, ModuleStatus } from '@outrider/core';
import { DashboardRegistry } from '@outrider/dashboards';
import type { RouteTable } from '../http/route-table.js';

/**
 * The dashboards registry as a built-in module: Outrider's dashboards plus the panels the loaded
 * plugins contribute, served at `GET /dashboards` (list) and `GET /dashboards/:uid` (Grafana JSON).
 */
export class DashboardsModule implements ModuleInterface {
  readonly name = 'dashboards';
  status: ModuleStatus = 'registered';
  #registry = new DashboardRegistry();

  constructor(routes: RouteTable) {
    routes.mount(this.name, 'GET', '/dashboards', () => ({ body: { dashboards: this.#registry.list() } }));
    routes.mount(this.name, 'GET', '/dashboards/:uid', ({ params }) => {
      const json = this.#registry.get(params.uid ?? '');
      if (json !== undefined) return { body: json };
      const known = this.#registry.list().map((dashboard) => dashboard.uid);
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

  get registry(): DashboardRegistry {
    return this.#registry;
  }

  /** Rebuilds from the plugins now loaded (at start and after each reload). */
  setContributions(contributions: readonly DashboardContribution[]): void {
    this.#registry = new DashboardRegistry(contributions);
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
