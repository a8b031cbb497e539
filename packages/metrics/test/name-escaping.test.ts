import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../src/index.js';

/** A collector as the OTLP plugin registers one: a UTF-8 name, a unit, and labels that are not legacy names. */
function utf8Registry(): Registry {
  const registry = new Registry();
  const family = {
    name: 'http.server.duration_seconds',
    help: 'Request time',
    type: 'histogram',
    unit: 'seconds',
    aggregator: 'sum',
    get: () => ({
      name: 'http.server.duration_seconds',
      help: 'Request time',
      type: 'histogram',
      unit: 'seconds',
      values: [
        { metricName: 'http.server.duration_seconds_bucket', labels: { 'http.route': '/a', le: '0.1' }, value: 1 },
        { metricName: 'http.server.duration_seconds_bucket', labels: { 'http.route': '/a', le: '+Inf' }, value: 2 },
        { metricName: 'http.server.duration_seconds_sum', labels: { 'http.route': '/a' }, value: 0.3 },
        { metricName: 'http.server.duration_seconds_count', labels: { 'http.route': '/a' }, value: 2 },
      ],
    }),
  };
  const counter = {
    name: 'jobs_done_total',
    help: 'Jobs',
    type: 'counter',
    aggregator: 'sum',
    get: () => ({ name: 'jobs_done_total', help: 'Jobs', type: 'counter', unit: 'seconds', values: [{ value: 3 }] }),
  };
  registry.registerMetric(family as never);
  registry.registerMetric(counter as never);
  return registry;
}

async function render(registry: Registry, options: Parameters<typeof renderMetrics>[1]): Promise<string> {
  let text = '';
  for await (const chunk of renderMetrics(registry, options)) text += chunk;
  return text;
}

describe('metric and label names outside the legacy character set', () => {
  it('are escaped to underscores for a scraper that did not ask for UTF-8', async () => {
    const text = await render(utf8Registry(), { format: 'prometheus' });
    expect(text).toContain('# HELP http_server_duration_seconds Request time\n');
    expect(text).toContain('# TYPE http_server_duration_seconds histogram\n');
    expect(text).toContain('http_server_duration_seconds_bucket{http_route="/a",le="0.1"} 1\n');
    expect(text).toContain('http_server_duration_seconds_count{http_route="/a"} 2\n');
    expect(text).not.toContain('# UNIT');
  });

  it('are quoted, the metric name first inside the braces, with escaping=allow-utf-8', async () => {
    const text = await render(utf8Registry(), { format: 'openmetrics', escaping: 'allow-utf-8' });
    expect(text).toContain('# HELP "http.server.duration_seconds" Request time\n');
    expect(text).toContain('# TYPE "http.server.duration_seconds" histogram\n');
    expect(text).toContain('# UNIT "http.server.duration_seconds" seconds\n');
    expect(text).toContain('{"http.server.duration_seconds_bucket","http.route"="/a",le="0.1"} 1\n');
    expect(text).toContain('{"http.server.duration_seconds_sum","http.route"="/a"} 0.3\n');
  });
});

describe('OpenMetrics # UNIT', () => {
  it('follows TYPE when the family name ends with the unit, and is left out when it does not', async () => {
    const text = await render(utf8Registry(), { format: 'openmetrics' });
    expect(text).toContain(
      '# TYPE http_server_duration_seconds histogram\n# UNIT http_server_duration_seconds seconds\n',
    );
    // `jobs_done` does not end with `_seconds`: a UNIT line would make the scrape invalid.
    expect(text).toContain('# TYPE jobs_done counter\njobs_done_total 3\n');
  });
});
