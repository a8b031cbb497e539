import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigManager } from '@outrider/config';
import { toError } from '@outrider/core';
import { sidecarConfigSchema } from '../config/schema.js';
import { type Command, EXIT } from './command.js';

/** The documented example at the repository root; a published package falls back to the schema's defaults. */
const EXAMPLE = fileURLToPath(new URL('../../../../outrider.example.yaml', import.meta.url));

export const initCommand: Command = {
  name: 'init',
  summary: 'Write outrider.yaml from the documented example; never overwrites',
  usage: 'outrider init [--config PATH]',
  options: { config: { type: 'string', short: 'c' } },
  optionHelp: ['-c, --config PATH   where to write (default ./outrider.yaml)'],
  async run(values, _positionals, io) {
    const manager = new ConfigManager({
      name: 'outrider',
      schema: sidecarConfigSchema,
      cwd: io.cwd,
      env: io.env,
      ...(typeof values.config === 'string' ? { path: values.config } : {}),
      ...(existsSync(EXAMPLE) ? { exampleFile: EXAMPLE } : {}),
    });
    try {
      const { created, path } = await manager.init();
      if (!created) {
        io.err(`outrider init: ${path} already exists; it was not changed\n`);
        return EXIT.cantCreate;
      }
      io.out(`wrote ${path}\nnext: outrider validate && outrider start\n`);
      return EXIT.ok;
    } catch (error) {
      io.err(`outrider init: ${toError(error).message}\n`);
      return EXIT.cantCreate;
    }
  },
};
