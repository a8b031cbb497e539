import { writeFileSync } from 'node:fs';
import { ManualClock, ModuleManager } from '@outrider/core';
import { describe, expect, it, vi } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

describe('ConfigManager as a module', () => {
  it('loads on initialize, watches while running, stops watching on stop', async () => {
    const cwd = project({ 'outrider.yaml': 'cache:\n  ttl: 10s\n' });
    const clock = new ManualClock();
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, debounce: 100 });
    const manager = new ModuleManager({ clock, healthCheckInterval: 0 });
    manager.register(config);
    expect(config.status).toBe('registered');

    await manager.startAll();
    expect(config.status).toBe('running');
    expect(config.get('cache.ttl')).toBe(10_000);

    const changed = new Promise((resolve) => config.onChange('cache.ttl', resolve));
    writeFileSync(config.file as string, 'cache:\n  ttl: 20s\n');
    await vi.waitFor(() => expect(clock.pendingTimers).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    await clock.advance(100);
    expect(await changed).toBe(20_000);
    expect(config.get('cache.ttl')).toBe(20_000);

    await manager.stopAll();
    expect(config.status).toBe('stopped');
    writeFileSync(config.file as string, 'cache:\n  ttl: 30s\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(100);
    expect(config.get('cache.ttl')).toBe(20_000);
  });

  it('fails initialize with the config error, so the manager reports it', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  port: nope\n' });
    const manager = new ModuleManager({
      clock: new ManualClock(),
      healthCheckInterval: 0,
      restart: { maxRestarts: 0 },
    });
    manager.register(new ConfigManager({ name: 'outrider', schema, cwd, env: {} }));
    const report = await manager.startAll();
    expect(report.failed).toEqual(['config']);
    expect(manager.status()[0]?.lastError?.message).toContain('server.port: expected number');
  });

  it('stop() is safe before start() and twice', async () => {
    const config = new ConfigManager({ name: 'outrider', schema, cwd: project(), env: {} });
    config.stop();
    config.stop();
    expect(config.status).toBe('stopped');
  });
});
