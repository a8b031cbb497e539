import { writeFileSync } from 'node:fs';
import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../src/index.js';
import { project, schema } from './helpers.js';

describe('metrics', () => {
  it('counts reloads by result and records the last success', async () => {
    const cwd = project({ 'outrider.yaml': 'server:\n  port: 8000\n' });
    const registry = new Registry();
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {}, registry });
    await config.load();
    await config.reload();
    writeFileSync(config.file as string, 'server:\n  port: x\n');
    await config.reload().catch(() => {});
    writeFileSync(config.file as string, 'server:\n  port: 9000\n');
    await config.reload();

    const text = await registry.metrics();
    expect(text).toContain('outrider_config_reloads_total{result="success"} 2');
    expect(text).toContain('outrider_config_reloads_total{result="failure"} 1');
    expect(text).toContain('outrider_config_restart_pending 1');
    expect(text).toMatch(/outrider_config_last_reload_success_timestamp_seconds \d+/);
  });

  it('lets two managers share one registry, their reloads adding up', async () => {
    const registry = new Registry();
    const first = new ConfigManager({
      name: 'outrider',
      schema,
      cwd: project({ 'outrider.yaml': 'server:\n  port: 8000\n' }),
      env: {},
      registry,
    });
    const second = new ConfigManager({
      name: 'outrider',
      schema,
      cwd: project({ 'outrider.yaml': 'server:\n  port: 8000\n' }),
      env: {},
      registry,
    });
    await first.load();
    await second.load();
    await first.reload();
    await second.reload();

    expect(await registry.metrics()).toContain('outrider_config_reloads_total{result="success"} 2');
  });

  it('refuses a registry where the name means another type, naming the metric', () => {
    const registry = new Registry();
    new Gauge({ name: 'outrider_config_reloads_total', help: 'not a counter', registers: [registry] });
    expect(() => new ConfigManager({ name: 'outrider', schema, cwd: project({}), env: {}, registry })).toThrow(
      expect.objectContaining({
        code: 'OUTRIDER_METRIC_CONFLICT',
        message: expect.stringContaining('outrider_config_reloads_total'),
      }),
    );
  });
});
