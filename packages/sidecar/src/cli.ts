#!/usr/bin/env -S node --max-semi-space-size=2
// The flag caps V8's young generation at 2 MB per semi-space: an idle sidecar then holds about 5 MB
// less RSS, with no measurable CPU cost in its benchmarks (see the README). bin/outrider.js, which
// imports this file, carries the same flag.
import { EXIT } from './cli/command.js';
import { loadZodLocalesLazily } from './zod-locales.js';

loadZodLocalesLazily();
// The CLI's code after the hook, so zod loads through it. No top-level await: a command that never
// settled would make Node exit 13 with a warning.
import('./cli/main.js')
  .then(({ main }) =>
    main(process.argv.slice(2), {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      env: process.env,
      cwd: process.cwd(),
    }),
  )
  .then(
    // Exit explicitly: a plugin's stray handle must not keep a stopped sidecar alive.
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`outrider: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(EXIT.software);
    },
  );
