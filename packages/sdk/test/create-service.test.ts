import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, createService, type Duration, isOutriderError, ManualClock } from '../src/index.js';
import { recordingModule } from './recording-modules.js';

/** A logger writing JSON lines into `lines` instead of stdout. */
function capturedLogger(lines: { msg: string }[]) {
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { console: { destination } };
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outrider-sdk-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createService', () => {
  it('starts modules in dependency order and stops them in reverse, once', async () => {
    const events: string[] = [];
    const lines: { msg: string }[] = [];
    const service = createService({
      name: 'orders',
      modules: [
        recordingModule('http', events, { dependsOn: ['db'] }),
        recordingModule('db', events),
        recordingModule('worker', events, { dependsOn: ['http'] }),
      ],
      telemetry: false,
      signals: false,
      logger: capturedLogger(lines),
    });
    const report = await service.start();
    expect(report).toEqual({ running: ['http', 'db', 'worker'], failed: [], blocked: [] });
    expect(events).toEqual(['start db', 'start http', 'start worker']);
    expect(service.manager.status().map((entry) => entry.state)).toEqual(['running', 'running', 'running']);

    const stopping = service.stop();
    expect(service.stop()).toBe(stopping);
    await stopping;
    expect(events.slice(3)).toEqual(['stop worker', 'stop http', 'stop db']);
    expect(lines.map((line) => line.msg)).toEqual(['orders started', 'orders stopped']);
  });

  it('loads config before the module factories run and hands them config and logger', async () => {
    await writeFile(join(dir, 'shop.yaml'), 'port: 8080\n');
    const schema = z.object({ port: z.number().default(3000), greeting: z.string().default('hello') });
    const seen: unknown[] = [];
    const service = createService({
      name: 'shop',
      config: { schema, cwd: dir, env: { SHOP_GREETING: 'hi' }, watch: false },
      modules: [
        ({ config, logger, name }) => {
          seen.push(config, typeof logger.info, name);
          return recordingModule('api', []);
        },
      ],
      telemetry: false,
      signals: false,
      logger: { console: false },
    });
    await service.start();
    expect(seen).toEqual([{ port: 8080, greeting: 'hi' }, 'function', 'shop']);
    expect(service.config.get('port')).toBe(8080);
    expect(service.manager.status().map((entry) => [entry.name, entry.state])).toEqual([
      ['config', 'running'],
      ['api', 'running'],
    ]);
    await service.stop();
  });

  it('rejects start with the config error and starts nothing when the config is invalid', async () => {
    await writeFile(join(dir, 'shop.yaml'), 'port: eighty\n');
    const events: string[] = [];
    const service = createService({
      name: 'shop',
      config: { schema: z.object({ port: z.number().default(3000) }), cwd: dir, env: {}, watch: false },
      modules: [recordingModule('api', events)],
      telemetry: false,
      signals: false,
      logger: { console: false },
    });
    const error = await service.start().catch((caught: unknown) => caught);
    expect(isOutriderError(error, 'OUTRIDER_CONFIG_INVALID')).toBe(true);
    expect(events).toEqual([]);
    await service.stop();
  });

  it('gives up the stop at shutdownTimeout with OUTRIDER_DEADLINE_EXCEEDED', async () => {
    const clock = new ManualClock();
    const lines: { msg: string }[] = [];
    const service = createService({
      name: 'stuck',
      modules: [recordingModule('hangs', [], { stop: () => new Promise<void>(() => {}) })],
      telemetry: false,
      signals: false,
      clock,
      shutdownTimeout: '5s',
      manager: { deadlines: { stop: 60_000 } },
      logger: capturedLogger(lines),
    });
    await service.start();
    let settled: unknown;
    const stopping = service.stop().catch((error: unknown) => {
      settled = error;
    });
    await clock.advance(4_999);
    expect(settled).toBeUndefined();
    await clock.advance(1);
    await stopping;
    expect(isOutriderError(settled, 'OUTRIDER_DEADLINE_EXCEEDED')).toBe(true);
    expect(lines.map((line) => line.msg)).toContain('shutdown failed');
  });

  it('starts at once when a module cannot start, reporting it failed and retrying it in the background until stopped', async () => {
    const clock = new ManualClock();
    const events: string[] = [];
    const lines: { msg: string }[] = [];
    let attempts = 0;
    const service = createService({
      name: 'svc',
      clock,
      telemetry: false,
      signals: false,
      logger: capturedLogger(lines),
      manager: { healthCheckInterval: 0 },
      modules: [
        recordingModule('db', events, {
          start: () => {
            attempts += 1;
            throw new Error('connection refused');
          },
        }),
        recordingModule('cache', events),
      ],
    });

    const report = await service.start();
    expect(report).toEqual({ running: ['cache'], failed: ['db'], blocked: [] });
    expect(clock.now()).toBe(0);
    expect((await service.manager.health()).status).toBe('unhealthy');
    await clock.advance(1_500);
    expect(attempts).toBe(2);

    await service.stop();
    await clock.advance(600_000);
    expect(attempts).toBe(2);
    expect(lines.map((line) => line.msg)).toContain('svc started');
  });

  it('uses a logger it is given and leaves it open', async () => {
    const lines: { msg: string }[] = [];
    const logger = createLogger({ name: 'mine', ...capturedLogger(lines) });
    const service = createService({ name: 'svc', telemetry: false, signals: false, logger });
    expect(service.logger).toBe(logger);
    await service.start();
    await service.stop();
    logger.info('still open');
    expect(lines.map((line) => line.msg)).toEqual(['svc started', 'svc stopped', 'still open']);
    await logger.stop();
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', shutdownTimeout: 'soon' as Duration }, 'shutdownTimeout'],
  ])('rejects %j naming %s', (options, option) => {
    expect(() => createService({ telemetry: false, signals: false, ...options })).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_INVALID_ARGUMENT', message: expect.stringContaining(option) }),
    );
  });
});
