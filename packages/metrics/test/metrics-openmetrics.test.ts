import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../src/index.js';
import { parseExposition } from './metrics-exposition.js';
import { richRegistry } from './metrics-registry.js';

async function renderOpenMetrics(registry: Registry): Promise<string> {
  let text = '';
  for await (const chunk of renderMetrics(registry, { format: 'openmetrics' })) text += chunk;
  return text;
}

describe('renderMetrics (OpenMetrics 1.0)', () => {
  it("parses back identical to prom-client's OpenMetrics output of the same data, and ends with # EOF", async () => {
    // Ours renders from a Prometheus-typed registry (the sidecar's); prom-client needs its own OpenMetrics one.
    const ours = await renderOpenMetrics(richRegistry({ withNaN: true, defaultLabels: { service: 'api' } }));
    const theirs = await richRegistry({
      contentType: Registry.OPENMETRICS_CONTENT_TYPE,
      withNaN: true,
      defaultLabels: { service: 'api' },
    }).metrics();
    const parsed = parseExposition(ours);
    expect(parsed).toEqual(parseExposition(theirs));
    expect(parsed.eof).toBe(true);
    expect(ours.endsWith('\n# EOF\n')).toBe(true);
    expect(parsed.blankLines).toBe(0);
  });

  it('names counter families without _total and their samples with it', async () => {
    const parsed = parseExposition(await renderOpenMetrics(richRegistry()));
    const requests = parsed.families.find((family) => family.name === 'app_requests');
    expect(requests?.type).toBe('counter');
    expect(new Set(requests?.samples.map((sample) => sample.name))).toEqual(new Set(['app_requests_total']));
    expect(parsed.families.find((family) => family.name === 'app_requests_total')).toBeUndefined();
  });

  it('escapes double quotes in HELP, as OpenMetrics requires', async () => {
    const text = await renderOpenMetrics(richRegistry());
    expect(text).toContain(
      '# HELP app_requests Requests served, by \\"method\\" and path \\\\ with a\\nsecond line.\n',
    );
  });

  it('leaves the metric objects as they were: a Prometheus render afterwards still has counter _total names', async () => {
    const registry = richRegistry();
    const before = await registry.metrics();
    await renderOpenMetrics(registry);
    expect(await registry.metrics()).toBe(before);
  });

  it('renders an empty registry as just # EOF', async () => {
    expect(await renderOpenMetrics(new Registry())).toBe('# EOF\n');
  });
});
