import type { ModuleContext, ModuleInterface, ModuleState } from '@outrider/core';
import { definePlugin, type PluginContext } from '@outrider/plugin-api';
import { z } from 'zod';

const configSchema = z.object({
  intervalMs: z.number().int().positive().default(1_000),
  labels: z.record(z.string(), z.string()).default({}),
});
type HeartbeatConfig = z.output<typeof configSchema>;

/** A small, well-behaved plugin: counts beats on a timer that stop clears. */
class Heartbeat implements ModuleInterface<HeartbeatConfig> {
  readonly name: string;
  status: ModuleState = 'registered';
  beats = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    host: PluginContext,
    private config: HeartbeatConfig,
  ) {
    this.name = host.instanceName;
  }

  initialize(_ctx: ModuleContext<HeartbeatConfig>): void {
    this.status = 'initialized';
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.beats += 1;
    }, this.config.intervalMs);
    this.status = 'running';
  }

  health() {
    return { status: 'healthy' as const };
  }

  reconfigure(next: HeartbeatConfig): void {
    this.config = next;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.status = 'stopped';
  }
}

export const heartbeatPlugin = definePlugin({
  name: 'heartbeat',
  version: '1.0.0',
  stability: 'stable',
  configSchema,
  create: (ctx, config) => new Heartbeat(ctx, config),
});
