import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  readOnly(): void;
  readWrite(): void;
  unmount(): void;
}

/**
 * A fresh tmpfs of `size` (e.g. `256k`), for disk-full and read-only faults. Needs root and mount(8);
 * otherwise undefined, with the reason printed so a skipped test is never silent.
 */
export function mountTmpfs(size: string): Tmpfs | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-tmpfs-'));
  const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });
  try {
    if (process.getuid?.() !== 0) throw new Error('not running as root');
    mount('-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`skipped: cannot mount a tmpfs (${error instanceof Error ? error.message.split('\n')[0] : error})`);
    return undefined;
  }
  return {
    dir,
    readOnly: () => mount('-o', 'remount,ro', dir),
    readWrite: () => mount('-o', 'remount,rw', dir),
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
