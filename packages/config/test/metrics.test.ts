import { writeFileSync } from 'node:fs';
import { Registry } from 'prom-client';
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
});
