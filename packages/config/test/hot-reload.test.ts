import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ErrorCode, ManualClock } from '@outrider/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ConfigChangeEvent, ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

const managers: ConfigManager<typeof schema>[] = [];
afterEach(() => {
  for (const manager of managers.splice(0)) manager.unwatch();
});

async function watched(text: string) {
  const cwd = project({ 'outrider.yaml': text });
  const clock = new ManualClock();
  const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, clock, debounce: '500ms' });
  managers.push(config);
  await config.load();
  config.watch();
  /** Writes the file, waits for the watcher to see it, lets the debounce run out, waits for the outcome. */
  const change = async (next: string) => {
    const outcome = new Promise<void>((resolve) => {
      const offs = [config.onChange(() => done()), config.onError(() => done())];
      const done = () => {
        for (const off of offs) off();
        resolve();
      };
    });
    writeFileSync(join(cwd, 'outrider.yaml'), next);
    await vi.waitFor(() => expect(clock.pendingTimers).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    await clock.advance(500);
    await outcome;
  };
  return { config, clock, change };
}

describe('hot reload', () => {
  it('re-reads the file after the debounce and tells subscribers what changed', async () => {
    const { config, clock, change } = await watched('cache:\n  ttl: 10s\nlog:\n  level: info\n');
    const ttls: number[] = [];
    const events: ConfigChangeEvent<unknown>[] = [];
    config.onChange('cache.ttl', (ttl) => ttls.push(ttl));
    config.onChange('server', () => ttls.push(-1));
    config.onChange((_config, event) => events.push(event));

    writeFileSync(join(config.file as string, '..', 'outrider.yaml'), 'cache:\n  ttl: 20s\nlog:\n  level: info\n');
    await vi.waitFor(() => expect(clock.pendingTimers).toBe(1), { timeout: 5000, interval: 5 });
    await clock.advance(499);
    expect(config.get('cache.ttl')).toBe(10_000);
    await change('cache:\n  ttl: 30s\nlog:\n  level: debug\n');

    expect(config.get('cache.ttl')).toBe(30_000);
    expect(config.get('log.level')).toBe('debug');
    expect(ttls).toEqual([30_000]);
    expect(events).toHaveLength(1);
    expect(events[0]?.changed).toEqual(['log.level', 'cache.ttl']);
  });

  it('rejects an invalid file, keeps the old config and reports why', async () => {
    const { config, change } = await watched('cache:\n  ttl: 10s\n');
    const errors: (Error & { code?: ErrorCode })[] = [];
    const changes: unknown[] = [];
    config.onError((error) => errors.push(error));
    config.onChange((cfg) => changes.push(cfg));

    await change('cache:\n  ttl: whenever\n');
    expect(config.get('cache.ttl')).toBe(10_000);
    expect(errors[0]?.code).toBe('OUTRIDER_CONFIG_INVALID');
    expect(errors[0]?.message).toContain('cache.ttl');
    expect(config.health()).toMatchObject({ status: 'degraded' });

    await change('cache:\n  ttl: [oops\n');
    expect(errors[1]?.code).toBe('OUTRIDER_CONFIG_SYNTAX');

    await change('cache:\n  ttl: 15s\n');
    expect(config.get('cache.ttl')).toBe(15_000);
    expect(config.health()).toEqual({ status: 'healthy' });
    expect(changes).toHaveLength(1);
  });

  it('keeps restart-required keys at their old value and reports them', async () => {
    const { config, change } = await watched('server:\n  port: 8000\ncache:\n  ttl: 10s\n');
    const events: ConfigChangeEvent<unknown>[] = [];
    config.onChange((_cfg, event) => events.push(event));
    const portChanges: unknown[] = [];
    config.onChange('server.port', (port) => portChanges.push(port));

    await change('server:\n  port: 9000\ncache:\n  ttl: 20s\n');
    expect(config.get('server.port')).toBe(8000);
    expect(config.get('cache.ttl')).toBe(20_000);
    expect(events[0]).toMatchObject({ changed: ['cache.ttl'], restartRequired: ['server.port'] });
    expect(portChanges).toEqual([]);
    expect(config.pendingRestart).toEqual(['server.port']);
    expect(config.health()).toEqual({ status: 'degraded', detail: 'restart required for server.port' });

    await change('server:\n  port: 8000\ncache:\n  ttl: 20s\n');
    expect(config.pendingRestart).toEqual([]);
  });

  it('stops reloading after unwatch()', async () => {
    const { config, clock } = await watched('cache:\n  ttl: 10s\n');
    const stop = config.watch();
    stop();
    writeFileSync(config.file as string, 'cache:\n  ttl: 99s\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(1000);
    expect(config.get('cache.ttl')).toBe(10_000);
  });
});
