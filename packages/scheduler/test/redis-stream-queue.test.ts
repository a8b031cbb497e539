import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { metricValue, type RedisServer, startRedisServer, waitFor } from '@outrider/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStreamQueue } from '../src/index.js';

const repoNode = join(import.meta.dirname, '../../../node_modules/.bin/node');
const node = existsSync(repoNode) ? repoNode : process.execPath;
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

let server: RedisServer;
const clients: Redis[] = [];
const queues: RedisStreamQueue<unknown>[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.stop(AbortSignal.timeout(2_000));
  for (const client of clients.splice(0)) client.disconnect();
});

function client(): Redis {
  const redis = new Redis(server.port, '127.0.0.1');
  clients.push(redis);
  return redis;
}

let streams = 0;

describe('RedisStreamQueue', () => {
  it('hands pushed items to process in batches and acknowledges them', async () => {
    const registry = new Registry();
    const seen: number[] = [];
    const queue = new RedisStreamQueue<{ n: number }>({
      redis: client(),
      stream: `s${streams++}`,
      batchSize: 10,
      flushInterval: 50,
      registry,
      process(batch) {
        expect(batch.length).toBeLessThanOrEqual(10);
        seen.push(...batch.map((item) => item.n));
      },
    });
    queues.push(queue as RedisStreamQueue<unknown>);
    await queue.start();
    for (let n = 0; n < 35; n++) await queue.push({ n });
    await waitFor(() => seen.length === 35);
    expect(seen).toEqual(Array.from({ length: 35 }, (_, n) => n));
    await waitFor(() => queue.stats().processed === 35);
    expect(await queue.backlog()).toEqual({ unread: 0, unacknowledged: 0 });
    expect(await metricValue(registry, 'outrider_queue_items_total', { queue: 'queue', outcome: 'processed' })).toBe(
      35,
    );
    // Consumer stopped, a producer elsewhere pushes: the backlog in Redis shows on the scrape.
    await queue.stop();
    const producer = new RedisStreamQueue<{ n: number }>({
      redis: client(),
      stream: queue.stats().stream,
      process() {},
    });
    for (let n = 0; n < 3; n++) await producer.push({ n });
    expect(await metricValue(registry, 'outrider_queue_stream_backlog', { queue: 'queue', state: 'unread' })).toBe(3);
    expect(await metricValue(registry, 'outrider_queue_redelivered_total', { queue: 'queue' })).toBe(0);
  });

  it('retries a failed batch after reclaimAfter and dead-letters it after maxDeliveries', async () => {
    const redis = client();
    const stream = `s${streams++}`;
    let attempts = 0;
    const queue = new RedisStreamQueue<string>({
      redis,
      stream,
      flushInterval: 20,
      reclaimAfter: 30,
      maxDeliveries: 3,
      process() {
        attempts++;
        throw new Error('downstream refused');
      },
    });
    queues.push(queue as RedisStreamQueue<unknown>);
    await queue.start();
    await queue.push('poison');
    await waitFor(() => queue.stats().deadLettered === 1);
    expect(attempts).toBe(3);
    expect(queue.stats()).toMatchObject({ failed: 3, redelivered: 3, lastError: 'downstream refused' });
    const dead = await redis.xrange(`${stream}:dead`, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[1]).toContain('"poison"');
  });

  it('loses nothing when a consumer is SIGKILLed mid-batch: another claims its entries, duplicates counted', async () => {
    const stream = `s${streams++}`;
    const out = join(mkdtempSync(join(tmpdir(), 'outrider-stream-')), 'handled');
    writeFileSync(out, '');
    const producer = new RedisStreamQueue<{ n: number }>({ redis: client(), stream, process() {} });
    for (let n = 0; n < 200; n++) await producer.push({ n });

    const doomed = spawn(node, [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      fixture('ts-hooks.mjs'),
      fixture('stream-consumer.ts'),
      String(server.port),
      stream,
      out,
      '20',
    ]);
    doomed.stderr.pipe(process.stderr);
    for await (const line of createInterface({ input: doomed.stdout })) if (line === 'stalled') break;
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const handledByDoomed = readFileSync(out, 'utf8').trim().split('\n').map(Number);
    expect(handledByDoomed).toHaveLength(20);

    const handled: number[] = [];
    const survivor = new RedisStreamQueue<{ n: number }>({
      redis: client(),
      stream,
      consumer: 'survivor',
      batchSize: 50,
      flushInterval: 50,
      reclaimAfter: 200,
      process(batch) {
        handled.push(...batch.map((item) => item.n));
      },
    });
    queues.push(survivor as RedisStreamQueue<unknown>);
    await survivor.start();
    await waitFor(() => new Set([...handledByDoomed, ...handled]).size === 200);

    expect(new Set([...handledByDoomed, ...handled]).size).toBe(200); // none lost
    const duplicates = handledByDoomed.length + handled.length - 200;
    expect(duplicates).toBe(20); // the doomed batch's handled items came round again
    expect(survivor.stats().redelivered).toBe(50); // its whole unacknowledged batch was claimed
    expect(survivor.stats().redelivered).toBeGreaterThanOrEqual(duplicates);
  }, 60_000);
});
