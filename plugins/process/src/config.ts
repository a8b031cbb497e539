import { duration, secret } from '@outrider/config/schema';
import { whyNotDirectory, whyNotExecutable } from '@outrider/core';
import { z } from 'zod';

const backoffSchema = z.strictObject({
  /** Delay before the first restart. */
  minDelay: duration().prefault('1s'),
  /** Upper bound of any restart delay. */
  maxDelay: duration().prefault('30s'),
  factor: z.number().min(1).default(2),
  /** Spread restarts over [delay/2, delay] (core's backoffDelay). */
  jitter: z.boolean().default(true),
  /** A run at least this long resets the backoff to minDelay. */
  resetAfter: duration().prefault('1m'),
});

export const processConfigSchema = z
  .strictObject({
    /** Watch this process id. */
    pid: z.number().int().positive().optional(),
    /** Watch the process whose id is in this file (re-read at every sample, so a restarted app is followed). */
    pidFile: z.string().min(1).optional(),
    /** Supervise: start this executable (no shell), restart it when it exits, stop it with the plugin. */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    cwd: z.string().min(1).optional(),
    /** Added to the sidecar's environment for the child. */
    env: z.record(z.string(), secret(z.string())).default({}),
    /** Restart the command when it exits (any exit code). */
    autoRestart: z.boolean().default(true),
    backoff: backoffSchema.prefault({}),
    /** How long the child has between SIGTERM and SIGKILL when the plugin stops. */
    stopGrace: duration().prefault('10s'),
    /** stdout/stderr lines kept for /plugins/<instance>/logs (0 keeps none). */
    logLines: z.number().int().min(0).max(100_000).default(1000),
    /** Longer lines are cut to this many characters. */
    maxLineLength: z.number().int().positive().default(4096),
    /** Also write each captured line to the sidecar's log (stdout at info, stderr at warn). */
    forwardLogs: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    const modes = (['pid', 'pidFile', 'command'] as const).filter((key) => config[key] !== undefined);
    if (modes.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set one of pid, pidFile (watch) or command (supervise)' });
    }
    for (const extra of modes.slice(1)) {
      ctx.addIssue({
        code: 'custom',
        path: [extra],
        message: `set only one of pid, pidFile or command, not ${modes.join(' and ')}`,
      });
    }
    if (config.command === undefined) {
      for (const key of ['args', 'cwd'] as const) {
        const set = key === 'args' ? config.args.length > 0 : config.cwd !== undefined;
        if (set) ctx.addIssue({ code: 'custom', path: [key], message: `${key} only applies with command` });
      }
      return;
    }
    const badCwd = config.cwd === undefined ? undefined : whyNotDirectory(config.cwd);
    if (badCwd !== undefined) ctx.addIssue({ code: 'custom', path: ['cwd'], message: badCwd });
    const badCommand = whyNotExecutable(config.command, config.cwd, config.env.PATH);
    if (badCommand !== undefined) ctx.addIssue({ code: 'custom', path: ['command'], message: badCommand });
    if (config.backoff.maxDelay < config.backoff.minDelay) {
      ctx.addIssue({ code: 'custom', path: ['backoff', 'maxDelay'], message: 'must be at least backoff.minDelay' });
    }
  });

export type ProcessConfig = z.output<typeof processConfigSchema>;
