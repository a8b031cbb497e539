import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type RedisServer, startRedisServer } from '@outrider/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoNode = join(import.meta.dirname, '../../../node_modules/.bin/node');
const node = existsSync(repoNode) ? repoNode : process.execPath;
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

interface ReplicaEvent {
  pid: number;
  event: 'ready' | 'acquire' | 'start' | 'end' | 'status';
  fireAt?: number;
  granted?: boolean;
  token?: number;
  unavailable?: number;
  contended?: number;
}

const events: ReplicaEvent[] = [];
const waiters: { test: (event: ReplicaEvent) => boolean; resolve: (event: ReplicaEvent) => void }[] = [];

/** The first event (already seen or still to come) that passes `test`. */
function next(test: (event: ReplicaEvent) => boolean, after = 0): Promise<ReplicaEvent> {
  const seen = events.slice(after).find(test);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve) => waiters.push({ test, resolve }));
}

function replica(port: number): ChildProcessWithoutNullStreams {
  const child = spawn(node, [
    '--experimental-transform-types',
    '--no-warnings',
    '--import',
    fixture('ts-hooks.mjs'),
    fixture('redis-replica.ts'),
    String(port),
    'replicas:',
  ]);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as ReplicaEvent;
    events.push(event);
    for (const waiter of waiters.splice(0)) {
      if (waiter.test(event)) waiter.resolve(event);
      else waiters.push(waiter);
    }
  });
  child.stderr.pipe(process.stderr);
  return child;
}

let server: RedisServer;
let children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server.stop();
});

describe('three replicas sharing one Redis (1 s job, 3 s lease, 60 s)', () => {
  it('run each fire at most once, fail over within the lease, and count what a frozen Redis skipped', async () => {
    children = [replica(server.port), replica(server.port), replica(server.port)];
    await Promise.all(children.map((child) => next((event) => event.event === 'ready' && event.pid === child.pid)));
    const firstFire = (await next((event) => event.event === 'start')).fireAt as number;

    // ~20 s in: SIGKILL whichever replica is in the middle of a run.
    const victimRun = await next((event) => event.event === 'start' && (event.fireAt as number) >= firstFire + 20_000);
    const victim = children.find((child) => child.pid === victimRun.pid) as ChildProcessWithoutNullStreams;
    victim.kill('SIGKILL');
    await once(victim, 'exit');
    const takeover = await next(
      (event) => event.event === 'start' && (event.fireAt as number) > (victimRun.fireAt as number),
    );

    // ~35 s in: freeze Redis for 5 s.
    await next((event) => event.event === 'start' && (event.fireAt as number) >= firstFire + 35_000);
    const frozenAt = Date.now();
    server.pause();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    server.resume();
    const thawedAt = Date.now();
    const resumed = await next((event) => event.event === 'start' && (event.fireAt as number) > thawedAt);

    await next((event) => event.event === 'start' && (event.fireAt as number) >= firstFire + 60_000);
    const survivors = children.filter((child) => child !== victim);
    for (const child of survivors) child.kill('SIGTERM');
    await Promise.all(survivors.map((child) => next((event) => event.event === 'status' && event.pid === child.pid)));

    const starts = events.filter((event) => event.event === 'start');
    const fires = starts.map((event) => event.fireAt as number);
    // Never twice: every fire ran on one replica at most.
    expect(new Set(fires).size).toBe(fires.length);
    // Aligned fire times, a second apart, on every replica.
    for (const fire of fires) expect(fire % 1_000).toBe(0);
    // The killed holder's job moved to another replica within its lease (3 s) plus a period.
    expect(takeover.pid).not.toBe(victim.pid);
    expect((takeover.fireAt as number) - (victimRun.fireAt as number)).toBeLessThanOrEqual(4_000);
    // Fires resumed within two periods of Redis thawing.
    expect((resumed.fireAt as number) - thawedAt).toBeLessThanOrEqual(2_000);

    // Every fire from the first to the last either ran once, or every live replica that asked was
    // refused it, and each refusal was counted (unavailable while frozen, contended otherwise).
    const last = Math.max(...fires);
    const acquires = events.filter((event) => event.event === 'acquire');
    const skipped: number[] = [];
    for (let fire = firstFire; fire <= last; fire += 1_000) {
      if (fires.includes(fire)) continue;
      skipped.push(fire);
      const asked = acquires.filter((event) => event.fireAt === fire);
      expect(asked.length, `fire ${fire} was asked for`).toBeGreaterThan(0);
      expect(asked.every((event) => event.granted === false)).toBe(true);
    }
    const frozenFires = skipped.filter((fire) => fire >= frozenAt && fire <= thawedAt);
    expect(frozenFires.length).toBeGreaterThanOrEqual(3);
    const statuses = events.filter((event) => event.event === 'status');
    const unavailable = statuses.reduce((sum, status) => sum + (status.unavailable ?? 0), 0);
    expect(unavailable).toBeGreaterThanOrEqual(frozenFires.length);
  }, 120_000);
});
