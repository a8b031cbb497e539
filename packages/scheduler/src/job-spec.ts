import { type Duration, parseDuration } from '@outrider/core';
import { Cron } from 'croner';
import { schedulerErrors } from './error-codes.js';
import type { JobContext, JobOptions, JobRetryOptions } from './job-options.js';
import { AfterOnlyTrigger, CronTrigger, IntervalTrigger, type Trigger } from './trigger.js';

/** A job definition after validation: durations in ms, defaults applied. */
export interface JobSpec {
  readonly id: string;
  readonly run: (ctx: JobContext) => unknown;
  readonly trigger: Trigger;
  readonly after: readonly string[];
  readonly maxInstances: number;
  readonly coalesce: boolean;
  readonly misfireGraceTime: number | undefined;
  readonly jitter: number;
  readonly timeout: number | undefined;
  readonly abandonAfter: number;
  readonly retry: (JobRetryOptions & { minDelay: number; maxDelay: number }) | undefined;
  readonly paused: boolean;
}

interface Problem {
  field: string;
  message: string;
}

/** Runs `parse`, recording its error message under `field` instead of throwing. */
function attempt<T>(problems: Problem[], field: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    // The line names the field already: drop a message's own `<field>: ` (parseDuration's).
    const message = error instanceof Error ? error.message : String(error);
    problems.push({ field, message: message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message });
    return undefined;
  }
}

function optionalDuration(problems: Problem[], field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return attempt(problems, field, () => parseDuration(value as Duration, field));
}

function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function cronTrigger(
  problems: Problem[],
  pattern: unknown,
  timezone: unknown,
  startAt: number | undefined,
): Trigger | undefined {
  if (timezone !== undefined && (typeof timezone !== 'string' || !isValidTimezone(timezone))) {
    problems.push({
      field: 'timezone',
      message: `unknown timezone ${JSON.stringify(timezone)} (expected an IANA name)`,
    });
    return undefined;
  }
  if (typeof pattern !== 'string') {
    problems.push({ field: 'cron', message: 'must be a cron pattern string' });
    return undefined;
  }
  const cron = attempt(
    problems,
    'cron',
    () => new Cron(pattern, { paused: true, ...(timezone === undefined ? {} : { timezone }) }),
  );
  if (cron === undefined) return undefined;
  const trigger = new CronTrigger(cron, pattern, timezone, startAt);
  if (trigger.nextAfter(Date.now()) === undefined) {
    problems.push({ field: 'cron', message: `pattern ${JSON.stringify(pattern)} never fires` });
    return undefined;
  }
  return trigger;
}

function trigger(problems: Problem[], options: JobOptions, after: readonly string[]): Trigger | undefined {
  const { every, cron, timezone } = options;
  const startAt = options.startAt instanceof Date ? options.startAt.getTime() : options.startAt;
  if (startAt !== undefined && !Number.isFinite(startAt)) {
    problems.push({ field: 'startAt', message: 'must be a Date or ms since the epoch' });
  }
  if (every !== undefined && cron !== undefined) {
    problems.push({ field: 'every', message: 'give either every or cron, not both' });
    return undefined;
  }
  if (every !== undefined) {
    if (timezone !== undefined) problems.push({ field: 'timezone', message: 'applies to cron jobs only' });
    const ms = optionalDuration(problems, 'every', every);
    if (ms === 0) problems.push({ field: 'every', message: 'must be greater than 0' });
    return ms ? new IntervalTrigger(ms, startAt) : undefined;
  }
  if (cron !== undefined) return cronTrigger(problems, cron, timezone, startAt);
  if (after.length > 0) return new AfterOnlyTrigger(`after ${after.join(', ')}`);
  problems.push({ field: 'every', message: 'a job needs every, cron or after' });
  return undefined;
}

function retryOptions(problems: Problem[], retry: JobRetryOptions | undefined): JobSpec['retry'] {
  if (retry === undefined) return undefined;
  if (!Number.isInteger(retry.retries) || retry.retries < 0) {
    problems.push({ field: 'retry.retries', message: 'must be an integer >= 0' });
  }
  const factor = retry.factor;
  if (factor !== undefined && !(Number.isFinite(factor) && factor >= 0)) {
    problems.push({ field: 'retry.factor', message: 'must be a number >= 0' });
  }
  return {
    ...retry,
    minDelay: optionalDuration(problems, 'retry.minDelay', retry.minDelay) ?? 1000,
    maxDelay: optionalDuration(problems, 'retry.maxDelay', retry.maxDelay) ?? 30_000,
  };
}

/**
 * Validates `options` against the jobs already known (`exists`), collecting every problem; throws
 * one OUTRIDER_JOB_INVALID naming each field.
 */
export function toJobSpec(options: JobOptions, exists: (id: string) => boolean): JobSpec {
  const problems: Problem[] = [];
  const id = typeof options?.id === 'string' && options.id.length > 0 ? options.id : undefined;
  if (id === undefined) problems.push({ field: 'id', message: 'must be a non-empty string' });
  if (typeof options?.run !== 'function') problems.push({ field: 'run', message: 'must be a function' });

  const after = options?.after ?? [];
  if (!Array.isArray(after)) problems.push({ field: 'after', message: 'must be an array of job ids' });
  else {
    for (const name of after) {
      if (name === id) problems.push({ field: 'after', message: 'a job cannot run after itself' });
      else if (!exists(name)) problems.push({ field: 'after', message: `names a missing job ${JSON.stringify(name)}` });
    }
  }

  const spec = options === null || typeof options !== 'object' ? undefined : options;
  const jobTrigger = spec === undefined ? undefined : trigger(problems, spec, Array.isArray(after) ? after : []);
  const maxInstances = spec?.maxInstances ?? 1;
  if (!Number.isInteger(maxInstances) || maxInstances < 1) {
    problems.push({ field: 'maxInstances', message: 'must be an integer >= 1' });
  }
  const misfireGraceTime = optionalDuration(problems, 'misfireGraceTime', spec?.misfireGraceTime);
  const jitter = optionalDuration(problems, 'jitter', spec?.jitter) ?? 0;
  const timeout = optionalDuration(problems, 'timeout', spec?.timeout);
  if (timeout === 0) problems.push({ field: 'timeout', message: 'must be greater than 0' });
  const abandonAfter = optionalDuration(problems, 'abandonAfter', spec?.abandonAfter) ?? 1000;
  const retry = retryOptions(problems, spec?.retry);

  if (problems.length > 0 || id === undefined || jobTrigger === undefined || spec === undefined) {
    const label = id === undefined ? 'job' : `job ${JSON.stringify(id)}`;
    const lines = problems.map((problem) => `${problem.field}: ${problem.message}`);
    throw schedulerErrors.create('OUTRIDER_JOB_INVALID', `${label}: ${lines.join('; ')}`, {
      details: { job: id, field: problems[0]?.field, problems },
    });
  }
  return {
    id,
    run: spec.run,
    trigger: jobTrigger,
    after: [...after],
    maxInstances,
    coalesce: spec.coalesce ?? true,
    misfireGraceTime,
    jitter,
    timeout,
    abandonAfter,
    retry,
    paused: spec.paused ?? false,
  };
}
