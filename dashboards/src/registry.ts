import type { DashboardContribution } from '@outrider/plugin-api';
import { checkContributions, dashboardDefinitions } from './build.js';
import { assembleDashboard, type DashboardJson } from './lib/dashboard.js';

/** One line of `GET /dashboards`. */
export interface DashboardSummary {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly version: number;
}

/**
 * The sidecar's dashboards: plugins add their contributions as they load, the HTTP server lists
 * and serves them. A dashboard's version goes up each time a contribution changes it, so Grafana
 * (and a cache in front of the sidecar) can tell a new one.
 */
export class DashboardRegistry {
  readonly #contributions: DashboardContribution[] = [];
  readonly #versions = new Map<string, number>();
  #built: Map<string, DashboardJson> | undefined;

  constructor(contributions: readonly DashboardContribution[] = []) {
    this.add(contributions);
  }

  /** Adds contributions (checked first: a bad one throws OUTRIDER_INVALID_ARGUMENT and adds nothing). */
  add(contributions: readonly DashboardContribution[]): void {
    checkContributions(contributions);
    this.#contributions.push(...contributions);
    for (const { dashboard } of contributions) this.#versions.set(dashboard, this.#version(dashboard) + 1);
    this.#built = undefined;
  }

  list(): DashboardSummary[] {
    return [...this.#dashboards().values()].map((json) => ({
      uid: json.uid ?? '',
      title: json.title ?? '',
      tags: json.tags ?? [],
      version: json.version ?? 1,
    }));
  }

  /** The dashboard JSON, or undefined for an unknown uid. */
  get(uid: string): DashboardJson | undefined {
    const json = this.#dashboards().get(uid);
    return json === undefined ? undefined : structuredClone(json);
  }

  /** Every dashboard, in list order. */
  all(): DashboardJson[] {
    return structuredClone([...this.#dashboards().values()]);
  }

  #version(uid: string): number {
    return this.#versions.get(uid) ?? 1;
  }

  /** Built on first read after a change, so adding many plugins' contributions builds once. */
  #dashboards(): Map<string, DashboardJson> {
    if (this.#built === undefined) {
      const built = new Map<string, DashboardJson>();
      for (const definition of dashboardDefinitions(this.#contributions)) {
        built.set(definition.uid, assembleDashboard(definition, this.#version(definition.uid)));
      }
      this.#built = built;
    }
    return this.#built;
  }
}
