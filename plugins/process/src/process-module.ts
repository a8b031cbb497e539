import { isDeepStrictEqual } from 'node:util';
import {
  type HealthReport,
  isOutriderError,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
} from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import type { ProcessConfig } from './config.js';
import { LogBuffer, type LogStream } from './log-buffer.js';
import { logsRoute } from './logs-route.js';
import { readPidFile } from './pid-source.js';
import { ProcReader, type ProcSample } from './proc-reader.js';
import { reportProcessMetrics } from './process-metrics.js';
import type { ProcessSnapshot } from './snapshot.js';
import { type ExitRecord, Supervisor } from './supervisor.js';

/** What the child is started with: a change here restarts it on reconfigure. */
const launchOf = (config: ProcessConfig) => [config.command, config.args, config.cwd, config.env];

/**
 * Watches a process (`pid` / `pidFile`) or supervises one (`command`), reading its numbers from
 * /proc when scraped. Health is degraded, never unhealthy, while the process is down: an unhealthy
 * answer makes the host restart the plugin, which cannot bring a watched process back and would
 * only kill a supervised one that is about to be restarted anyway.
 */
export class ProcessModule implements ModuleInterface<ProcessConfig> {
  readonly name: string;
  #status: ModuleStatus = 'registered';
  #config: ProcessConfig;
  readonly #ctx: SidecarPluginContext;
  readonly #procRoot: string;
  #proc: ProcReader | undefined;
  #supervisor: Supervisor | undefined;
  #logs: LogBuffer | undefined;
  readonly #exits: Record<string, number> = {};
  readonly #logLines = { stdout: 0, stderr: 0 };
  #untrack: (() => void) | undefined;
  /** One /proc read per scrape: every metric's collect runs in the same tick and shares it. */
  #memo: { sample: ProcSample | undefined; pid: number | undefined } | undefined;

  constructor(ctx: SidecarPluginContext, config: ProcessConfig, procRoot = '/proc') {
    this.name = ctx.instanceName;
    this.#ctx = ctx;
    this.#config = config;
    this.#procRoot = procRoot;
    ctx.routes.add(
      'GET',
      '/logs',
      logsRoute(() => this.#logs),
    );
    ctx.routes.add('GET', '/status', () => ({ body: this.snapshot() }));
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(_ctx: ModuleContext<ProcessConfig>): void {
    try {
      this.#proc = new ProcReader(this.#procRoot);
    } catch (error) {
      // Supervising works anywhere; only the /proc numbers are missing. Watching has nothing else.
      if (!isOutriderError(error, 'OUTRIDER_PROCESS_UNSUPPORTED') || this.#config.command === undefined) throw error;
      this.#ctx.logger.warn({ err: error }, 'no /proc here: supervising without CPU, memory, fd and thread metrics');
    }
    this.#status = 'initialized';
  }

  start(): void {
    this.#untrack = reportProcessMetrics(this.#ctx.registry, { plugin: this.name, snapshot: () => this.snapshot() });
    if (this.#config.command !== undefined) this.#supervise(this.#config);
    this.#status = 'running';
  }

  async stop(signal: AbortSignal): Promise<void> {
    if (this.#status !== 'running') {
      this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    await this.#supervisor?.stop(this.#config.stopGrace, signal);
    this.#supervisor = undefined;
    this.#untrack?.();
    this.#status = 'stopped';
  }

  health(): HealthReport {
    if (this.#status !== 'running') return { status: 'unhealthy', detail: `plugin is ${this.#status}` };
    const snapshot = this.snapshot();
    if (snapshot.up) return { status: 'healthy' };
    return { status: 'degraded', detail: this.#whyDown(snapshot) };
  }

  async reconfigure(next: ProcessConfig): Promise<void> {
    const previous = this.#config;
    this.#config = next;
    if (next.logLines !== previous.logLines && this.#logs !== undefined)
      this.#logs = this.#resized(this.#logs, next.logLines);
    if (this.#status !== 'running' || isDeepStrictEqual(launchOf(previous), launchOf(next))) return;
    this.#ctx.logger.info('command changed: restarting the child');
    await this.#supervisor?.stop(previous.stopGrace, AbortSignal.timeout(previous.stopGrace + 5_000));
    this.#supervisor = undefined;
    if (next.command !== undefined) this.#supervise(next);
  }

  /** The process as it is now; /proc is read at most once per tick. */
  snapshot(): ProcessSnapshot {
    const supervisor = this.#supervisor;
    const memo = this.#memo ?? this.#read();
    return {
      mode: this.#config.command === undefined ? 'watch' : 'supervise',
      pid: memo.pid,
      up:
        memo.pid !== undefined &&
        (this.#proc === undefined ? supervisor?.pid !== undefined : memo.sample !== undefined),
      sample: memo.sample,
      restarts: supervisor?.restarts ?? 0,
      exits: { ...this.#exits },
      lastExit: supervisor?.lastExit,
      nextRestartAt: supervisor?.nextRestartAt,
      logLines: { ...this.#logLines },
    };
  }

  #read(): { sample: ProcSample | undefined; pid: number | undefined } {
    const { pid, pidFile } = this.#config;
    const current = this.#supervisor?.pid ?? pid ?? (pidFile === undefined ? undefined : readPidFile(pidFile));
    const memo = { pid: current, sample: current === undefined ? undefined : this.#proc?.sample(current) };
    this.#memo = memo;
    queueMicrotask(() => {
      this.#memo = undefined;
    });
    return memo;
  }

  #supervise(config: ProcessConfig): void {
    this.#logs ??= config.logLines > 0 ? new LogBuffer(config.logLines) : undefined;
    const supervisor = new Supervisor(
      { ...config, command: config.command as string },
      this.#ctx.clock,
      this.#ctx.logger,
      {
        onLine: (stream, line) => this.#onLine(stream, line),
        onExit: (exit) => this.#onExit(exit),
      },
    );
    this.#supervisor = supervisor;
    supervisor.start();
  }

  #onLine(stream: LogStream, line: string): void {
    this.#logLines[stream]++;
    this.#logs?.push({ time: this.#ctx.clock.now(), stream, line });
    if (this.#config.forwardLogs) this.#ctx.logger[stream === 'stderr' ? 'warn' : 'info']({ stream }, line);
  }

  #onExit(exit: ExitRecord): void {
    const key = exit.signal ?? (exit.code === null ? 'spawn_error' : String(exit.code));
    this.#exits[key] = (this.#exits[key] ?? 0) + 1;
  }

  #whyDown(snapshot: ProcessSnapshot): string {
    const { pid, pidFile } = this.#config;
    if (snapshot.mode === 'watch') {
      if (pidFile !== undefined && snapshot.pid === undefined) return `no pid in ${pidFile}`;
      return `process ${snapshot.pid ?? pid} is not running`;
    }
    const exit = snapshot.lastExit;
    const how = exit?.error ?? (exit?.signal ? `killed by ${exit.signal}` : `exited with code ${exit?.code}`);
    if (snapshot.nextRestartAt === undefined) return `${how}; autoRestart is off`;
    const inMs = Math.max(0, snapshot.nextRestartAt - this.#ctx.clock.now());
    return `${how}; restart ${snapshot.restarts + 1} in ${Math.ceil(inMs / 1000)}s`;
  }

  #resized(buffer: LogBuffer, capacity: number): LogBuffer | undefined {
    if (capacity === 0) return undefined;
    const resized = new LogBuffer(capacity);
    for (const line of buffer.tail(capacity)) resized.push(line);
    return resized;
  }
}
