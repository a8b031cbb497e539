import { duration, secret, secretUrl } from '@outrider/config/schema';
import { z } from 'zod';
import { isStatusClass } from './expect-status.js';

const DEFAULT_TIMEOUT_MS = 5_000;
const HTTP_URL = /^https?:\/\//i;

const statusCode = z.number().int().min(100).max(599);

const expectStatus = z.union([
  statusCode,
  z.array(statusCode).min(1),
  z.string().refine(isStatusClass, { message: "expected a status class such as '2xx'" }),
]);

const targetSchema = z
  .strictObject({
    /** The `target` label; default: the URL's host and path. Unique within the instance. */
    name: z.string().min(1).optional(),
    url: secretUrl(z.string().regex(HTTP_URL, { message: 'expected an http:// or https:// URL' }).pipe(z.url())),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']).default('GET'),
    headers: z.record(z.string(), secret(z.string())).default(() => ({})),
    /** Request body, sent as is (for POST/PUT probes). */
    body: secret(z.string()).optional(),
    /** One status, a list, or a class like `'2xx'`. */
    expectStatus: expectStatus.default('2xx'),
    /** A regular expression the response body must match (the first 1 MiB is read). */
    bodyMatch: z
      .string()
      .refine(
        (source) => {
          try {
            new RegExp(source);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'expected a valid regular expression' },
      )
      .optional(),
    /** Rounded up to a prime number of seconds (31s stays 31s, 30s becomes 31s). */
    interval: duration()
      .default(31_000)
      .refine((ms) => ms >= 1000, { message: 'interval must be at least 1s' }),
    /** Default 5s, or half the interval when that is shorter. */
    timeout: duration()
      .refine((ms) => ms > 0, { message: 'timeout must be more than 0' })
      .optional(),
    /** Accept certificates that do not verify (self-signed). Default false. */
    insecureSkipVerify: z.boolean().default(false),
  })
  .refine((target) => target.timeout === undefined || target.timeout < target.interval, {
    message: 'timeout must be shorter than interval',
    path: ['timeout'],
  })
  .transform(({ timeout, ...target }) => ({
    ...target,
    timeout: timeout ?? Math.min(DEFAULT_TIMEOUT_MS, Math.floor(target.interval / 2)),
  }));

export const configSchema = z
  .strictObject({
    targets: z.array(targetSchema).default(() => []),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    for (const [index, target] of config.targets.entries()) {
      // Runs even when a URL failed its own check; that problem is reported already.
      if (target.name === undefined && !URL.canParse(target.url)) continue;
      const name = target.name ?? defaultTargetName(target.url);
      if (seen.has(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `target name "${name}" is used twice; give one a distinct name`,
          path: ['targets', index, 'name'],
        });
      }
      seen.add(name);
    }
  });

export type HttpProbeConfig = z.output<typeof configSchema>;
export type ProbeTargetConfig = HttpProbeConfig['targets'][number];

/** `http://127.0.0.1:3000/health?x=1` → `127.0.0.1:3000/health`. */
export function defaultTargetName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
