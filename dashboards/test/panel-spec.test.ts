import { describe, expect, it } from 'vitest';
import { panelFromSpec } from '../src/index.js';

/** Grafana's reference to the dashboard's data source variable. */
const DATASOURCE_UID = ['$', '{datasource}'].join('');

describe('panelFromSpec', () => {
  it('turns each kind of a plugin PanelSpec into that Grafana panel type with unit, legend and data source', () => {
    for (const kind of ['timeseries', 'stat', 'gauge', 'bargauge', 'table'] as const) {
      const panel = panelFromSpec({
        title: `A ${kind}`,
        description: 'why',
        kind,
        unit: 'bytes',
        queries: [{ expr: 'a{job=~"$job"}', legend: '{{x}}' }, { expr: 'b' }],
      }).build();
      expect(panel.type).toBe(kind);
      expect(panel.title).toBe(`A ${kind}`);
      expect(panel.description).toBe('why');
      expect(panel.fieldConfig?.defaults?.unit).toBe('bytes');
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: DATASOURCE_UID });
      const targets = panel.targets as unknown as Array<Record<string, unknown>>;
      expect(targets.map((t) => [t.refId, t.expr, t.legendFormat])).toEqual([
        ['A', 'a{job=~"$job"}', '{{x}}'],
        ['B', 'b', undefined],
      ]);
      expect(targets.every((t) => (t.datasource as { uid: string }).uid === DATASOURCE_UID)).toBe(true);
      // Tables show the latest value of each series; the others plot or reduce a range.
      expect(targets[0]?.instant ?? false).toBe(kind === 'table');
    }
  });

  it('defaults the unit to short', () => {
    const panel = panelFromSpec({ title: 't', kind: 'timeseries', queries: [{ expr: 'up' }] }).build();
    expect(panel.fieldConfig?.defaults?.unit).toBe('short');
  });
});
