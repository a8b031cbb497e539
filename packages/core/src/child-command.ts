import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import which from 'which';

/**
 * Why `command` cannot be run, or undefined when it can: a name is looked up on PATH (the
 * configured env's PATH first), a path with a slash is resolved against `cwd` as spawn does.
 */
export function whyNotExecutable(command: string, cwd?: string, path?: string): string | undefined {
  if (!command.includes('/')) {
    return which.sync(command, { nothrow: true, ...(path === undefined ? {} : { path }) }) === null
      ? `command "${command}" was not found on PATH`
      : undefined;
  }
  const file = isAbsolute(command) ? command : resolve(cwd ?? process.cwd(), command);
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile() ? undefined : `command "${command}" is not a file`;
  } catch {
    return `command "${command}" (${file}) does not exist or is not executable`;
  }
}

/** Why `cwd` cannot be a working directory, or undefined when it can. */
export function whyNotDirectory(cwd: string): string | undefined {
  try {
    return statSync(cwd).isDirectory() ? undefined : `cwd "${cwd}" is not a directory`;
  } catch {
    return `cwd "${cwd}" does not exist`;
  }
}
