import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDashboards, type DashboardJson } from '@outrider/dashboards';
import { type RedisServer, startRedisServer, waitFor } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMalformedOtlp, sendOtlp, startCollector } from '../support/otlp-traffic.js';
import { type PanelQuery, panelQueries, SUBSTITUTIONS } from '../support/panel-queries.js';
import { pluginContributions } from '../support/plugins.js';
import { freePort } from '../support/processes.js';
import { type Prometheus, startPrometheus } from '../support/prometheus.js';
import { type PanelData, renderDashboardPng } from '../support/render.js';
import { type Sidecar, startSidecar } from '../support/sidecar.js';

const outputDir = join(import.meta.dirname, '../test-output/dashboards');
const SCRAPES_BEFORE_QUERYING = 12;

interface Outcome extends PanelQuery {
  series: number;
  error?: string;
  data: PanelData['series'];
}

let dir: string;
let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
let sidecar: Sidecar | undefined;
let prometheus: Prometheus | undefined;
let redis: RedisServer | undefined;
let dashboards: DashboardJson[];
const traffic: Array<ReturnType<typeof setInterval>> = [];

/** The built examples/demo-service, found through its package like any dependency. */
const DEMO_MAIN = createRequire(import.meta.url).resolve('@outrider/demo-service');

/** Series that only two demo replicas on one Redis make: a lease refused, a bus message from the other. */
const REPLICA_SERIES = [
  'outrider_lock_contended_total',
  'outrider_cache_bus_lag_seconds',
  'outrider_queue_stream_backlog',
];

/**
 * Every first-party plugin configured as a user runs the demo (examples/demo-service/outrider.demo.yaml):
 * the process plugin supervises the real demo service, which exports OTLP (its SDK metrics bridged
 * from its registry) to the otlp plugin; probes, WebSocket watch and jobs point at the demo. Two
 * replicas of the demo share a real Redis (`DEMO_REDIS__URL`): its cache's L2 and bus, the
 * scheduler's locks and a stream queue, so their panels show what the real primitives recorded.
 */
function sidecarConfig(
  ports: { otlp: number; demo: number; replica: number },
  collectorBase: string,
  redisUrl: string,
): Record<string, unknown> {
  const demo = `127.0.0.1:${ports.demo}`;
  const demoProcess = (port: number) => ({
    use: 'process',
    dependsOn: ['otlp'],
    command: process.execPath,
    args: [DEMO_MAIN],
    env: {
      DEMO_PORT: String(port),
      // Each replica's ops port on a free port of its own.
      DEMO_OPS__PORT: '0',
      DEMO_TICK_EVERY: '200ms',
      DEMO_CACHE__TTL: '1s',
      DEMO_CACHE__MAX: '2',
      DEMO_REDIS__URL: redisUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.otlp}`,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
  });
  return {
    log: { level: 'info' },
    plugins: {
      otlp: { receiver: { port: ports.otlp }, exporter: { endpoint: collectorBase } },
      demo: demoProcess(ports.demo),
      'demo-replica': demoProcess(ports.replica),
      probes: { use: 'http-probe', targets: [{ url: `http://${demo}/health`, interval: '1s' }] },
      feeds: {
        use: 'ws-monitor',
        upstreams: [
          {
            name: 'demo-ticks',
            url: `ws://${demo}/ws`,
            subscribe: { op: 'subscribe', symbols: ['ACME'] },
            pingInterval: '1s',
            pongTimeout: '500ms',
          },
        ],
      },
      jobs: {
        use: 'jobs',
        jobs: {
          'refresh-quotes': { kind: 'http', every: '1s', method: 'POST', url: `http://${demo}/api/refresh` },
          broken: { kind: 'command', every: '1s', command: process.execPath, args: ['-e', 'process.exit(3)'] },
        },
      },
    },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outrider-dashboards-e2e-'));
  collector = await startCollector();
  redis = await startRedisServer();
  const ports = { otlp: await freePort(), demo: await freePort(), replica: await freePort() };
  sidecar = await startSidecar(dir, sidecarConfig(ports, collector.url, redis.url));
  const { address } = sidecar;
  // Prometheus scrapes the sidecar only, as a user of the sidecar pattern does.
  prometheus = await startPrometheus(dir, [{ job: 'outrider', address }]);
  // Users call the demo's API; other apps send telemetry (one malformed) and hit the sidecar's API.
  traffic.push(
    setInterval(() => {
      for (const port of [ports.demo, ports.replica]) {
        for (const path of ['/api/quotes', '/api/quotes/ACME', '/api/quotes/NOPE']) {
          void fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
        }
      }
      void sendOtlp(ports.otlp).catch(() => undefined);
      void sendMalformedOtlp(ports.otlp).catch(() => undefined);
      void fetch(`http://${address}/healthz`).catch(() => undefined);
      void fetch(`http://${address}/no-such-route`).catch(() => undefined);
    }, 500),
  );
  dashboards = buildDashboards(await pluginContributions());
  const prom = prometheus;
  await waitFor(
    async () => {
      const ups = await prom.query('count_over_time(up[5m])');
      const demoSeries = await prom.query(
        'count_over_time(outrider_cache_requests_total{exported_job="demo-service"}[5m])',
      );
      const replicaSeries = await Promise.all(REPLICA_SERIES.map((name) => prom.query(name)));
      const ready =
        ups.length === 1 &&
        ups.every((s) => Number(s.value[1]) >= SCRAPES_BEFORE_QUERYING) &&
        demoSeries.some((s) => Number(s.value[1]) >= SCRAPES_BEFORE_QUERYING) &&
        replicaSeries.every((series) => series.length > 0);
      return ready ? true : undefined;
    },
    {
      timeout: 60_000,
      interval: 500,
      what: () =>
        `Prometheus to hold ${SCRAPES_BEFORE_QUERYING} scrapes of the sidecar with the demo's SDK metrics:\n${prom.output()}\n--- sidecar:\n${sidecar?.output()}`,
    },
  );
}, 90_000);

afterAll(async () => {
  for (const timer of traffic) clearInterval(timer);
  await prometheus?.stop();
  await sidecar?.stop();
  await redis?.stop();
  await collector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function legendName(legend: string | undefined, metric: Record<string, string>, expr: string): string {
  if (!legend) return Object.keys(metric).length > 0 ? JSON.stringify(metric) : expr.slice(0, 40);
  return legend.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, label: string) => metric[label] ?? '');
}

async function evaluate(prom: Prometheus, query: PanelQuery): Promise<Outcome> {
  try {
    const instant = await prom.query(query.expr);
    const range = await prom.queryRange(query.expr, 30);
    const data = range.map((series) => ({
      name: legendName(query.legend, series.metric, query.expr),
      points: series.values.map(([t, v]) => [t * 1000, Number(v)] as [number, number]),
    }));
    return { ...query, series: instant.length, data };
  } catch (error) {
    return { ...query, series: 0, error: (error as Error).message, data: [] };
  }
}

function report(outcomes: readonly Outcome[], targets: string): string {
  const lines = [
    '# Dashboards against a real Prometheus',
    '',
    `Prometheus ${'2.x'} (Debian \`/usr/bin/prometheus\`) scraped ${targets} every second; each panel query`,
    `was evaluated with \`/api/v1/query\` after ${SCRAPES_BEFORE_QUERYING} scrapes, variables substituted as`,
    `${Object.entries(SUBSTITUTIONS)
      .map(([k, v]) => `\`${k}\`=\`${v}\``)
      .join(', ')}.`,
    '',
    '| dashboard | panel | query | series | result |',
    '| --- | --- | --- | ---: | --- |',
  ];
  for (const o of outcomes) {
    const result = o.error ? `error: ${o.error}` : o.series === 0 ? 'NO SERIES' : 'ok';
    lines.push(`| ${o.dashboard} | ${o.panel} | \`${o.expr.replaceAll('|', '\\|')}\` | ${o.series} | ${result} |`);
  }
  const failed = outcomes.filter((o) => o.error || o.series === 0).length;
  lines.push('', `${outcomes.length} queries: ${outcomes.length - failed} with series, ${failed} failing.`, '');
  return lines.join('\n');
}

describe('dashboards against a real Prometheus scraping a real sidecar', () => {
  it('every panel query of every dashboard returns series; report and PNGs in test-output/', async () => {
    const prom = prometheus as Prometheus;
    const outcomes: Outcome[] = [];
    for (const query of panelQueries(dashboards)) outcomes.push(await evaluate(prom, query));
    // A scrape that timed out on a busy machine leaves staleness markers: an instant query then sees
    // no gauge until the next good scrape. Ask again, a few scrapes later, before calling it empty.
    for (let retry = 0; retry < 5 && outcomes.some((o) => o.error || o.series === 0); retry++) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.error && outcome.series > 0) continue;
        const { series: _series, error: _error, data: _data, ...query } = outcome;
        outcomes[i] = await evaluate(prom, query);
      }
    }

    await mkdir(outputDir, { recursive: true });
    const targets = `only a real sidecar (\`outrider start\`, plugins: otlp, process supervising two replicas of examples/demo-service on one real redis-server, http-probe, ws-monitor, jobs)`;
    await writeFile(join(outputDir, 'dashboards-report.md'), report(outcomes, targets));
    for (const dashboard of dashboards) {
      const byPanel = new Map<string, PanelData>();
      for (const o of outcomes.filter((x) => x.dashboard === dashboard.uid)) {
        const key = `${o.gridPos.x},${o.gridPos.y}`;
        const panel = byPanel.get(key) ?? {
          title: o.panel,
          kind: o.kind,
          unit: o.unit,
          gridPos: o.gridPos,
          series: [],
        };
        panel.series.push(...o.data);
        byPanel.set(key, panel);
      }
      await writeFile(
        join(outputDir, `${dashboard.uid}.png`),
        renderDashboardPng(dashboard.title ?? '', [...byPanel.values()]),
      );
    }

    const failing = outcomes
      .filter((o) => o.error || o.series === 0)
      .map((o) => `${o.dashboard} / ${o.panel}: ${o.expr} → ${o.error ?? 'no series'}`);
    expect(failing).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(60);
  }, 180_000);
});
