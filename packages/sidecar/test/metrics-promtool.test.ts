import { spawnSync } from 'node:child_process';
import { renderMetrics } from '@outrider/metrics';
import { describe, expect, it } from 'vitest';
import { call, startServer } from './http-fixture.js';
import { richRegistry } from './metrics-registry.js';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = promtool.error !== undefined || promtool.status !== 0;
if (missing) {
  console.warn('promtool not found: skipping `promtool check metrics` (apt-get install prometheus to run it)');
}

function check(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(missing)('promtool check metrics', () => {
  it('reports nothing on the rendered text of every metric type, escapes and special values', async () => {
    let text = '';
    for await (const chunk of renderMetrics(richRegistry({ withNaN: true, defaultLabels: { service: 'api' } }))) {
      text += chunk;
    }
    expect(check(text)).toEqual({ status: 0, output: '' });
  });

  it('reports nothing on what GET /metrics serves, the HTTP server metrics included', async () => {
    const started = await startServer({ registry: richRegistry() });
    try {
      await call(`${started.url}/healthz`);
      await call(`${started.url}/nowhere`);
      const response = await fetch(`${started.url}/metrics`);
      const text = await response.text();
      expect(text).toContain('outrider_http_requests_total{method="GET",route="/healthz",code="200"} 1');
      expect(check(text)).toEqual({ status: 0, output: '' });
    } finally {
      await started.close();
    }
  });

  it('does complain about a broken exposition (the check can fail)', () => {
    expect(check('# TYPE x_total counter\nx_total{a="1"} one\n').status).not.toBe(0);
  });
});
