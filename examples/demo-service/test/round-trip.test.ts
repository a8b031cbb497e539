import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type PromSample, parseSamples } from './prometheus-text.js';
import { freePort, logLines, missingBuild, NODE, SIDECAR_CLI, waitFor } from './support.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/metrics-service.ts');

function spawnLogged(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(NODE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

// A real createService child exporting to a real sidecar (`outrider start` with the otlp plugin):
// every series of the service's prom-client registry, as its own /metrics would print it, is on
// the sidecar's /metrics under the same name, with the same labels and value, plus job/instance.
describe('prom-client metrics of a createService service reach the sidecar under their own names', () => {
  let dir: string;
  let sidecar: ReturnType<typeof spawnLogged> | undefined;
  let service: ReturnType<typeof spawnLogged> | undefined;
  let sidecarUrl: string;

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing !== undefined) throw new Error(missing);
    dir = await mkdtemp(join(tmpdir(), 'outrider-round-trip-'));
    const otlpPort = await freePort();
    await writeFile(
      join(dir, 'outrider.yaml'),
      stringify({
        server: { port: 0 },
        stateDir: join(dir, 'state'),
        plugins: { otlp: { receiver: { port: otlpPort } } },
      }),
    );
    sidecar = spawnLogged([SIDECAR_CLI, 'start', '--config', 'outrider.yaml'], dir, process.env);
    const running = sidecar;
    await waitFor(`the sidecar to start:\n${running.output()}`, () => {
      if (running.child.exitCode !== null) throw new Error(`the sidecar exited:\n${running.output()}`);
      return running.output().includes('"msg":"outrider started"') ? true : undefined;
    });
    sidecarUrl = logLines(running.output(), 'HTTP server listening')[0]?.url as string;
    service = spawnLogged([FIXTURE], dir, {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    });
  }, 30_000);

  afterAll(async () => {
    await stop(service?.child);
    await stop(sidecar?.child);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('every series of every type: counters, gauges, histograms, summaries, the cache and retry metrics', async () => {
    const running = service as NonNullable<typeof service>;
    const printed = await waitFor(
      `the service's registry:\n${running.output()}`,
      () => running.output().match(/--- registry\n([\s\S]*?)\n--- end/)?.[1],
    );
    const own = parseSamples(printed);
    for (const name of [
      'shop_orders_total',
      'shop_queue_depth',
      'shop_payload_bytes',
      'shop_checkout_duration_seconds_bucket',
      'shop_render_seconds',
      'shop_render_seconds_sum',
      'outrider_cache_requests_total',
      'outrider_retry_attempts_total',
    ]) {
      expect(
        own.some((sample) => sample.name === name),
        `the service records ${name}`,
      ).toBe(true);
    }
    const key = (sample: PromSample) => {
      const { job, instance, otel_scope_name, ...labels } = sample.labels;
      return `${sample.name}${JSON.stringify(Object.entries(labels).sort())}`;
    };
    let absent: string[] = [];
    await waitFor(
      'the service series on the sidecar',
      async () => {
        const text = await (await fetch(`${sidecarUrl}/metrics`)).text();
        const served = new Map(
          parseSamples(text)
            .filter((sample) => sample.labels.job === 'round-trip' && sample.labels.instance === 'round-trip-1')
            .map((sample) => [key(sample), sample.value]),
        );
        absent = own.filter((sample) => served.get(key(sample)) !== sample.value).map((s) => `${key(s)} ${s.value}`);
        return absent.length === 0 ? true : undefined;
      },
      20_000,
    ).catch(() => undefined);
    expect(absent).toEqual([]);
  }, 40_000);
});
