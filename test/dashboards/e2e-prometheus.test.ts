import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDashboards, type DashboardJson } from '@outrider/dashboards';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoService, startDemoService } from '../support/demo-service.js';
import { sendMalformedOtlp, sendOtlp, startCollector } from '../support/otlp-traffic.js';
import { type PanelQuery, panelQueries, SUBSTITUTIONS } from '../support/panel-queries.js';
import { pluginContributions } from '../support/plugins.js';
import { waitFor } from '../support/processes.js';
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
let demo: DemoService | undefined;
let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
let sidecar: Sidecar | undefined;
let prometheus: Prometheus | undefined;
let dashboards: DashboardJson[];
const traffic: Array<ReturnType<typeof setInterval>> = [];

/** Every first-party plugin configured, each pointed at something real the test started. */
function sidecarConfig(demoService: DemoService, collectorBase: string): Record<string, unknown> {
  const health = `http://${demoService.address}/health`;
  return {
    log: { level: 'info' },
    plugins: {
      otlp: { receiver: { port: 0 }, exporter: { endpoint: collectorBase } },
      app: {
        use: 'process',
        command: process.execPath,
        args: ['-e', 'setInterval(() => console.log("tick"), 200)'],
      },
      probes: { use: 'http-probe', targets: [{ url: health, interval: '1s' }] },
      upstreams: {
        use: 'ws-monitor',
        upstreams: [{ name: 'demo', url: `${demoService.wsUrl}/feed`, pingInterval: '1s', pongTimeout: '500ms' }],
      },
      jobs: {
        use: 'jobs',
        jobs: {
          ping: { kind: 'http', every: '1s', url: health },
          broken: { kind: 'command', every: '1s', command: process.execPath, args: ['-e', 'process.exit(3)'] },
        },
      },
    },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outrider-dashboards-e2e-'));
  demo = await startDemoService();
  collector = await startCollector();
  sidecar = await startSidecar(dir, sidecarConfig(demo, collector.url));
  const { otlpPort, address } = sidecar;
  if (otlpPort === undefined) throw new Error(`the otlp receiver did not report its port:\n${sidecar.output()}`);
  prometheus = await startPrometheus(dir, [
    { job: 'outrider', address },
    { job: 'outrider-demo-service', address: demo.address },
  ]);
  // Apps send telemetry and hit the sidecar's API while Prometheus scrapes.
  traffic.push(
    setInterval(() => {
      void sendOtlp(otlpPort).catch(() => undefined);
      void sendMalformedOtlp(otlpPort).catch(() => undefined);
      void fetch(`http://${address}/healthz`).catch(() => undefined);
      void fetch(`http://${address}/no-such-route`).catch(() => undefined);
    }, 500),
  );
  dashboards = buildDashboards(await pluginContributions());
  const prom = prometheus;
  await waitFor(
    () => `Prometheus did not scrape both targets ${SCRAPES_BEFORE_QUERYING} times:\n${prom.output()}`,
    async () => {
      const counts = await prom.query('count_over_time(up[5m])');
      const ups = await prom.query('up');
      const ready =
        counts.length === 2 &&
        counts.every((s) => Number(s.value[1]) >= SCRAPES_BEFORE_QUERYING) &&
        ups.every((s) => s.value[1] === '1');
      return ready ? true : undefined;
    },
    40_000,
    500,
  );
}, 60_000);

afterAll(async () => {
  for (const timer of traffic) clearInterval(timer);
  await prometheus?.stop();
  await sidecar?.stop();
  await demo?.stop();
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

    await mkdir(outputDir, { recursive: true });
    const targets = `a real sidecar (\`outrider start\`, plugins: otlp, process, http-probe, ws-monitor, jobs) and a demo service instrumented with the SDK packages`;
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
  }, 60_000);
});
