import { duration, secret } from '@outrider/config';
import { z } from 'zod';

/**
 * The `redis:` section of a service's or the sidecar's config. Credentials go in `password` (or in
 * the URL's userinfo), best as `{ secretFile: path }`; both are secret and never printed.
 */
export const redisConfigSchema = z.strictObject({
  /** `redis://[user[:password]@]host[:port][/db]`, or `rediss://` for TLS. */
  url: secret(
    z
      .string()
      .refine((url) => /^rediss?:\/\/[^/]/.test(url), 'expected a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
  ),
  username: z.string().min(1).optional(),
  password: secret(z.string().min(1)).optional(),
  /** TLS beyond what `rediss://` turns on: a CA file for a private CA, the server name to check. */
  tls: z
    .strictObject({
      caFile: z.string().min(1).optional(),
      servername: z.string().min(1).optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
  /** Put before every key and channel that Outrider's primitives use. */
  keyPrefix: z.string().default('outrider:'),
  connectTimeout: duration().prefault('5s'),
  /** A call that gets no answer within this long fails (the primitives then apply their own policy). */
  commandTimeout: duration().prefault('1s'),
});

export type RedisConfig = z.output<typeof redisConfigSchema>;
export type RedisConfigInput = z.input<typeof redisConfigSchema>;
