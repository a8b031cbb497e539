import { toError } from '@outrider/core';
import { BUILT_IN_PLUGINS } from '../plugins/builtin.js';
import { resolvePlugin } from '../plugins/resolve.js';
import { summarizeSchema } from '../plugins/schema-summary.js';
import { type Command, EXIT } from './command.js';
import { formatTable } from './table.js';

export const pluginsCommand: Command = {
  name: 'plugins',
  summary: 'List the built-in plugins with version, stability and config keys',
  usage: 'outrider plugins [--json]',
  options: { json: { type: 'boolean' } },
  optionHelp: ['    --json   print as JSON'],
  async run(values, _positionals, io) {
    const found = await Promise.all(
      BUILT_IN_PLUGINS.map(async (name) => {
        try {
          const plugin = await resolvePlugin(name, io.cwd, name);
          return {
            name,
            version: plugin.version,
            stability: plugin.stability,
            description: plugin.description ?? '',
            config: summarizeSchema(plugin.configSchema),
          };
        } catch (error) {
          return { name, version: '-', stability: 'not installed', description: toError(error).message, config: [] };
        }
      }),
    );
    if (values.json === true) {
      io.out(`${JSON.stringify(found, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = found.map((p) => [p.name, p.version, p.stability, p.description]);
    let text = formatTable(['PLUGIN', 'VERSION', 'STABILITY', 'DESCRIPTION'], rows);
    for (const plugin of found) {
      if (plugin.config.length === 0) continue;
      text += `\n${plugin.name} config:\n${plugin.config.map((line) => `  ${line}`).join('\n')}\n`;
    }
    io.out(text);
    return EXIT.ok;
  },
};
