import { parseArgs } from 'node:util';
import { SIDECAR_VERSION } from '../version.js';
import { type Command, EXIT, type Io } from './command.js';
import { dashboardsCommand } from './dashboards.js';
import { initCommand } from './init.js';
import { pluginsCommand } from './plugins.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { validateCommand } from './validate.js';

const COMMANDS: readonly Command[] = [
  startCommand,
  validateCommand,
  initCommand,
  pluginsCommand,
  statusCommand,
  dashboardsCommand,
];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** ` (did you mean "start"?)` when a name is close to one we know. */
function hint(wrong: string, known: readonly string[]): string {
  const best = known.map((name) => ({ name, score: distance(wrong, name) })).sort((x, y) => x.score - y.score)[0];
  return best !== undefined && best.score <= 2 ? ` (did you mean "${best.name}"?)` : '';
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `outrider ${SIDECAR_VERSION}: an observability and ops sidecar`,
    '',
    'Usage: outrider <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `outrider <command> --help` for its options.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...command.optionHelp.map((line) => `  ${line}`),
    '  -h, --help            show this help',
    '',
  ].join('\n');
}

/** Runs one `outrider` command line; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${SIDECAR_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const names = COMMANDS.map((candidate) => candidate.name);
    io.err(`outrider: unknown command "${name}"${hint(name, names)}; commands: ${names.join(', ')}\n`);
    return EXIT.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.subcommands !== undefined,
    });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^']+)'/.exec(message)?.[1];
    const known = Object.keys(command.options).map((option) => `--${option}`);
    const suggestion = flag === undefined ? '' : hint(flag.replace(/=.*/, ''), known);
    io.err(`outrider ${command.name}: ${message}${suggestion}\nsee: outrider ${command.name} --help\n`);
    return EXIT.usage;
  }
  if (parsed.values.help === true) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  if (command.subcommands !== undefined) {
    const [sub, ...extra] = parsed.positionals;
    if (sub === undefined || !command.subcommands.includes(sub) || extra.length > 0) {
      const wrong =
        sub === undefined
          ? 'a subcommand is needed'
          : `unknown subcommand "${[sub, ...extra].join(' ')}"${hint(sub, command.subcommands)}`;
      io.err(
        `outrider ${command.name}: ${wrong}; one of: ${command.subcommands.join(', ')}\nsee: outrider ${command.name} --help\n`,
      );
      return EXIT.usage;
    }
  }
  return command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals, io);
}
