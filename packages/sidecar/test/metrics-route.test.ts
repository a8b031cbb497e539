import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { OPENMETRICS_CONTENT_TYPE, OPENMETRICS_UTF8_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from '@outrider/metrics';
import { Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Started, startServer } from './http-fixture.js';
import { richRegistry } from './metrics-registry.js';

/** What Prometheus 2.x sends when scraping. */
const PROMETHEUS_2_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
/** What Prometheus 3.x sends with its default scrape protocols. */
const PROMETHEUS_3_ACCEPT =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1';

function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('GET /metrics', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  it('serves Prometheus text 0.0.4 by default, identical to prom-client for the same registry', async () => {
    const registry = richRegistry();
    started = await startServer({ registry });
    const response = await fetch(`${started.url}/metrics`, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(response.headers.get('content-encoding')).toBeNull();
    const text = await response.text();
    // The scrape itself is counted only once it ends, so the registry now reads as the response did.
    const expected = await registry.metrics();
    expect(text.split('\n\n')[0]).toBe(expected.split('\n\n')[0]);
    expect(text).toContain('# TYPE app_requests_total counter\n');
  });

  it('serves OpenMetrics when the scraper prefers it (Prometheus Accept header), ending in # EOF', async () => {
    started = await startServer({ registry: richRegistry() });
    for (const accept of [PROMETHEUS_2_ACCEPT, PROMETHEUS_3_ACCEPT, 'application/openmetrics-text']) {
      const response = await fetch(`${started.url}/metrics`, { headers: { accept } });
      const utf8 = accept === PROMETHEUS_3_ACCEPT;
      expect(response.headers.get('content-type'), accept).toBe(
        utf8 ? OPENMETRICS_UTF8_CONTENT_TYPE : OPENMETRICS_CONTENT_TYPE,
      );
      const text = await response.text();
      expect(text.endsWith('# EOF\n')).toBe(true);
      expect(text).toContain('# TYPE app_requests counter\n');
    }
    for (const accept of [
      'text/plain',
      '*/*',
      'application/json',
      'text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.2',
      'application/openmetrics-text;q=0',
    ]) {
      const response = await fetch(`${started.url}/metrics`, { headers: { accept } });
      expect(response.headers.get('content-type'), accept).toBe(PROMETHEUS_CONTENT_TYPE);
      await response.text();
    }
  });

  it('gzips when the scraper accepts gzip', async () => {
    const registry = richRegistry();
    started = await startServer({ registry });
    const { headers, body } = await rawGet(`${started.url}/metrics`, { 'accept-encoding': 'gzip' });
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers.vary).toContain('Accept-Encoding');
    const text = gunzipSync(body).toString('utf8');
    expect(text.startsWith('# HELP app_requests_total')).toBe(true);
    const plain = await rawGet(`${started.url}/metrics`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8').startsWith('# HELP app_requests_total')).toBe(true);
  });

  it('cuts the connection when a metric fails to collect mid-scrape, logs it, and serves the next request', async () => {
    const registry = new Registry();
    const ok = new Gauge({ name: 'ok_value', help: 'fine', registers: [registry] });
    ok.set(1);
    new Gauge({
      name: 'broken_value',
      help: 'collect throws',
      registers: [registry],
      collect() {
        throw new Error('collector exploded');
      },
    });
    started = await startServer({ registry });
    await expect(
      fetch(`${started.url}/metrics`, { headers: { 'accept-encoding': 'identity' } }).then((r) => r.text()),
    ).rejects.toThrow();
    const errors = started.logger.lines.filter((line) => line.level === 'error');
    expect((errors[0]?.bindings as { err?: Error } | undefined)?.err?.message).toBe('collector exploded');
    expect((await call(`${started.url}/healthz`)).status).toBe(200);
  });
});
