import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '@outrider/core';
import { createTestModuleContext, createTestPluginContext, type TestPluginContext } from '@outrider/testing';
import type { Registry } from 'prom-client';
import protobuf from 'protobufjs';
import { type OtlpConfigInput, plugin, type TraceJson } from '../src/index.js';
import type { OtlpModule } from '../src/otlp-module.js';

export const root = join(import.meta.dirname, '../../..');
export const node = join(root, 'node_modules/.bin/node');
export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

/** The OTLP messages, loaded independently of the plugin, to build test requests and read exports. */
const protoRoot = protobuf.loadSync(join(import.meta.dirname, '../proto/collector.proto'));
export const TraceRequest = protoRoot.lookupType('opentelemetry.proto.collector.v1.ExportTraceServiceRequest');
export const LogsRequest = protoRoot.lookupType('opentelemetry.proto.collector.v1.ExportLogsServiceRequest');
export const MetricsRequest = protoRoot.lookupType('opentelemetry.proto.collector.v1.ExportMetricsServiceRequest');
export const TraceResponse = protoRoot.lookupType('opentelemetry.proto.collector.v1.ExportTraceServiceResponse');
export const MetricsResponse = protoRoot.lookupType('opentelemetry.proto.collector.v1.ExportMetricsServiceResponse');

export interface Running {
  module: OtlpModule;
  ctx: TestPluginContext;
  url: string;
  stop(): Promise<void>;
}

/** Creates and starts the plugin on a free port with `config`. */
export async function startPlugin(
  config: OtlpConfigInput = {},
  context: { clock?: Clock; registry?: Registry; stateDir?: string } = {},
): Promise<Running> {
  const parsed = plugin.parseConfig({ ...config, receiver: { port: 0, ...config.receiver } });
  const ctx = createTestPluginContext({ instanceName: 'otlp', ...context });
  const module = plugin.create(ctx, parsed) as OtlpModule;
  await module.initialize(createTestModuleContext('otlp', parsed, { clock: ctx.clock }));
  await module.start();
  const address = module.receiverAddress as { host: string; port: number };
  return {
    module,
    ctx,
    url: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      await module.stop(AbortSignal.timeout(5000));
      await ctx.scheduler.stop(AbortSignal.timeout(1000));
    },
  };
}

let spanCounter = 0;

/** `count` spans with fresh ids under one resource; returns the request object and the span ids (hex). */
export function makeSpans(count: number, service = 'test-app') {
  const traceId = Buffer.alloc(16);
  traceId.writeUInt32BE(++spanCounter, 12);
  const spans = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const spanId = Buffer.alloc(8);
    spanId.writeUInt32BE(++spanCounter, 4);
    ids.push(spanId.toString('hex'));
    spans.push({
      traceId,
      spanId,
      name: `span-${i}`,
      kind: 2,
      startTimeUnixNano: 1_700_000_000_000_000_000n.toString(),
      endTimeUnixNano: 1_700_000_000_001_000_000n.toString(),
      attributes: [{ key: 'i', value: { intValue: i } }],
    });
  }
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
  return { request, ids, body: Buffer.from(TraceRequest.encode(TraceRequest.fromObject(request)).finish()) };
}

export function postProtobuf(url: string, path: string, body: Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', ...headers },
    body,
  });
}

export interface Backend {
  url: string;
  /** Span ids received, in arrival order (duplicates kept, to prove exactly-once). */
  spanIds: string[];
  /** Every trace request body received (decompressed), to decode what arrived. */
  traceBodies: Buffer[];
  logBodies: string[];
  requests: number;
  /** Answers each request: return a status (and headers), default 200. */
  respond: (signal: string) => { status: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

/** A real OTLP/HTTP backend that records every span id and log body that arrives. */
export async function startBackend(port = 0): Promise<Backend> {
  const backend: Backend = {
    url: '',
    spanIds: [],
    traceBodies: [],
    logBodies: [],
    requests: 0,
    respond: () => ({ status: 200 }),
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      backend.requests++;
      const signal = (request.url ?? '').replace('/v1/', '');
      const answer = backend.respond(signal);
      if (answer.status === 200) {
        let body = Buffer.concat(chunks);
        if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        if (signal === 'traces') {
          backend.traceBodies.push(body);
          const decoded = TraceRequest.toObject(TraceRequest.decode(body), { bytes: String }) as {
            resourceSpans?: { scopeSpans?: { spans?: { spanId: string }[] }[] }[];
          };
          for (const rs of decoded.resourceSpans ?? [])
            for (const ss of rs.scopeSpans ?? [])
              for (const span of ss.spans ?? [])
                backend.spanIds.push(Buffer.from(span.spanId, 'base64').toString('hex'));
        } else if (signal === 'logs') {
          const decoded = LogsRequest.toObject(LogsRequest.decode(body)) as {
            resourceLogs?: { scopeLogs?: { logRecords?: { body?: { stringValue?: string } }[] }[] }[];
          };
          for (const rl of decoded.resourceLogs ?? [])
            for (const sl of rl.scopeLogs ?? [])
              for (const record of sl.logRecords ?? []) backend.logBodies.push(record.body?.stringValue ?? '');
        }
      }
      response.writeHead(answer.status, { 'content-type': 'application/x-protobuf', ...answer.headers });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  backend.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return backend;
}

/** Runs the real-SDK client fixture; resolves with the span ids it created. */
export function runSdkClient(endpoint: string, protocol: 'proto' | 'json', spans: number, service: string) {
  return new Promise<string[]>((resolve, reject) => {
    const child = spawn(node, [fixture('sdk-client.mjs'), endpoint, protocol, String(spans), service], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`sdk client exited ${code}: ${err}`));
      else resolve((JSON.parse(out.trim().split('\n').at(-1) as string) as { spanIds: string[] }).spanIds);
    });
  });
}

/** Counts of `value` for metric `name` with `labels` in a registry's text output. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = await registry.getSingleMetric(name)?.get();
  if (!metric) return 0;
  return metric.values
    .filter((v) =>
      Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want),
    )
    .reduce((sum, v) => sum + v.value, 0);
}

export interface HostProcess {
  url: string;
  child: ReturnType<typeof spawn>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** Runs the plugin in a child process (test/fixtures/host.ts) with `config`, state under `stateDir`. */
export function spawnHost(stateDir: string, config: OtlpConfigInput): Promise<HostProcess> {
  const child = spawn(
    node,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      fixture('ts-hooks.mjs'),
      fixture('host.ts'),
      stateDir,
      JSON.stringify({ ...config, receiver: { port: 0, ...config.receiver } }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) resolve({ url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child, exited });
    });
    child.on('exit', (code) => reject(new Error(`host exited ${code} before listening: ${err}`)));
  });
}

/** An OTLP metrics request for one resource, `metrics` in OTLP/JSON-like object form. */
export function metricsBody(
  metrics: unknown[],
  resource: Record<string, string> = { 'service.name': 'app', 'service.instance.id': 'i-1' },
) {
  const request = {
    resourceMetrics: [
      {
        resource: {
          attributes: Object.entries(resource).map(([key, value]) => ({ key, value: { stringValue: value } })),
        },
        scopeMetrics: [{ scope: { name: 'meter', version: '1.0' }, metrics }],
      },
    ],
  };
  return Buffer.from(MetricsRequest.encode(MetricsRequest.fromObject(request)).finish());
}

export const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** Posts metrics; resolves with the partial success's rejected count (0 when none). */
export async function postMetrics(
  url: string,
  body: Uint8Array,
): Promise<{ status: number; rejected: number; message: string }> {
  const response = await postProtobuf(url, '/v1/metrics', body);
  const decoded = MetricsResponse.toObject(MetricsResponse.decode(new Uint8Array(await response.arrayBuffer())), {
    longs: Number,
  }) as { partialSuccess?: { rejectedDataPoints?: number; errorMessage?: string } };
  return {
    status: response.status,
    rejected: decoded.partialSuccess?.rejectedDataPoints ?? 0,
    message: decoded.partialSuccess?.errorMessage ?? '',
  };
}

/** `GET /api/traces/recent` through the plugin's route; the streamed body read back as JSON. */
export async function recentTraces(
  running: Running,
  query: Record<string, string> = {},
): Promise<{ status: number; traces: TraceJson[]; next: string | null; error?: string }> {
  const response = await running.ctx.request('GET', '/api/traces/recent', { query: new URLSearchParams(query) });
  const body = response.body;
  if (!(body instanceof Readable))
    return { status: response.status ?? 200, traces: [], next: null, ...(body as object) };
  let text = '';
  for await (const chunk of body) text += chunk;
  return { status: response.status ?? 200, ...(JSON.parse(text) as { traces: TraceJson[]; next: string | null }) };
}

/** Posts an OTLP/JSON body as it is; resolves with the status and the parsed response. */
export async function postJson(url: string, path: string, body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/**
 * The series made from OTLP metrics, as `name{label="value",…} value` lines with labels in name order
 * (the plugin's own `outrider_*` metrics left out), sorted: what a scrape of these families gives.
 */
export async function seriesLines(registry: Registry): Promise<string[]> {
  const lines: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    if (metric.name.startsWith('outrider_')) continue;
    for (const value of metric.values) {
      const sample = value as { metricName?: string; labels: Record<string, string | number>; value: number };
      const labels = Object.entries(sample.labels)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, text]) => `${key}="${text}"`)
        .join(',');
      lines.push(`${sample.metricName ?? metric.name}{${labels}} ${sample.value}`);
    }
  }
  return lines.sort();
}
