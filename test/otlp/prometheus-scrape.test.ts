import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, MetricsRequest } from '../support/otlp-proto.js';
import { type Prometheus, type ScrapeTarget, startPrometheus } from '../support/prometheus.js';
import { type Sidecar, startSidecar } from '../support/sidecar.js';
import { startAcceptProxy } from './accept-proxy.js';

/**
 * Debian's Prometheus 2.42 scrapes two real sidecars — default strategy and
 * NoUTF8EscapingWithSuffixes — once in OpenMetrics (what it negotiates) and once in the Prometheus
 * text format (through a proxy that asks for text/plain), and the series it stores are compared
 * with the expected table.
 */
const SCHEMA = 'https://opentelemetry.io/schemas/1.30.0';

const request = {
  resourceMetrics: [
    {
      resource: {
        attributes: [
          attr('service.name', 'shop'),
          attr('service.namespace', 'eu'),
          attr('service.instance.id', 'i-1'),
          attr('host.name', 'h1'),
        ],
      },
      scopeMetrics: [
        {
          scope: { name: 'lib', version: '2.0', attributes: [attr('region.zone', 'west')] },
          schemaUrl: SCHEMA,
          metrics: [
            {
              name: 'http.server.request.duration',
              unit: 's',
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  {
                    attributes: [attr('http.route', '/a')],
                    count: 3,
                    sum: 1.5,
                    bucketCounts: [1, 2, 0],
                    explicitBounds: [0.25, 1],
                  },
                ],
              },
            },
            {
              name: 'process.io',
              unit: 'By',
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: [{ attributes: [attr('direction', 'read')], asInt: 42 }],
              },
            },
            { name: 'cpu.utilization', unit: '1', gauge: { dataPoints: [{ asDouble: 0.5 }] } },
            // The unit is one of the name's tokens, not its end: no suffix, and no # UNIT line (it would be invalid).
            { name: 'system.network.packets.dropped', unit: 'packets', gauge: { dataPoints: [{ asInt: 7 }] } },
            {
              name: 'queue.depth',
              unit: '{item}',
              gauge: { dataPoints: [{ attributes: [attr('label__with__double__underscores', 'x')], asInt: 3 }] },
            },
          ],
        },
      ],
    },
  ],
};

type Row = [name: string, labels: Record<string, string>];

/** Expected series: the app's identity as exported_job / exported_instance (honor_labels is off). */
function table(names: { scopeZone: string; route: string; packets: string; doubleUnderscore: string }): string[] {
  const id = { exported_job: 'eu/shop', exported_instance: 'i-1' };
  const scope = {
    ...id,
    otel_scope_name: 'lib',
    otel_scope_version: '2.0',
    otel_scope_schema_url: SCHEMA,
    [names.scopeZone]: 'west',
  };
  const route = { ...scope, [names.route]: '/a' };
  const rows: Row[] = [
    ['http_server_request_duration_seconds_bucket', { ...route, le: '0.25' }],
    ['http_server_request_duration_seconds_bucket', { ...route, le: '1' }],
    ['http_server_request_duration_seconds_bucket', { ...route, le: '+Inf' }],
    ['http_server_request_duration_seconds_sum', route],
    ['http_server_request_duration_seconds_count', route],
    ['process_io_bytes_total', { ...scope, direction: 'read' }],
    ['cpu_utilization_ratio', scope],
    [names.packets, scope],
    ['queue_depth', { ...scope, [names.doubleUnderscore]: 'x' }],
    ['target_info', { ...id, host_name: 'h1' }],
  ];
  return rows.map(([name, labels]) => seriesText({ __name__: name, ...labels })).sort();
}

function seriesText(series: Record<string, string>): string {
  const { __name__: name, job: _job, instance: _instance, ...labels } = series;
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `${name}{${pairs.join(',')}}`;
}

const TEXT_ACCEPT = 'text/plain;version=0.0.4';

let dir: string;
const sidecars: Sidecar[] = [];
const proxies: { close(): Promise<void> }[] = [];
let prometheus: Prometheus | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'otlp-scrape-'));
  const strategies = ['UnderscoreEscapingWithSuffixes', 'NoUTF8EscapingWithSuffixes'];
  const jobs: ScrapeTarget[] = [];
  for (const [i, strategy] of strategies.entries()) {
    await mkdir(join(dir, `s${i}`));
    const sidecar = await startSidecar(join(dir, `s${i}`), {
      plugins: { otlp: { receiver: { port: 0 }, metrics: { translationStrategy: strategy } } },
    });
    sidecars.push(sidecar);
    const proxy = await startAcceptProxy(sidecar.address, TEXT_ACCEPT);
    proxies.push(proxy);
    jobs.push({ job: `${strategy}-openmetrics`, address: sidecar.address });
    jobs.push({ job: `${strategy}-text`, address: proxy.address });
    const body = MetricsRequest.encode(MetricsRequest.fromObject(request)).finish();
    const response = await fetch(`http://127.0.0.1:${sidecar.otlpPort}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body,
    });
    expect(response.status).toBe(200);
  }
  await mkdir(join(dir, 'prometheus'));
  prometheus = await startPrometheus(join(dir, 'prometheus'), jobs);
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  for (const proxy of proxies) await proxy.close();
  for (const sidecar of sidecars) await sidecar.stop();
  await rm(dir, { recursive: true, force: true });
}, 30_000);

/** The series Prometheus stored from `job` for the app, once its scrapes have them all. */
async function stored(job: string, expected: number): Promise<string[]> {
  const server = prometheus as Prometheus;
  let targets = '';
  return waitFor(
    async () => {
      const series = await server.series(`{job="${job}",exported_job="eu/shop"}`);
      if (series.length >= expected) return series.map(seriesText).sort();
      targets = await server.targets();
      return undefined;
    },
    { timeout: 30_000, interval: 250, what: () => `${expected} series from job ${job} (targets: ${targets})` },
  );
}

describe('Prometheus 2.42 scraping the sidecar', () => {
  const underscore = table({
    scopeZone: 'otel_scope_region_zone',
    route: 'http_route',
    packets: 'system_network_packets_dropped',
    doubleUnderscore: 'label_with_double_underscores',
  });
  // UTF-8 names escaped at scrape time: one `_` per character, `_` runs kept; the UTF-8 path appends a
  // unit that is not the name's end.
  const utf8 = table({
    scopeZone: 'otel_scope_region_zone',
    route: 'http_route',
    packets: 'system_network_packets_dropped_packets',
    doubleUnderscore: 'label__with__double__underscores',
  });

  for (const format of ['openmetrics', 'text']) {
    it(`UnderscoreEscapingWithSuffixes, ${format}: stores exactly the expected series`, async () => {
      expect(await stored(`UnderscoreEscapingWithSuffixes-${format}`, underscore.length)).toEqual(underscore);
    }, 40_000);

    it(`NoUTF8EscapingWithSuffixes, ${format}: a Prometheus 2 scraper gets the names escaped`, async () => {
      expect(await stored(`NoUTF8EscapingWithSuffixes-${format}`, utf8.length)).toEqual(utf8);
    }, 40_000);
  }

  it('the OpenMetrics scrape carries # UNIT for families that end with their unit, and only those', async () => {
    const response = await fetch(`http://${sidecars[0]?.address}/metrics`, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0' },
    });
    const text = await response.text();
    expect(text).toContain('# UNIT http_server_request_duration_seconds seconds\n');
    expect(text).toContain('# UNIT process_io_bytes bytes\n');
    expect(text).not.toMatch(/# UNIT system_network_packets_dropped /);
  });

  it('a Prometheus 3 Accept header gets the UTF-8 names quoted', async () => {
    const response = await fetch(`http://${sidecars[1]?.address}/metrics`, {
      headers: {
        accept:
          'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,*/*;q=0.1',
      },
    });
    expect(response.headers.get('content-type')).toContain('escaping=allow-utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE "http.server.request.duration_seconds" histogram\n');
    expect(text).toContain('# UNIT "http.server.request.duration_seconds" seconds\n');
    expect(text).toMatch(/\{"http\.server\.request\.duration_seconds_bucket","http\.route"="\/a",/);
    expect(text).toMatch(/\{"queue\.depth",label__with__double__underscores="x",/);
  });
});
