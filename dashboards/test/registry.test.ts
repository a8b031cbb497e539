import { describe, expect, it } from 'vitest';
import { DashboardRegistry } from '../src/index.js';
import { probeContribution } from './support/contributions.js';

describe('DashboardRegistry', () => {
  it('lists the four dashboards with uid, title, tags and version 1 before any contribution', () => {
    const registry = new DashboardRegistry();
    expect(registry.list()).toEqual([
      { uid: 'outrider-overview', title: 'Outrider overview', tags: ['outrider', 'sidecar'], version: 1 },
      { uid: 'outrider-otlp', title: 'Outrider OTLP pipeline', tags: ['outrider', 'otlp'], version: 1 },
      { uid: 'outrider-sdk', title: 'Outrider service SDK', tags: ['outrider', 'sdk'], version: 1 },
      { uid: 'outrider-probes', title: 'Outrider probes & processes', tags: ['outrider', 'probes'], version: 1 },
    ]);
  });

  it('serves a dashboard by uid with the contributed panels and a bumped version; unknown uid is undefined', () => {
    const registry = new DashboardRegistry();
    const before = registry.get('outrider-probes');
    registry.add([probeContribution]);
    const after = registry.get('outrider-probes');
    expect(after?.version).toBe(2);
    expect(after?.panels?.length).toBe((before?.panels?.length ?? 0) + 3);
    expect(registry.list().find((d) => d.uid === 'outrider-probes')?.version).toBe(2);
    expect(registry.list().find((d) => d.uid === 'outrider-overview')?.version).toBe(1);
    expect(registry.get('nope')).toBeUndefined();
  });

  it('hands out copies: a caller editing the JSON does not change what is served next', () => {
    const registry = new DashboardRegistry();
    const json = registry.get('outrider-overview');
    if (json) json.title = 'changed';
    expect(registry.get('outrider-overview')?.title).toBe('Outrider overview');
  });

  it('rejects a bad contribution whole, keeping the dashboards it had', () => {
    const registry = new DashboardRegistry([probeContribution]);
    expect(() => registry.add([probeContribution, { ...probeContribution, dashboard: 'x' }])).toThrowError(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT' }),
    );
    expect(registry.get('outrider-probes')?.version).toBe(2);
    expect(registry.all()).toHaveLength(4);
  });
});
