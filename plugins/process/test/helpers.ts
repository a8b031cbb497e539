import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Clock, Logger } from '@outrider/core';
import { createTestModuleContext, createTestPluginContext, type TestPluginContext } from '@outrider/testing';
import { plugin } from '../src/index.js';
import type { ProcessModule } from '../src/process-module.js';

/** A node child running `script`, killed when the test's `cleanup` runs. */
export function spawnNode(script: string, cleanup: (fn: () => void) => void): ChildProcess {
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  cleanup(() => {
    child.kill('SIGKILL');
  });
  return child;
}

export async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

export { metricValue } from '@outrider/testing';

export interface Started {
  ctx: TestPluginContext;
  module: ProcessModule;
  stop(): Promise<void>;
}

/** Parses `config`, creates the plugin on a test context and starts it. */
export async function startProcessPlugin(
  config: unknown,
  options: { clock?: Clock; logger?: Logger } = {},
): Promise<Started> {
  const parsed = plugin.parseConfig(config);
  const ctx = createTestPluginContext({ instanceName: 'app', ...options });
  const module = plugin.create(ctx, parsed) as ProcessModule;
  await module.initialize(createTestModuleContext('app', parsed));
  await module.start();
  return { ctx, module, stop: () => Promise.resolve(module.stop(AbortSignal.timeout(5_000))) };
}

/** True while `pid` exists (signal 0 checks without signalling). */
/** True while `pid` is alive: a killed process whose parent is gone may linger as a zombie until reaped. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}
