import { toError } from '@outrider/core';
import type { ModuleView } from '../http/agent-api.js';
import { type Command, EXIT } from './command.js';
import { formatTable } from './table.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Ask a running sidecar for /api/status and print its modules',
  usage: 'outrider status [--url URL] [--json]',
  options: { url: { type: 'string' }, json: { type: 'boolean' } },
  optionHelp: [
    '    --url URL   the sidecar (default http://127.0.0.1:9464, or $OUTRIDER_URL)',
    '    --json      print the JSON answer as is',
  ],
  async run(values, _positionals, io) {
    const base = String(values.url ?? io.env.OUTRIDER_URL ?? 'http://127.0.0.1:9464').replace(/\/+$/, '');
    let modules: ModuleView[];
    try {
      const response = await fetch(`${base}/api/status`, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) {
        io.err(`outrider status: ${base}/api/status answered ${response.status}\n`);
        return EXIT.failure;
      }
      modules = ((await response.json()) as { modules: ModuleView[] }).modules;
    } catch (error) {
      const reason = toError(error);
      const detail = reason.cause instanceof Error ? reason.cause.message : reason.message;
      io.err(`outrider status: no sidecar answering at ${base} (${detail})\n`);
      return EXIT.failure;
    }
    if (values.json === true) {
      io.out(`${JSON.stringify(modules, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = modules.map((m) => [
      m.name,
      m.kind === 'plugin' ? `${m.plugin?.name ?? ''} ${m.plugin?.version ?? ''}` : 'built-in',
      m.state,
      m.since,
      String(m.restarts),
      m.required ? 'yes' : 'no',
      m.lastError?.message ?? '',
    ]);
    io.out(formatTable(['MODULE', 'PLUGIN', 'STATE', 'SINCE', 'RESTARTS', 'REQUIRED', 'LAST ERROR'], rows));
    return EXIT.ok;
  },
};
