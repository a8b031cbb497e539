import { describe, expect, it } from 'vitest';
import { buildDashboards, DASHBOARD_UIDS } from '../src/index.js';
import { probeContribution } from './support/contributions.js';

type AnyPanel = { type: string; title: string; targets?: Array<{ expr: string }> };

describe('buildDashboards', () => {
  it('builds the four dashboards with their uids, titles and variables', () => {
    const dashboards = buildDashboards([]);
    expect(dashboards.map((d) => d.uid)).toEqual([
      'outrider-overview',
      'outrider-otlp',
      'outrider-sdk',
      'outrider-probes',
    ]);
    expect(DASHBOARD_UIDS).toEqual(dashboards.map((d) => d.uid));
    for (const dashboard of dashboards) {
      expect(dashboard.title).toMatch(/^Outrider /);
      expect(dashboard.tags).toContain('outrider');
      expect(dashboard.templating?.list?.map((v) => v.name)).toEqual(['datasource', 'job', 'instance']);
    }
  });

  it('filters every query by $job and $instance so one dashboard serves many sidecars', () => {
    for (const dashboard of buildDashboards([probeContribution])) {
      for (const panel of dashboard.panels as AnyPanel[]) {
        for (const target of panel.targets ?? []) {
          expect(target.expr, `${dashboard.uid} / ${panel.title}`).toContain('job=~"$job",instance=~"$instance"');
        }
      }
    }
  });

  it('puts the built-in rows first and a contribution as its own row in the dashboard it names', () => {
    const probes = buildDashboards([probeContribution]).find((d) => d.uid === 'outrider-probes');
    const panels = probes?.panels as AnyPanel[];
    const rows = panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual(['Sidecars', 'HTTP probes']);
    const contributed = panels.slice(panels.findIndex((p) => p.title === 'HTTP probes') + 1);
    expect(contributed.map((p) => [p.type, p.title])).toEqual([
      ['stat', 'Probe success'],
      ['timeseries', 'Probe duration'],
    ]);
    // The other dashboards do not get the contribution.
    const overview = buildDashboards([probeContribution])[0];
    expect(((overview?.panels ?? []) as AnyPanel[]).some((p) => p.title === 'Probe success')).toBe(false);
  });

  it('merges contributions that name the same row', () => {
    const [firstPanel] = probeContribution.panels;
    if (!firstPanel) throw new Error('the probe contribution has no panels');
    const more = { ...probeContribution, panels: [{ ...firstPanel, title: 'Probe success 2' }] };
    const probes = buildDashboards([probeContribution, more])[3];
    const panels = probes?.panels as AnyPanel[];
    expect(panels.filter((p) => p.title === 'HTTP probes')).toHaveLength(1);
    expect(panels.at(-1)?.title).toBe('Probe success 2');
  });

  it('rejects a contribution to an unknown dashboard or without queries, naming each problem', () => {
    const bad = [
      { ...probeContribution, dashboard: 'grafana-home' },
      { ...probeContribution, panels: [{ title: 'Empty', kind: 'stat' as const, queries: [] }] },
    ];
    expect(() => buildDashboards(bad)).toThrowError(
      expect.objectContaining({
        code: 'OUTRIDER_INVALID_ARGUMENT',
        message: expect.stringMatching(/contributions\[0\]\.dashboard "grafana-home".*contributions\[1\]\.panels\[0\]/),
      }),
    );
  });
});
