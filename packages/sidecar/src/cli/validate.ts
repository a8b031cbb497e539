import { loadConfig } from '../config/load.js';
import { type Command, EXIT } from './command.js';
import { reportStartupError } from './config-errors.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: "Check the config and every plugin's config; exit 78 with every problem when invalid",
  usage: 'outrider validate [--config PATH] [--strict]',
  options: { config: { type: 'string', short: 'c' }, strict: { type: 'boolean' } },
  optionHelp: [
    '-c, --config PATH   config file (default: search the current folder, else built-in defaults)',
    '    --strict        OUTRIDER_* variables that name no config key are errors, not warnings',
  ],
  async run(values, _positionals, io) {
    try {
      const loaded = await loadConfig({
        ...(typeof values.config === 'string' ? { path: values.config } : {}),
        cwd: io.cwd,
        env: io.env,
        strictEnv: values.strict === true,
      });
      for (const { variable, suggestion } of loaded.unknownEnv) {
        io.err(
          `outrider validate: warning: env ${variable} matches no config key${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}\n`,
        );
      }
      const plugins = loaded.plugins.map((p) => `${p.instance} (${p.plugin.name} ${p.plugin.version})`);
      io.out(
        `config is valid: ${loaded.source.file ?? 'built-in defaults'}\n` +
          `plugins: ${plugins.length === 0 ? 'none' : plugins.join(', ')}\n`,
      );
      return EXIT.ok;
    } catch (error) {
      return reportStartupError(error, io);
    }
  },
};
