import {
  type HealthReport,
  type ModuleContext,
  type ModuleInterface,
  type ModuleStatus,
  OutriderError,
  toError,
} from '@outrider/core';
import type { SidecarPluginContext } from '@outrider/plugin-api';
import type { CommandJobConfig, HttpJobConfig, JobConfig, JobsConfig } from './config.js';
import { jobsErrors } from './error-codes.js';
import { JobMetrics } from './job-metrics.js';
import { runCommand } from './run-command.js';
import { isExpectedStatus, runHttp } from './run-http.js';

/** What a job does, in a few words, for /plugins/<instance>/jobs. */
const targetOf = (job: JobConfig) =>
  job.kind === 'http' ? `${job.method} ${job.url}` : [job.command, ...job.args].join(' ');

/**
 * Adds the configured jobs to the host's scheduler while running (as `<instance>.<name>`) and runs
 * them: an HTTP call or a command. A run fails with OUTRIDER_JOB_RUN_FAILED, so the scheduler's
 * runs/failures/duration series and /api/scheduler/jobs show it; the plugin adds the gauges the
 * scheduler cannot know (last success time, exit code, HTTP status).
 */
export class JobsModule implements ModuleInterface<JobsConfig> {
  readonly name: string;
  #status: ModuleStatus = 'registered';
  #config: JobsConfig;
  readonly #ctx: SidecarPluginContext;
  readonly #metrics: JobMetrics;
  /** Aborted by stop: runs in flight are cancelled (commands killed) rather than left behind. */
  #stopping = new AbortController();
  readonly #inFlight = new Set<Promise<unknown>>();
  #added: string[] = [];

  constructor(ctx: SidecarPluginContext, config: JobsConfig) {
    this.name = ctx.instanceName;
    this.#ctx = ctx;
    this.#config = config;
    this.#metrics = new JobMetrics(ctx.registry);
    ctx.routes.add('GET', '/jobs', () => ({ body: this.list() }));
  }

  get status(): ModuleStatus {
    return this.#status;
  }

  initialize(_ctx: ModuleContext<JobsConfig>): void {
    this.#status = 'initialized';
  }

  start(): void {
    this.#stopping = new AbortController();
    try {
      this.#addJobs();
    } catch (error) {
      this.#removeJobs();
      throw error;
    }
    this.#status = 'running';
  }

  async stop(signal: AbortSignal): Promise<void> {
    if (this.#status !== 'running') {
      this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    this.#removeJobs();
    this.#stopping.abort(new OutriderError('OUTRIDER_ABORTED', `plugin "${this.name}" stopped`, { module: this.name }));
    const deadline = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([Promise.allSettled(this.#inFlight), deadline]);
    this.#status = 'stopped';
  }

  health(): HealthReport {
    if (this.#status !== 'running') return { status: 'unhealthy', detail: `plugin is ${this.#status}` };
    const failing = this.#added.filter((id) => {
      const outcome = this.#ctx.scheduler.get(id).lastOutcome;
      return outcome === 'failure' || outcome === 'timeout';
    });
    return failing.length === 0
      ? { status: 'healthy' }
      : { status: 'degraded', detail: `failing: ${failing.join(', ')}` };
  }

  reconfigure(next: JobsConfig): void {
    const running = this.#status === 'running';
    if (running) this.#removeJobs();
    this.#config = next;
    if (running) this.#addJobs();
  }

  /** The configured jobs with what they do and their scheduler status (while running). */
  list(): Record<string, unknown>[] {
    return Object.entries(this.#config.jobs).map(([name, job]) => {
      const id = this.#idOf(name);
      return {
        id,
        name,
        kind: job.kind,
        target: targetOf(job),
        ...(this.#added.includes(id) ? this.#ctx.scheduler.get(id) : { scheduled: false }),
      };
    });
  }

  #idOf(name: string): string {
    return `${this.name}.${name}`;
  }

  #addJobs(): void {
    for (const [name, job] of Object.entries(this.#config.jobs)) {
      const id = this.#idOf(name);
      this.#ctx.scheduler.add({
        id,
        ...(job.every !== undefined && { every: job.every }),
        ...(job.cron !== undefined && { cron: job.cron }),
        ...(job.timezone !== undefined && { timezone: job.timezone }),
        ...(job.jitter !== undefined && { jitter: job.jitter }),
        maxInstances: job.maxInstances,
        coalesce: job.coalesce,
        timeout: job.timeout,
        // A timed-out command gets killGrace to die before the scheduler gives up on it.
        abandonAfter: (job.kind === 'command' ? job.killGrace : 0) + 1_000,
        paused: job.paused,
        replaceExisting: true,
        run: ({ signal }) => this.#track(this.#run(name, job, AbortSignal.any([signal, this.#stopping.signal]))),
      });
      this.#added.push(id);
    }
  }

  #removeJobs(): void {
    for (const id of this.#added) this.#ctx.scheduler.remove(id);
    for (const name of Object.keys(this.#config.jobs)) this.#metrics.forget(this.name, name);
    this.#added = [];
  }

  #track<T>(run: Promise<T>): Promise<T> {
    this.#inFlight.add(run);
    const untrack = () => this.#inFlight.delete(run);
    run.then(untrack, untrack);
    return run;
  }

  async #run(name: string, job: JobConfig, signal: AbortSignal): Promise<void> {
    try {
      if (job.kind === 'http') await this.#runHttp(name, job, signal);
      else await this.#runCommand(name, job, signal);
    } catch (error) {
      this.#metrics.set('lastRunSuccess', this.name, name, 0);
      throw error;
    }
    this.#metrics.set('lastRunSuccess', this.name, name, 1);
    this.#metrics.set('lastSuccess', this.name, name, this.#ctx.clock.now() / 1000);
  }

  async #runHttp(name: string, job: HttpJobConfig, signal: AbortSignal): Promise<void> {
    let status: number;
    try {
      status = await runHttp(job, signal);
    } catch (error) {
      this.#metrics.set('httpStatus', this.name, name, 0);
      if (signal.aborted) throw signal.reason;
      throw this.#failed(name, `${job.method} ${job.url} failed: ${describe(error)}`, { cause: error });
    }
    this.#metrics.set('httpStatus', this.name, name, status);
    if (!isExpectedStatus(job, status)) {
      const expected = job.expectStatus.length === 0 ? '2xx' : job.expectStatus.join(', ');
      throw this.#failed(name, `${job.method} ${job.url} answered ${status}, expected ${expected}`, { status });
    }
  }

  async #runCommand(name: string, job: CommandJobConfig, signal: AbortSignal): Promise<void> {
    const result = await runCommand(job, signal, this.#ctx.clock);
    this.#metrics.set('exitCode', this.name, name, result.exitCode);
    if (signal.aborted) throw signal.reason;
    if (result.exitCode !== 0) {
      const how = result.signal === null ? `exited with code ${result.exitCode}` : `was killed by ${result.signal}`;
      const stderr = result.lastStderrLine === '' ? '' : `: ${result.lastStderrLine}`;
      throw this.#failed(name, `"${job.command}" ${how}${stderr}`, { exitCode: result.exitCode });
    }
  }

  #failed(name: string, message: string, details: Record<string, unknown>): OutriderError {
    const { cause, ...rest } = details;
    return jobsErrors.create('OUTRIDER_JOB_RUN_FAILED', `job "${this.#idOf(name)}": ${message}`, {
      module: this.name,
      ...(cause !== undefined && { cause }),
      details: { job: this.#idOf(name), ...rest },
    });
  }
}

/** A fetch failure's useful part: undici hides the reason (ECONNREFUSED, ...) in `cause`. */
function describe(error: unknown): string {
  const { message, cause } = toError(error);
  return cause instanceof Error ? `${message} (${cause.message})` : message;
}
