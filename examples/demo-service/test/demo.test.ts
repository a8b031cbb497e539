import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { find, parseSamples } from './prometheus-text.js';
import { alive, freePort, logLines, missingBuild, type SidecarRun, startSidecar } from './support.js';

// Spans leave the demo in batches every 5 s (BatchSpanProcessor's default), probes run every 5 s, the job every 7 s.
const SLOW = 20_000;
/** Polls of the sidecar and the demo: a child process's answers, so not too often. */
const POLL = { timeout: 15_000, interval: 100 };

interface SpanJson {
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
}

// `npm run demo`, with every port moved to a free one: the sidecar's HTTP server (--port 0), the
// OTLP receiver (--otlp-port, and the demo's exporter through the environment it inherits) and the
// demo itself (DEMO_PORT, which outrider.demo.yaml interpolates into the probe, ws and job URLs).
describe('npm run demo: the sidecar supervises, probes and receives the demo service', () => {
  let run: SidecarRun;
  let sidecar: string;
  let demo: string;
  let ops: string;
  let stateDir: string;
  let demoPid: number;

  const metrics = async () => parseSamples(await (await fetch(`${sidecar}/metrics`)).text());
  const json = async <T>(path: string) => (await (await fetch(`${sidecar}${path}`)).json()) as T;

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing !== undefined) throw new Error(missing);
    stateDir = await mkdtemp(join(tmpdir(), 'outrider-demo-'));
    const [otlpPort, demoPort, opsPort] = [await freePort(), await freePort(), await freePort()];
    demo = `http://127.0.0.1:${demoPort}`;
    ops = `http://127.0.0.1:${opsPort}`;
    run = startSidecar(['--port', '0', '--otlp-port', String(otlpPort)], {
      ...process.env,
      DEMO_PORT: String(demoPort),
      DEMO_OPS_PORT: String(opsPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      OUTRIDER_STATE_DIR: stateDir,
    });
    sidecar = await waitFor(
      () => {
        if (run.child.exitCode !== null) throw new Error(`the sidecar exited:\n${run.output()}`);
        return logLines(run.output(), 'HTTP server listening')[0]?.url as string | undefined;
      },
      { ...POLL, what: () => `the sidecar's HTTP server:\n${run.output()}` },
    );
  }, 30_000);

  afterAll(async () => {
    if (run?.child.exitCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    if (demoPid !== undefined && alive(demoPid)) process.kill(-demoPid, 'SIGKILL');
    if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
  });

  it(
    'starts the demo through the process plugin and reports it up',
    async () => {
      const status = await waitFor(
        async () => {
          const body = await json<{ pid?: number; up: boolean }>('/plugins/demo/status');
          return body.up && body.pid !== undefined ? body : undefined;
        },
        { ...POLL, what: 'the demo to be up' },
      );
      demoPid = status.pid as number;
      expect(alive(demoPid)).toBe(true);
      await waitFor(
        async () =>
          find(await metrics(), 'outrider_process_up', { plugin: 'demo' })[0]?.value === 1 ? true : undefined,
        { ...POLL, what: 'outrider_process_up{plugin="demo"} 1' },
      );
      const rss = find(await metrics(), 'outrider_process_resident_memory_bytes', { plugin: 'demo' })[0];
      expect(rss?.value).toBeGreaterThan(10 * 1024 * 1024);
      const health = await waitFor(async () => (await fetch(`${demo}/health`)).json(), {
        ...POLL,
        what: 'the demo to answer',
      });
      expect(health).toMatchObject({ status: 'ok' });
      // Modules start in dependency order; on a busy machine the last ones may still be starting.
      const wanted = ['otlp', 'demo', 'probes', 'feeds', 'jobs'];
      const running = await waitFor(
        async () => {
          const { modules } = await json<{ modules: { name: string; state: string }[] }>('/api/status');
          const names = modules.filter((m) => m.state === 'running').map((m) => m.name);
          return wanted.every((name) => names.includes(name)) ? names : undefined;
        },
        { ...POLL, what: 'every plugin running' },
      );
      expect(running).toEqual(expect.arrayContaining(wanted));
    },
    SLOW,
  );

  it(
    "the demo's own spans arrive at /api/traces/recent: a request span with its upstream attempts",
    async () => {
      const response = await fetch(`${demo}/api/quotes/INITECH`);
      expect(response.status).toBe(200);
      const spans = await waitFor(
        async () => {
          const { traces } = await json<{ traces: { service: string; spans: SpanJson[] }[] }>('/api/traces/recent');
          const trace = traces.find((t) =>
            t.spans.some(
              (s) => s.name === 'GET /api/quotes/:symbol' && s.attributes['url.path'] === '/api/quotes/INITECH',
            ),
          );
          // The request span ends last: wait until the children are there too.
          return trace?.spans.some((s) => s.name === 'pricing.fetch') ? trace.spans : undefined;
        },
        { ...POLL, what: 'the INITECH request trace' },
      );
      const root = spans.find((s) => s.name === 'GET /api/quotes/:symbol') as SpanJson;
      expect(root.service).toBe('demo-service');
      expect(root.parentSpanId).toBe('');
      expect(root.attributes).toMatchObject({ 'http.route': '/api/quotes/:symbol', 'http.response.status_code': 200 });
      const attempts = spans.filter((s) => s.name === 'pricing.fetch');
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      for (const attempt of attempts) {
        expect(attempt.parentSpanId).toBe(root.spanId);
        expect(attempt.attributes['quote.symbol']).toBe('INITECH');
      }
    },
    SLOW,
  );

  it(
    'the demo\'s OTLP metrics become series on the sidecar\'s /metrics with job="demo-service"',
    async () => {
      await fetch(`${demo}/api/quotes/GLOBEX`);
      const samples = await waitFor(
        async () => {
          const all = await metrics();
          const count = find(all, 'http_server_request_duration_seconds_count', {
            job: 'demo-service',
            http_route: '/api/quotes/:symbol',
            http_request_method: 'GET',
          });
          return count.some((s) => s.value >= 1) ? all : undefined;
        },
        { ...POLL, what: 'the demo request histogram' },
      );
      // The SDK's own metrics, bridged from the service registry, under the names the service gave them.
      const attempts = find(samples, 'outrider_retry_attempts_total', {
        job: 'demo-service',
        operation: 'fetch-quote',
        outcome: 'success',
      });
      expect(attempts[0]?.value).toBeGreaterThanOrEqual(1);
      const buckets = find(samples, 'http_server_request_duration_seconds_bucket', { job: 'demo-service', le: '+Inf' });
      expect(buckets.length).toBeGreaterThan(0);
      expect(
        find(samples, 'outrider_cache_requests_total', { job: 'demo-service', cache: 'quotes', result: 'miss' })[0]
          ?.value,
      ).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'probes, the WebSocket watch and the job see the demo from outside',
    async () => {
      const all = await waitFor(
        async () => {
          const samples = await metrics();
          const probe = find(samples, 'outrider_probe_success', { plugin: 'probes', target: 'demo-health' })[0];
          const ws = find(samples, 'outrider_ws_upstream_up', { plugin: 'feeds', upstream: 'demo-ticks' })[0];
          const job = find(samples, 'outrider_job_last_run_success', { plugin: 'jobs', name: 'refresh-quotes' })[0];
          return probe?.value === 1 && ws?.value === 1 && job?.value === 1 ? samples : undefined;
        },
        { ...POLL, timeout: 15_000, what: 'probe success, ws upstream up and a refresh job run' },
      );
      expect(find(all, 'outrider_probe_status_code', { plugin: 'probes', target: 'demo-health' })[0]?.value).toBe(200);
      // The ws-monitor's connection, as the demo's own WebSocketMonitor counts it, comes back through OTLP.
      await waitFor(
        async () =>
          (find(await metrics(), 'outrider_ws_connections', { job: 'demo-service', room: '/ws' })[0]?.value ?? 0) >= 1
            ? true
            : undefined,
        { ...POLL, what: 'outrider_ws_connections{job="demo-service",room="/ws"} >= 1' },
      );
      // The job's POST reached the demo: its request span and histogram series exist.
      await waitFor(
        async () =>
          find(await metrics(), 'http_server_request_duration_seconds_count', {
            job: 'demo-service',
            http_route: '/api/refresh',
            http_request_method: 'POST',
          })[0],
        { ...POLL, what: 'the POST /api/refresh series' },
      );
    },
    SLOW,
  );

  it(
    "the demo's own ops port answers directly: readiness, its cache and its job",
    async () => {
      const ready = await waitFor(async () => (await fetch(`${ops}/readyz`)).json(), { ...POLL, what: 'the ops port' });
      expect(ready).toEqual({ ready: true, notReady: [], degraded: [] });
      const { caches } = (await (await fetch(`${ops}/api/cache/stats`)).json()) as { caches: { name: string }[] };
      expect(caches).toEqual([expect.objectContaining({ name: 'quotes', plugin: 'demo-service' })]);
      const { jobs } = (await (await fetch(`${ops}/api/scheduler/jobs`)).json()) as { jobs: { id: string }[] };
      expect(jobs.map((job) => job.id)).toEqual(['publish-ticks']);
      const text = await (await fetch(`${ops}/metrics`)).text();
      expect(text).toMatch(/^process_resident_memory_bytes \d/m);
      expect(text).toMatch(/^outrider_scheduler_runs_total\{job_id="publish-ticks",outcome="success"\} \d/m);
      // The process metrics are in the service registry, so they reach the sidecar over OTLP too.
      await waitFor(async () => find(await metrics(), 'process_resident_memory_bytes', { job: 'demo-service' })[0], {
        ...POLL,
        what: 'process_resident_memory_bytes{job="demo-service"} on the sidecar',
      });
    },
    SLOW,
  );

  it(
    'SIGTERM stops the sidecar and the demo with it',
    async () => {
      expect(alive(demoPid)).toBe(true);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      await waitFor(() => (alive(demoPid) ? undefined : true), {
        ...POLL,
        timeout: 5_000,
        what: 'the demo process to be gone',
      });
      const exits = logLines(run.output(), 'child exited');
      expect(exits.at(-1)).toMatchObject({ code: 0 });
    },
    SLOW,
  );
});
