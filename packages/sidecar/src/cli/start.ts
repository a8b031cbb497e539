import { sleep, systemClock, toError } from '@outrider/core';
import { Agent } from '../agent/agent.js';
import { type Command, EXIT, type Io, type Values } from './command.js';
import { reportStartupError } from './config-errors.js';

function overridesFrom(values: Values): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides['server.port'] = Number(values.port);
  if (values['otlp-port'] !== undefined) overrides['plugins.otlp.receiver.port'] = Number(values['otlp-port']);
  if (values['log-level'] !== undefined) overrides['log.level'] = values['log-level'];
  return overrides;
}

function checkPorts(values: Values, io: Io): boolean {
  for (const flag of ['port', 'otlp-port']) {
    const value = values[flag];
    if (value === undefined) continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      io.err(`outrider start: --${flag} expects a port number 0-65535, got "${value}"\n`);
      return false;
    }
  }
  return true;
}

/**
 * Runs the agent until SIGTERM/SIGINT. SIGHUP reloads the config. Shutdown stops modules in reverse
 * order within `shutdown.timeout`; a second signal, or the deadline passing, exits at once with 1.
 */
async function run(values: Values, io: Io): Promise<number> {
  if (!checkPorts(values, io)) return EXIT.usage;
  let agent: Agent;
  try {
    agent = await Agent.create({
      ...(typeof values.config === 'string' ? { path: values.config } : {}),
      cwd: io.cwd,
      env: io.env,
      overrides: overridesFrom(values),
    });
  } catch (error) {
    return reportStartupError(error, io);
  }
  const { logger } = agent;
  // A plugin's asynchronous throw fails that plugin, not the sidecar.
  process.on('uncaughtException', (error) => agent.handleUncaught(error, 'exception'));
  process.on('unhandledRejection', (reason) => agent.handleUncaught(reason, 'rejection'));

  let stopping: Promise<number> | undefined;
  const shutdown = (signal: string): Promise<number> => {
    if (stopping !== undefined) {
      logger.warn({ signal }, 'second signal: exiting now');
      logger.flushSync();
      process.exit(EXIT.failure);
    }
    logger.info({ signal, timeoutMs: agent.config.shutdown.timeout }, 'shutting down');
    const deadline = new AbortController();
    stopping = Promise.race([
      agent.stop().then(() => EXIT.ok),
      sleep(systemClock, agent.config.shutdown.timeout, deadline.signal).then(
        () => {
          logger.error({ timeoutMs: agent.config.shutdown.timeout }, 'shutdown deadline passed; exiting');
          return EXIT.failure;
        },
        () => EXIT.failure,
      ),
    ]).finally(() => deadline.abort());
    return stopping;
  };
  const stopped = new Promise<number>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => resolve(shutdown(signal)));
  });
  process.on('SIGHUP', () => {
    agent.reload().catch((error: unknown) => logger.error({ err: toError(error) }, 'reload failed'));
  });

  const report = await agent.start();
  logger.info(report, 'outrider started');
  if (values.strict === true && (report.failed.length > 0 || report.blocked.length > 0)) {
    logger.error({ failed: report.failed, blocked: report.blocked }, '--strict: a module failed to start');
    const code = await shutdown('strict');
    return code === EXIT.ok ? EXIT.failure : code;
  }
  const code = await stopped;
  logger.info({ code }, 'outrider stopped');
  logger.flushSync();
  return code;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the sidecar until SIGTERM or SIGINT (SIGHUP reloads the config)',
  usage: 'outrider start [--config PATH] [--port N] [--otlp-port N] [--log-level L] [--strict]',
  options: {
    config: { type: 'string', short: 'c' },
    port: { type: 'string', short: 'p' },
    'otlp-port': { type: 'string' },
    'log-level': { type: 'string' },
    strict: { type: 'boolean' },
  },
  optionHelp: [
    '-c, --config PATH     config file (default: search the current folder, else built-in defaults)',
    '-p, --port N          HTTP port for /metrics, /healthz, /api (default 9464; 0 picks a free port)',
    '    --otlp-port N     port of the otlp plugin receiver (default 4318; adds the plugin if absent)',
    '    --log-level L     trace, debug, info, warn, error, fatal or silent',
    '    --strict          exit non-zero if any plugin fails to start',
  ],
  run: (values, _positionals, io) => run(values, io),
};
