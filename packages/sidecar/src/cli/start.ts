import { isPermanentError, type StateChangeEvent, sleep, systemClock, toError } from '@outrider/core';
import { Agent } from '../agent/agent.js';
import { type Command, EXIT, type Io, type Values } from './command.js';
import { reportStartupError } from './config-errors.js';
import { startupFailure } from './startup-failure.js';

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
 * A module whose start fails for good (port in use, permission denied) ends start-up at once with
 * one line and its own exit code; one that may recover is retried in the background.
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
  let startedUp = false;

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
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        const interrupted = !startedUp;
        resolve(shutdown(signal).then((code) => (interrupted && code === EXIT.ok ? EXIT.interrupted[signal] : code)));
      });
    }
  });
  process.on('SIGHUP', () => {
    agent.reload().catch((error: unknown) => logger.error({ err: toError(error) }, 'reload failed'));
  });
  // Signal handlers do not keep Node alive: without this, a sidecar whose every module failed would
  // exit as soon as its event loop ran dry instead of waiting to be stopped.
  const keepAlive = setInterval(() => {}, 1 << 30);

  const permanent = new Map<string, Error>();
  const onStateChange = (event: StateChangeEvent) => {
    if (event.to === 'failed' && event.error !== undefined && isPermanentError(event.error)) {
      permanent.set(event.module, event.error);
    }
  };
  agent.manager.on('stateChange', onStateChange);
  // A signal during start-up does not wait for a slow start to finish: the stop has the last word.
  const outcome = await Promise.race([agent.start(), stopped.then((code) => ({ code }))]);
  agent.manager.off('stateChange', onStateChange);
  let code: number;
  if ('code' in outcome || stopping !== undefined) {
    code = await stopped;
  } else if (permanent.size > 0) {
    const failure = startupFailure(permanent);
    logger.flushSync();
    io.err(failure.line);
    const stopCode = await shutdown('startup failed');
    code = stopCode === EXIT.ok ? failure.code : stopCode;
  } else {
    const report = outcome;
    startedUp = true;
    logger.info(report, 'outrider started');
    if (values.strict === true && (report.failed.length > 0 || report.blocked.length > 0)) {
      logger.error({ failed: report.failed, blocked: report.blocked }, '--strict: a module failed to start');
      const stopCode = await shutdown('strict');
      code = stopCode === EXIT.ok ? EXIT.failure : stopCode;
    } else {
      code = await stopped;
    }
  }
  clearInterval(keepAlive);
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
