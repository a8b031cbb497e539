import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@outrider/testing';
import { afterEach, expect, it } from 'vitest';
import { type Backend, type HostProcess, makeSpans, postProtobuf, spawnHost, startBackend } from './helpers.js';

const hosts: HostProcess[] = [];
let backend: Backend | undefined;
afterEach(async () => {
  for (const host of hosts.splice(0)) {
    host.child.kill('SIGKILL');
    await host.exited;
  }
  await backend?.close();
});

it('spans acknowledged while the backend is down survive a SIGKILL and are delivered after restart, once', {
  // Two child processes that compile TypeScript at start: slow on a loaded machine.
  timeout: 90_000,
}, async () => {
  // A port with nothing listening: the backend is down.
  const probe = await startBackend();
  const port = Number(new URL(probe.url).port);
  await probe.close();
  const stateDir = await mkdtemp(join(tmpdir(), 'otlp-crash-'));
  const config = { exporter: { endpoint: `http://127.0.0.1:${port}`, retry: { minDelay: 50, maxDelay: 200 } } };

  const first = await spawnHost(stateDir, config);
  hosts.push(first);
  const sent: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { body, ids } = makeSpans(200);
    const response = await postProtobuf(first.url, '/v1/traces', body);
    expect(response.status).toBe(200);
    sent.push(...ids);
  }
  // Acknowledged means on disk: kill without any chance to flush.
  first.child.kill('SIGKILL');
  await first.exited;
  const spooled = readdirSync(join(stateDir, 'spool')).filter((name) => name.endsWith('.rec.gz'));
  expect(spooled.length).toBeGreaterThan(0);

  backend = await startBackend(port);
  const second = await spawnHost(stateDir, config);
  hosts.push(second);
  await waitFor(() => (backend as Backend).spanIds.length >= sent.length, { timeout: 15_000, what: 'replayed spans' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect([...backend.spanIds].sort()).toEqual([...sent].sort());
  await waitFor(() => readdirSync(join(stateDir, 'spool')).length === 0, { timeout: 5000, what: 'an empty spool' });
});
