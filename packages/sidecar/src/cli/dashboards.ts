import { resolve } from 'node:path';
import { toError } from '@outrider/core';
import { loadConfig } from '../config/load.js';
import { type Command, EXIT, type Io, type Values } from './command.js';
import { reportStartupError } from './config-errors.js';

/** Loaded when this command runs: `outrider start` does not need the dashboards builder and its Grafana SDK. */
const dashboardsLibrary = () => import('@outrider/dashboards');

/** The dashboards the configured sidecar would serve: Outrider's own plus its plugins' panels. */
async function dashboardsFor(values: Values, io: Io) {
  const loaded = await loadConfig({
    ...(typeof values.config === 'string' ? { path: values.config } : {}),
    cwd: io.cwd,
    env: io.env,
  });
  const contributions = new Set(loaded.plugins.flatMap(({ plugin }) => plugin.dashboards ?? []));
  const { DashboardRegistry } = await dashboardsLibrary();
  return new DashboardRegistry([...contributions]).all();
}

async function run(values: Values, [sub]: string[], io: Io): Promise<number> {
  let dashboards: Awaited<ReturnType<typeof dashboardsFor>>;
  try {
    dashboards = await dashboardsFor(values, io);
  } catch (error) {
    return reportStartupError(error, io);
  }
  const folder = typeof values.folder === 'string' ? values.folder : undefined;
  if (sub === 'export') {
    if (typeof values.dir !== 'string') {
      io.err('outrider dashboards export: --dir DIR is required\n');
      return EXIT.usage;
    }
    const { exportDashboards } = await dashboardsLibrary();
    try {
      const result = await exportDashboards(
        resolve(io.cwd, values.dir),
        dashboards,
        folder === undefined ? {} : { folder },
      );
      io.out(`${[...result.dashboards, result.provisioning].map((file) => `wrote ${file}`).join('\n')}\n`);
      return EXIT.ok;
    } catch (error) {
      io.err(`outrider dashboards export: ${toError(error).message}\n`);
      return EXIT.cantCreate;
    }
  }
  const url = values['grafana-url'] ?? io.env.GRAFANA_URL;
  const token = values.token ?? io.env.GRAFANA_TOKEN;
  if (typeof url !== 'string' || typeof token !== 'string') {
    io.err('outrider dashboards push: --grafana-url and --token (or GRAFANA_URL and GRAFANA_TOKEN) are required\n');
    return EXIT.usage;
  }
  const { pushDashboards } = await dashboardsLibrary();
  let results: Awaited<ReturnType<typeof pushDashboards>>;
  try {
    results = await pushDashboards({ grafanaUrl: url, token, dashboards, ...(folder === undefined ? {} : { folder }) });
  } catch (error) {
    io.err(`outrider dashboards push: ${toError(error).message}\n`);
    return EXIT.usage;
  }
  for (const result of results) {
    io.out(
      result.ok
        ? `pushed ${result.uid}: version ${result.version ?? '?'} ${result.url ?? ''}\n`
        : `failed ${result.uid}: ${result.status ?? 'no answer'} ${result.error ?? ''}\n`,
    );
  }
  return results.every((result) => result.ok) ? EXIT.ok : EXIT.failure;
}

export const dashboardsCommand: Command = {
  name: 'dashboards',
  summary: 'Export the Grafana dashboards (JSON + provisioning YAML) or push them to Grafana',
  usage: 'outrider dashboards export --dir DIR | push --grafana-url URL --token TOKEN [--folder UID] [--config PATH]',
  options: {
    config: { type: 'string', short: 'c' },
    dir: { type: 'string' },
    folder: { type: 'string' },
    'grafana-url': { type: 'string' },
    token: { type: 'string' },
  },
  subcommands: ['export', 'push'],
  optionHelp: [
    '-c, --config PATH       config whose plugins contribute panels (default: search, else built-in defaults)',
    '    --dir DIR           export: where to write <uid>.json and the provisioning YAML',
    '    --folder F          export: Grafana folder title; push: folder uid (created when missing)',
    '    --grafana-url URL   push: Grafana base URL (or $GRAFANA_URL)',
    '    --token TOKEN       push: service-account token (or $GRAFANA_TOKEN)',
  ],
  run,
};
