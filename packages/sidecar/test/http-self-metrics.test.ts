import { afterEach, describe, expect, it } from 'vitest';
import { call, type Started, startServer } from './http-fixture.js';

async function value(started: Started, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await started.registry.getSingleMetric(name)?.get();
  const match = metric?.values.find(
    (sample) =>
      (sample as { metricName?: string }).metricName === undefined &&
      Object.entries(labels).every(([key, wanted]) => String(sample.labels[key]) === wanted),
  );
  return match?.value;
}

describe('HTTP self-metrics', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('count requests by method, matched route pattern (not raw path) and code', async () => {
    started = await startServer();
    started.routes.mount('app', 'GET', '/plugins/app/items/:id', () => ({ body: {} }));
    for (const id of ['1', '2', '3']) await call(`${started.url}/plugins/app/items/${id}`);
    await call(`${started.url}/no/such/${Math.random()}`);
    await call(`${started.url}/no/such/${Math.random()}`);
    await call(`${started.url}/readyz`);
    const requests = 'outrider_http_requests_total';
    expect(await value(started, requests, { method: 'GET', route: '/plugins/app/items/:id', code: '200' })).toBe(3);
    expect(await value(started, requests, { method: 'GET', route: 'unmatched', code: '404' })).toBe(2);
    expect(await value(started, requests, { method: 'GET', route: '/readyz', code: '200' })).toBe(1);
    const routes = (await started.registry.getSingleMetric(requests)?.get())?.values.map(
      (sample) => sample.labels.route,
    );
    expect(routes?.some((route) => String(route).includes('items/1'))).toBe(false);
  });

  it('time requests in outrider_http_request_duration_seconds by method and route', async () => {
    started = await startServer();
    await call(`${started.url}/healthz`);
    await call(`${started.url}/healthz`);
    const histogram = await started.registry.getSingleMetric('outrider_http_request_duration_seconds')?.get();
    const count = histogram?.values.find(
      (sample) =>
        (sample as { metricName?: string }).metricName === 'outrider_http_request_duration_seconds_count' &&
        sample.labels.route === '/healthz',
    );
    expect(count?.value).toBe(2);
  });
});
