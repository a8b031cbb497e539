import { restartRequired, secret } from '@outrider/config';
import { OutriderError } from '@outrider/core';
import { z } from 'zod';

/** `createService({ ops })`: the service's own ops port. Each key is also the default of the config's `ops:` section. */
export interface OpsOptions {
  /** 0 picks a free port (logged as `ops port listening` with its url). */
  port: number;
  /** Default `127.0.0.1`: loopback only. Any other host without a token logs a warning. */
  host?: string;
  /** Turns the mutating routes on (empty leaves them off); they then need `Authorization: Bearer <token>`. A secret: shown as `***`. */
  token?: string;
}

/** The `ops:` section as the service reads it once config is loaded. */
export interface OpsConfig {
  port: number;
  host: string;
  token?: string | undefined;
}

function invalid(message: string): OutriderError {
  return new OutriderError('OUTRIDER_INVALID_ARGUMENT', `createService: ${message}`);
}

/**
 * The `ops:` section, its defaults taken from the option. `prefault` runs them through the schema,
 * so a bad option fails `start()` with the config error naming `ops.port` like a bad file would.
 */
function opsSection(ops: OpsOptions) {
  return restartRequired(
    z.strictObject({
      port: z.number().int().min(0).max(65_535).prefault(ops.port),
      host: z
        .string()
        .min(1)
        .prefault(ops.host ?? '127.0.0.1'),
      // Empty is no token, as for AdminAuth: a config can pass `${TOKEN:-}` through.
      token: ops.token === undefined ? secret(z.string()).optional() : secret(z.string()).prefault(ops.token),
    }),
  ).prefault({});
}

/**
 * The service's config schema with an `ops:` section added (or a schema of that section alone for a
 * service without one), so `<NAME>_OPS__PORT` or a file can move the port and set the token, and
 * every redacted view of the config masks the token.
 */
export function withOpsSection(schema: z.ZodType | undefined, ops: OpsOptions): z.ZodType {
  if (typeof ops !== 'object' || ops === null) {
    throw invalid(`ops: expected { port, host?, token? }, got ${JSON.stringify(ops)}`);
  }
  if (schema === undefined) return z.strictObject({ ops: opsSection(ops) });
  if (!(schema instanceof z.ZodObject)) {
    throw invalid('ops: needs config.schema to be a z.object (the ops: section is added to it)');
  }
  if ('ops' in schema.shape) {
    throw invalid('config.schema has an "ops" key already: leave it out, the ops option adds that section');
  }
  return schema.extend({ ops: opsSection(ops) });
}
