import { duration, secret, secretUrl } from '@outrider/config/schema';
import { whyNotDirectory, whyNotExecutable } from '@outrider/core';
import { Cron } from 'croner';
import { z } from 'zod';

const positiveDuration = () => duration().refine((ms) => ms > 0, 'must be more than 0');

/** Fields every job has: when it runs and how runs may overlap. */
const scheduleFields = {
  /** Fixed-rate interval, e.g. `31s`. Exactly one of every / cron. */
  every: positiveDuration().optional(),
  /** Cron pattern (5 or 6 fields, croner syntax), e.g. `7 3 * * *`. */
  cron: z.string().min(1).optional(),
  /** IANA timezone for cron, e.g. `Asia/Seoul`. Default: the sidecar's local zone. */
  timezone: z.string().min(1).optional(),
  /** Runs allowed at once; a fire beyond that is skipped and counted. */
  maxInstances: z.number().int().min(1).default(1),
  /** Fires missed while the process stalled run once instead of once each. */
  coalesce: z.boolean().default(true),
  /** A run still going after this is aborted (a command's process group is killed) and counted as a timeout. */
  timeout: positiveDuration().prefault('30s'),
  /** Each fire is delayed by a random [0, jitter). */
  jitter: duration().optional(),
  /** Added but not fired until resumed (runNow still runs it). */
  paused: z.boolean().default(false),
};

const httpJobSchema = z.strictObject({
  kind: z.literal('http'),
  ...scheduleFields,
  url: secretUrl(
    z.url({
      protocol: /^https?$/,
      error: (issue) => (issue.input === undefined ? 'url is required' : 'must be an http or https URL'),
    }),
  ),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  headers: z.record(z.string(), secret(z.string())).default({}),
  /** Sent as is; an object is sent as JSON. */
  body: secret(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  /** Statuses that count as success. Default: any 2xx. */
  expectStatus: z.array(z.number().int().min(100).max(599)).default([]),
});

const commandJobSchema = z.strictObject({
  kind: z.literal('command'),
  ...scheduleFields,
  /** An executable (looked up on PATH, no shell), or a shell command line with `shell: true`. */
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  cwd: z.string().min(1).optional(),
  /** Added to the sidecar's environment. */
  env: z.record(z.string(), secret(z.string())).default({}),
  /** Run through /bin/sh. Off by default: arguments are never interpreted by a shell unless asked. */
  shell: z.boolean().default(false),
  /** After a timeout, SIGTERM goes to the command's process group and SIGKILL this much later. */
  killGrace: duration().prefault('2s'),
});

function isTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const jobSchema = z.discriminatedUnion('kind', [httpJobSchema, commandJobSchema]).superRefine((job, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if ((job.every === undefined) === (job.cron === undefined)) problem('every', 'set exactly one of every or cron');
  if (job.timezone !== undefined) {
    if (job.cron === undefined) problem('timezone', 'timezone only applies with cron');
    else if (!isTimezone(job.timezone))
      problem('timezone', `unknown timezone "${job.timezone}" (expected an IANA name)`);
  }
  if (job.cron !== undefined && (job.timezone === undefined || isTimezone(job.timezone))) {
    try {
      const cron = new Cron(job.cron, { paused: true, ...(job.timezone && { timezone: job.timezone }) });
      if (cron.nextRun() === null) problem('cron', `pattern "${job.cron}" never fires`);
    } catch (error) {
      problem('cron', `invalid cron pattern "${job.cron}": ${(error as Error).message}`);
    }
  }
  if (job.kind === 'command') {
    const badCwd = job.cwd === undefined ? undefined : whyNotDirectory(job.cwd);
    if (badCwd !== undefined) problem('cwd', badCwd);
    // A shell command line is the shell's to resolve.
    const badCommand = job.shell ? undefined : whyNotExecutable(job.command, job.cwd, job.env.PATH);
    if (badCommand !== undefined) problem('command', badCommand);
  }
});

export const jobsConfigSchema = z.strictObject({
  /** Jobs by name; the scheduler knows each as `<instance>.<name>`. */
  jobs: z
    .record(z.string().regex(/^[A-Za-z0-9][\w-]*$/, 'job names are letters, digits, _ and -'), jobSchema)
    .default({}),
});

export type JobsConfig = z.output<typeof jobsConfigSchema>;
export type JobConfig = z.output<typeof jobSchema>;
export type HttpJobConfig = z.output<typeof httpJobSchema>;
export type CommandJobConfig = z.output<typeof commandJobSchema>;
