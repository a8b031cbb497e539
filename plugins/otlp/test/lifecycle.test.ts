import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOutriderError } from '@outrider/core';
import { afterEach, expect, it } from 'vitest';
import { makeSpans, postProtobuf, type Running, startPlugin } from './helpers.js';

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

it('a taken port fails start with OUTRIDER_OTLP_RECEIVER_UNAVAILABLE; a free one then starts the same module', async () => {
  const first = await startPlugin();
  running.push(first);
  const taken = Number(new URL(first.url).port);
  let caught: unknown;
  try {
    running.push(await startPlugin({ receiver: { port: taken } }));
  } catch (error) {
    caught = error;
  }
  expect(isOutriderError(caught, 'OUTRIDER_OTLP_RECEIVER_UNAVAILABLE')).toBe(true);
  expect((caught as Error).message).toContain(`127.0.0.1:${taken}`);
});

it('an unusable spool directory fails start with OUTRIDER_OTLP_SPOOL_UNAVAILABLE', async () => {
  // A file where the spool's parent directory should be: mkdir fails even for root.
  const blocker = join(mkdtempSync(join(tmpdir(), 'otlp-spool-')), 'not-a-directory');
  writeFileSync(blocker, '');
  let caught: unknown;
  try {
    running.push(
      await startPlugin({ exporter: { endpoint: 'http://127.0.0.1:9', spool: { dir: join(blocker, 'spool') } } }),
    );
  } catch (error) {
    caught = error;
  }
  expect(isOutriderError(caught, 'OUTRIDER_OTLP_SPOOL_UNAVAILABLE')).toBe(true);
});

it('stops and starts again (a restart) with a fresh receiver and pipelines', async () => {
  const r = await startPlugin();
  running.push(r);
  expect((await postProtobuf(r.url, '/v1/traces', makeSpans(3).body)).status).toBe(200);
  await r.module.stop(AbortSignal.timeout(5000));
  expect(r.module.status).toBe('stopped');
  await expect(postProtobuf(r.url, '/v1/traces', makeSpans(3).body)).rejects.toThrow();
  await r.module.start();
  expect(r.module.status).toBe('running');
  const url = `http://127.0.0.1:${r.module.receiverAddress?.port}`;
  expect((await postProtobuf(url, '/v1/traces', makeSpans(3).body)).status).toBe(200);
});
