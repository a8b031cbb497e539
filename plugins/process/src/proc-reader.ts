import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processErrors } from './error-codes.js';

/** One reading of a process from /proc. */
export interface ProcSample {
  readonly pid: number;
  /** CPU time in user + kernel mode, in seconds. */
  readonly cpuSeconds: number;
  readonly residentBytes: number;
  /** Entries in /proc/<pid>/fd; undefined when not readable (another user's process). */
  readonly openFds: number | undefined;
  readonly threads: number;
  /** When the process started, in seconds since the epoch. */
  readonly startTimeSeconds: number;
}

/** A sysconf value through getconf(1) (Node has no sysconf), or `fallback` when getconf is missing. */
function sysconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Reads process numbers from Linux's /proc: /proc/<pid>/stat for CPU, RSS, threads and start time,
 * /proc/<pid>/fd for open descriptors. Throws OUTRIDER_PROCESS_UNSUPPORTED where there is no /proc.
 */
export class ProcReader {
  readonly #root: string;
  readonly #clockTicks: number;
  readonly #pageSize: number;
  readonly #bootTimeSeconds: number;

  constructor(root = '/proc') {
    if (!existsSync(join(root, 'self', 'stat'))) {
      throw processErrors.create(
        'OUTRIDER_PROCESS_UNSUPPORTED',
        `process metrics need Linux's /proc (no ${join(root, 'self', 'stat')} on ${process.platform})`,
        { details: { platform: process.platform, procRoot: root } },
      );
    }
    this.#root = root;
    this.#clockTicks = sysconf('CLK_TCK', 100);
    this.#pageSize = sysconf('PAGESIZE', 4096);
    const btime = /^btime (\d+)$/m.exec(readFileSync(join(root, 'stat'), 'utf8'));
    this.#bootTimeSeconds = Number(btime?.[1] ?? 0);
  }

  /** Whether `pid` is a live (not zombie) process. */
  isAlive(pid: number): boolean {
    return this.#stat(pid) !== undefined;
  }

  /** The process's numbers, or undefined when it is gone (or a zombie). */
  sample(pid: number): ProcSample | undefined {
    const fields = this.#stat(pid);
    if (fields === undefined) return undefined;
    // fields[0] is field 3 of proc(5): state. utime 14, stime 15, num_threads 20, starttime 22, rss 24.
    const ticks = this.#clockTicks;
    return {
      pid,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticks,
      residentBytes: Number(fields[21]) * this.#pageSize,
      openFds: this.#openFds(pid),
      threads: Number(fields[17]),
      startTimeSeconds: this.#bootTimeSeconds + Number(fields[19]) / ticks,
    };
  }

  /** Fields after the command name (which may hold spaces and parentheses), or undefined. */
  #stat(pid: number): string[] | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.#root, String(pid), 'stat'), 'latin1');
    } catch {
      return undefined;
    }
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields;
  }

  #openFds(pid: number): number | undefined {
    try {
      return readdirSync(join(this.#root, String(pid), 'fd')).length;
    } catch {
      return undefined;
    }
  }
}
