import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@outrider/core';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import {
  type Backend,
  makeSpans,
  metricValue,
  postProtobuf,
  type Running,
  startBackend,
  startPlugin,
  TraceRequest,
} from './helpers.js';
import { mountTmpfs, type Tmpfs } from './mounts.js';

let running: Running | undefined;
let backend: Backend | undefined;
let mount: Tmpfs | undefined;
let held: Server | undefined;
afterEach(async () => {
  await running?.stop();
  await backend?.close();
  held?.closeAllConnections();
  await new Promise<void>((resolve) => (held ? held.close(() => resolve()) : resolve()));
  if (mount) {
    mount.readWrite();
    mount.unmount();
  }
  running = backend = mount = held = undefined;
});

const records = (dir: string) => readdirSync(dir).filter((name) => /^\d{16}-traces-\d+\.(pb|rec)(\.gz)?$/.test(name));

async function downPort(): Promise<number> {
  const probe = await startBackend();
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}

it('a zero-length or bit-flipped record is quarantined and counted, never sent nor counted exported', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'otlp-integrity-'));
  const spoolDir = join(stateDir, 'spool');
  const port = await downPort();
  const config = {
    exporter: { endpoint: `http://127.0.0.1:${port}`, compression: 'none' as const, spool: { dir: spoolDir } },
  };
  // Backend down: three requests, three records on disk.
  running = await startPlugin(config, { stateDir });
  const batches = [makeSpans(10), makeSpans(20), makeSpans(30)];
  for (const { body } of batches) expect((await postProtobuf(running.url, '/v1/traces', body)).status).toBe(200);
  await running.stop();
  const [empty, flipped, intact] = records(spoolDir).sort();
  expect(intact).toBeDefined();
  writeFileSync(join(spoolDir, empty as string), '');
  const bytes = readFileSync(join(spoolDir, flipped as string));
  const at = bytes.indexOf('span-1');
  bytes[at] = 'Q'.charCodeAt(0);
  writeFileSync(join(spoolDir, flipped as string), bytes);

  backend = await startBackend(port);
  running = await startPlugin(config, { stateDir });
  await waitFor(() => records(spoolDir).length === 0, { timeout: 10_000, what: 'an empty spool' });
  await waitFor(() => (backend as Backend).spanIds.length >= 30, { timeout: 5000, what: 'the intact record' });
  expect(backend.spanIds.sort()).toEqual([...(batches[2]?.ids ?? [])].sort());
  const registry = running.ctx.registry;
  expect(await metricValue(registry, 'outrider_otlp_items_total', { signal: 'traces', outcome: 'exported' })).toBe(30);
  expect(await metricValue(registry, 'outrider_otlp_export_failed_total', { reason: 'spool_unreadable' })).toBe(30);
  expect(readdirSync(join(spoolDir, 'quarantine')).sort()).toEqual([empty, flipped]);
});

it('leftover temp files are deleted at start; a failed append on a full disk leaves none', async (context) => {
  mount = mountTmpfs('96k');
  if (!mount) return context.skip('needs root to mount a tmpfs');
  writeFileSync(join(mount.dir, '0000000000000007-traces-5.rec.tmp'), 'half');
  const port = await downPort();
  running = await startPlugin({ exporter: { endpoint: `http://127.0.0.1:${port}`, spool: { dir: mount.dir } } });
  expect(readdirSync(mount.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  const statuses: number[] = [];
  for (let i = 0; i < 40 && !statuses.includes(503); i++) {
    statuses.push((await postProtobuf(running.url, '/v1/traces', makeSpans(200).body)).status);
  }
  expect(statuses).toContain(503);
  expect(readdirSync(mount.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});

it('a delete that fails after export (read-only remount) is retried and shown in health and metrics; no replay after restart', async (context) => {
  mount = mountTmpfs('4m');
  if (!mount) return context.skip('needs root to mount a tmpfs');
  const tmpfs = mount;
  // A backend that holds each export until told to answer, so the remount happens mid-export.
  const spanIds: string[] = [];
  const waiting: (() => void)[] = [];
  held = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () =>
      waiting.push(() => {
        const decoded = TraceRequest.toObject(TraceRequest.decode(Buffer.concat(chunks)), { bytes: String }) as {
          resourceSpans: { scopeSpans: { spans: { spanId: string }[] }[] }[];
        };
        for (const rs of decoded.resourceSpans)
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spanIds.push(s.spanId);
        response.end();
      }),
    );
  });
  await new Promise<void>((resolve) => held?.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(held.address() as AddressInfo).port}`;
  const config = { exporter: { endpoint, compression: 'none' as const, spool: { dir: tmpfs.dir } } };
  const clock = new ManualClock(Date.now());
  running = await startPlugin(config, { clock });
  expect((await postProtobuf(running.url, '/v1/traces', makeSpans(50).body)).status).toBe(200);
  await waitFor(() => waiting.length === 1, { timeout: 5000, what: 'the export to arrive' });
  tmpfs.readOnly();
  waiting.shift()?.();
  const registry = running.ctx.registry;
  await waitFor(() => running?.module.health().status === 'degraded', { timeout: 5000, what: 'degraded health' });
  expect(running.module.health().detail).toMatch(/1 exported spool records could not be deleted .*read-only/i);
  expect(await metricValue(registry, 'outrider_otlp_spool_undeleted_records')).toBe(1);
  expect(await metricValue(registry, 'outrider_otlp_spool_delete_failures_total')).toBeGreaterThanOrEqual(1);
  expect(await metricValue(registry, 'outrider_otlp_spool_bytes')).toBeGreaterThan(0);
  expect(records(tmpfs.dir)).toHaveLength(1);

  tmpfs.readWrite();
  await clock.advance(1000);
  await waitFor(() => records(tmpfs.dir).length === 0, { timeout: 5000, what: 'the retried delete' });
  await waitFor(() => running?.module.health().status === 'healthy', { timeout: 5000, what: 'healthy again' });
  expect(await metricValue(registry, 'outrider_otlp_spool_undeleted_records')).toBe(0);
  await running.stop();

  running = await startPlugin(config, { clock });
  expect(running.module.stats().spool).toMatchObject({ records: 0, bytes: 0 });
  expect(waiting).toHaveLength(0);
  expect(spanIds).toHaveLength(50);
});

it('a delete that still fails at stop is marked delivered: the next start deletes the record, nothing is sent twice', async (context) => {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delivered-'));
  const chattr = (flag: string, file: string) => execFileSync('chattr', [flag, file], { stdio: 'pipe' });
  // An immutable file cannot be unlinked, even by root; the spool folder stays writable.
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  try {
    chattr('+i', probe);
    chattr('-i', probe);
  } catch (error) {
    console.warn(`skipped: chattr +i does not work here (${(error as Error).message.split('\n')[0]})`);
    return context.skip('needs chattr +i (root, a file system with the immutable flag)');
  }
  const spanIds: string[] = [];
  const waiting: (() => void)[] = [];
  held = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () =>
      waiting.push(() => {
        const decoded = TraceRequest.toObject(TraceRequest.decode(Buffer.concat(chunks)), { bytes: String }) as {
          resourceSpans: { scopeSpans: { spans: { spanId: string }[] }[] }[];
        };
        for (const rs of decoded.resourceSpans)
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spanIds.push(s.spanId);
        response.end();
      }),
    );
  });
  await new Promise<void>((resolve) => held?.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(held.address() as AddressInfo).port}`;
  const config = { exporter: { endpoint, compression: 'none' as const, spool: { dir } } };
  running = await startPlugin(config, { clock: new ManualClock(Date.now()) });
  expect((await postProtobuf(running.url, '/v1/traces', makeSpans(50).body)).status).toBe(200);
  await waitFor(() => waiting.length === 1, { timeout: 5000, what: 'the export to arrive' });
  const [record] = records(dir);
  const file = join(dir, record as string);
  chattr('+i', file);
  try {
    waiting.shift()?.();
    await waitFor(() => running?.module.health().status === 'degraded', { timeout: 5000, what: 'the failed delete' });
    expect(await metricValue(running.ctx.registry, 'outrider_otlp_spool_undeleted_records')).toBe(1);
    await running.stop();
    running = undefined;
    expect(readFileSync(join(dir, 'delivered'), 'utf8')).toBe(`${Number((record as string).slice(0, 16))}\n`);
  } finally {
    chattr('-i', file);
  }

  running = await startPlugin(config, { clock: new ManualClock(Date.now()) });
  expect(running.module.stats().spool).toMatchObject({ records: 0, bytes: 0 });
  expect(records(dir)).toEqual([]);
  expect(readdirSync(dir)).not.toContain('delivered');
  // The next batch is exported once, under a seq the earlier record never had.
  expect((await postProtobuf(running.url, '/v1/traces', makeSpans(5).body)).status).toBe(200);
  await waitFor(() => waiting.length === 1, { timeout: 5000, what: 'the next export' });
  waiting.shift()?.();
  await waitFor(() => spanIds.length === 55, { timeout: 5000, what: 'the next batch delivered' });
  expect(waiting).toHaveLength(0);
  expect(new Set(spanIds).size).toBe(55);
});
