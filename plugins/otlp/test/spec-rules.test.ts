import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpConfigInput } from '../src/index.js';
import { attr, MetricsRequest, postMetrics, type Running, seriesLines, startPlugin } from './helpers.js';

/**
 * The MUST and SHOULD rules of the OTel spec's "Prometheus and OpenMetrics Compatibility", section
 * "OTLP Metric points to Prometheus", as data: one request each, and the exact series it gives.
 */
interface SpecRule {
  /** The spec section and the rule's words. */
  source: string;
  config?: OtlpConfigInput;
  resource?: { key: string; value: { stringValue: string } }[];
  scope?: { name?: string; version?: string; attributes?: ReturnType<typeof attr>[] };
  schemaUrl?: string;
  metrics: unknown[];
  series: string[];
  /** `# UNIT` words by family, when the rule is about them. */
  units?: Record<string, string>;
  rejected?: { count: number; reason: RegExp };
}

const gauge = (name: string, unit: string, attributes: ReturnType<typeof attr>[] = [], description = '') => ({
  name,
  unit,
  description,
  gauge: { dataPoints: [{ asDouble: 1, attributes }] },
});
const sum = (name: string, unit: string, monotonic: boolean, temporality = 2) => ({
  name,
  unit,
  sum: { aggregationTemporality: temporality, isMonotonic: monotonic, dataPoints: [{ asInt: 2 }] },
});
const SERVICE = [attr('service.name', 'shop'), attr('service.instance.id', 'i-1')];
const ID = 'instance="i-1",job="shop"';

const RULES: SpecRule[] = [
  {
    source: 'Metric Metadata: discouraged characters SHOULD be replaced with `_`, runs of `_` SHOULD become one',
    metrics: [gauge('\t system.fs..usage__ws ', ' By\t')],
    series: [`system_fs_usage_ws_bytes{${ID}} 1`],
  },
  {
    source: 'Metric Metadata: UCUM units MUST become words, `{…}` MUST be dropped, rates MUST become `per` words',
    metrics: [gauge('a', 'ms'), gauge('b', '{packet}'), gauge('c', 'm/s'), gauge('d', ' By / s ')],
    series: [`a_milliseconds{${ID}} 1`, `b{${ID}} 1`, `c_meters_per_second{${ID}} 1`, `d_bytes_per_second{${ID}} 1`],
  },
  {
    source: 'Metric Metadata: the unit suffix SHOULD be added unless the name already ends with the unit',
    metrics: [gauge('queue.size.bytes', 'By'), gauge('system.network.packets.dropped', 'packets')],
    series: [`queue_size_bytes{${ID}} 1`, `system_network_packets_dropped{${ID}} 1`],
  },
  {
    source: 'Metric Metadata: the resulting unit SHOULD be added as UNIT metadata',
    metrics: [gauge('latency', 's'), sum('io', 'By', true)],
    series: [`io_bytes_total{${ID}} 2`, `latency_seconds{${ID}} 1`],
    units: { latency_seconds: 'seconds', io_bytes_total: 'bytes' },
  },
  {
    source: 'Metric Metadata (otlptranslator): a name with no valid characters is refused',
    metrics: [gauge('@#$%', '')],
    series: [],
    rejected: { count: 1, reason: /invalid_name.*"@#\$%" resulted in empty name/ },
  },
  {
    source: 'Metric Metadata: conflicting TYPE — exporters MUST drop entire metrics',
    metrics: [gauge('x', ''), sum('x', '', false), { name: 'x', summary: { dataPoints: [{ count: 1, sum: 1 }] } }],
    // The gauge and the non-monotonic sum are one Prometheus gauge: the later point is its value.
    series: [`x{${ID}} 2`],
    rejected: { count: 1, reason: /type_conflict/ },
  },
  {
    source: 'Instrumentation Scope: name, version, schema URL and attributes MUST be labels',
    scope: { name: 'lib', version: '2.0', attributes: [attr('region.zone', 'eu'), attr('name', 'clash')] },
    schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
    metrics: [gauge('g', '')],
    series: [
      `g{${ID},otel_scope_name="lib",otel_scope_region_zone="eu",otel_scope_schema_url="https://opentelemetry.io/schemas/1.30.0",otel_scope_version="2.0"} 1`,
    ],
  },
  {
    source: 'Instrumentation Scope: scope labels can be turned off (metrics.scopeLabels: false)',
    config: { metrics: { scopeLabels: false } },
    scope: { name: 'lib', version: '2.0', attributes: [attr('a', 'b')] },
    metrics: [gauge('g', '')],
    series: [`g{${ID}} 1`],
  },
  {
    source: 'Sums: `_total` SHOULD be added to monotonic sums, and the name MUST stay unchanged when present',
    metrics: [sum('requests', '', true), sum('jobs_total', '', true), sum('in.flight', '1', false)],
    series: [`in_flight{${ID}} 2`, `jobs_total{${ID}} 2`, `requests_total{${ID}} 2`],
  },
  {
    source: 'Metric Attributes: keys that meet on one label MUST be joined with `;` in key order',
    metrics: [gauge('g', '', [attr('http.route', 'b'), attr('http_route', 'c'), attr('http-route', 'a')])],
    series: [`g{http_route="a;b;c",${ID}} 1`],
  },
  {
    source: 'Metric Attributes (otlptranslator): `__` runs collapse, non-ASCII becomes one `_`',
    metrics: [gauge('g', '', [attr('label__with__double__underscores', 'x'), attr('zone_字符', 'y')])],
    series: [`g{${ID},label_with_double_underscores="x",zone_="y"} 1`],
  },
  {
    source:
      'Resource Attributes: target_info MUST NOT have labels other than job and instance and the non-identifying attributes',
    resource: [...SERVICE, attr('service.namespace', 'eu'), attr('host.name', 'h1')],
    metrics: [gauge('g', '')],
    series: [`g{instance="i-1",job="eu/shop"} 1`, `target_info{host_name="h1",instance="i-1",job="eu/shop"} 1`],
  },
];

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('OTel spec: OTLP metric points to Prometheus', () => {
  it.each(RULES)('$source', async (rule) => {
    running = await startPlugin(rule.config ?? {});
    const request = {
      resourceMetrics: [
        {
          resource: { attributes: rule.resource ?? SERVICE },
          scopeMetrics: [{ scope: rule.scope ?? {}, schemaUrl: rule.schemaUrl ?? '', metrics: rule.metrics }],
        },
      ],
    };
    const body = Buffer.from(MetricsRequest.encode(MetricsRequest.fromObject(request)).finish());
    const result = await postMetrics(running.url, body);
    expect(result.rejected).toBe(rule.rejected?.count ?? 0);
    if (rule.rejected) expect(result.message).toMatch(rule.rejected.reason);
    expect(await seriesLines(running.ctx.registry)).toEqual([...rule.series].sort());
    for (const [family, unit] of Object.entries(rule.units ?? {})) {
      const metric = (await running.ctx.registry.getSingleMetric(family)?.get()) as { unit?: string } | undefined;
      expect(metric?.unit, family).toBe(unit);
    }
  });
});
