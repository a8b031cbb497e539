import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { type Clock, childEnvironment, sleep } from '@outrider/core';
import type { CommandJobConfig } from './config.js';
import { jobsErrors } from './error-codes.js';

/** How a command run ended. */
export interface CommandResult {
  /** The exit code; 128 + the signal number when killed by a signal. */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  /** The last line the command wrote to stderr (at most 500 characters), for error messages. */
  readonly lastStderrLine: string;
}

const STDERR_TAIL = 2048;

/**
 * Runs the command in its own process group. When `signal` aborts, SIGTERM goes to the whole group
 * (a shell and what it started), then SIGKILL `killGrace` later. Resolves when the command exits.
 */
export async function runCommand(job: CommandJobConfig, signal: AbortSignal, clock: Clock): Promise<CommandResult> {
  const child = spawn(job.command, job.args, {
    cwd: job.cwd,
    env: childEnvironment(job.env),
    shell: job.shell,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  const exited = new Promise<CommandResult>((resolve, reject) => {
    child.once('error', (error) => {
      if (child.pid === undefined) {
        reject(
          jobsErrors.create('OUTRIDER_JOB_RUN_FAILED', `could not start "${job.command}": ${error.message}`, {
            cause: error,
          }),
        );
      }
    });
    child.once('exit', (code, exitSignal) => {
      const lines = stderr.trimEnd().split('\n');
      resolve({
        exitCode: code ?? 128 + (exitSignal === null ? 0 : (constants.signals[exitSignal] ?? 0)),
        signal: exitSignal,
        lastStderrLine: (lines.at(-1) ?? '').slice(0, 500),
      });
    });
  });
  const killGroup = (killSignal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, killSignal);
    } catch {
      // Already gone.
    }
  };
  const settled = new AbortController();
  const onAbort = () => {
    killGroup('SIGTERM');
    sleep(clock, job.killGrace, settled.signal).then(
      () => killGroup('SIGKILL'),
      () => {},
    );
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await exited;
  } finally {
    settled.abort();
    signal.removeEventListener('abort', onAbort);
  }
}
