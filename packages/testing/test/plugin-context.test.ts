import { ManualClock } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { createTestPluginContext } from '../src/index.js';

describe('createTestPluginContext', () => {
  it('records routes under the sidecar mount points and calls them', async () => {
    const ctx = createTestPluginContext({ instanceName: 'probe' });
    ctx.routes.add('GET', '/targets', () => ({ body: ['a'] }));
    ctx.routes.addApi('GET', '/traces/recent', (request) => ({ body: request.query.get('limit') }));

    expect(ctx.recordedRoutes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /plugins/probe/targets',
      'GET /api/traces/recent',
    ]);
    expect(await ctx.request('GET', '/plugins/probe/targets')).toEqual({ body: ['a'] });
    expect(await ctx.request('GET', '/api/traces/recent', { query: new URLSearchParams('limit=5') })).toEqual({
      body: '5',
    });
    await expect(ctx.request('GET', '/plugins/probe/nothing')).rejects.toThrow(
      'no GET route at /plugins/probe/nothing',
    );
  });

  it('gives caches and queues the shared registry and clock, and a running scheduler', async () => {
    const clock = new ManualClock();
    const ctx = createTestPluginContext({ instanceName: 'probe', clock });
    const cache = ctx.createCache<number>({ name: 'answers', max: 10, ttl: 1_000 });
    cache.set('x', 42);
    await clock.advance(2_000);
    expect(cache.get('x')).toBeUndefined();
    expect(await ctx.registry.getSingleMetricAsString('outrider_cache_entries')).toContain('cache="answers"');

    let runs = 0;
    ctx.scheduler.add({ id: 'tick', every: '1s', run: () => void runs++ });
    await clock.advance(3_000);
    ctx.scheduler.remove('tick');
    expect(runs).toBe(3);
    expect(ctx.stateDir).toMatch(/outrider-plugin-.*\/probe$/);
  });
});
