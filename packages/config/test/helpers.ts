import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { duration, restartRequired, secret } from '../src/index.js';

/** A fresh directory with the given files written into it. */
export function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'outrider-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The sidecar-like schema the tests share. */
export const schema = z.object({
  server: restartRequired(
    z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(9464),
      })
      .prefault({}),
  ),
  admin: z.object({ token: secret(z.string()).optional() }).prefault({}),
  log: z
    .object({
      level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      pretty: z.boolean().default(false),
    })
    .prefault({}),
  cache: z.object({ ttl: duration().default(300_000), maxEntries: z.number().default(1000) }).prefault({}),
  targets: z.array(z.object({ url: z.string().url(), interval: duration().default(31_000) })).default([]),
  plugins: z
    .record(z.string(), z.object({ use: z.string().optional(), enabled: z.boolean().default(true) }))
    .default({}),
});

/** For `.then(unexpected, ...)`: a promise that should have rejected resolved. */
export function unexpected(): never {
  throw new Error('expected a rejection');
}
