import type { ParseArgsConfig } from 'node:util';

/** Exit codes from sysexits(3), so scripts can tell bad usage from bad config from a failure. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 64,
  unavailable: 69,
  cantCreate: 73,
  noPermission: 77,
  config: 78,
  software: 70,
  /** 128 + the signal's number: stopped by SIGINT or SIGTERM before start-up finished. */
  interrupted: { SIGINT: 130, SIGTERM: 143 },
} as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** `outrider <name> ...` synopsis. */
  readonly usage: string;
  readonly options: Options;
  /** Subcommands, for commands that take one (`outrider dashboards export`). */
  readonly subcommands?: readonly string[];
  /** One line per option, for --help. */
  readonly optionHelp: readonly string[];
  run(values: Values, positionals: string[], io: Io): Promise<number>;
}
