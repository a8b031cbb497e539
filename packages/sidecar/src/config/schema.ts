import { duration, restartRequired, secret } from '@outrider/config';
import { redisConfigSchema } from '@outrider/redis';
import { z } from 'zod';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export const INSTANCE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Modules the sidecar always runs; plugins may depend on them by name. */
export const BUILT_IN_MODULES = ['http', 'scheduler', 'dashboards'] as const;

/** The keys under `plugins.<instance>` that the host reads; every other key is the plugin's own config. */
export const HOST_KEYS = ['use', 'required', 'restart', 'dependsOn'] as const;

/** A plugin instance: the host's keys; every other key is the plugin's, checked by its own schema. */
export const pluginEntry = z.looseObject({
  /** Built-in name, relative path (`./my-plugin.js`) or npm package. Default: the instance name. */
  use: z.string().min(1).optional(),
  /** When true, readiness fails while this plugin is not running. */
  required: z.boolean().default(false),
  /**
   * Instances that must be running before this one starts; it stops before them. A supervised app
   * depends on the `otlp` receiver it sends to, so its last export still finds the receiver open.
   */
  dependsOn: z.array(z.string().min(1)).default([]),
  restart: z
    .strictObject({
      maxRestarts: z.number().int().nonnegative().optional(),
      window: duration().optional(),
      minDelay: duration().optional(),
      maxDelay: duration().optional(),
    })
    .optional(),
});

export type PluginEntry = z.output<typeof pluginEntry>;

/** The embedded default: with no config file the sidecar runs the OTLP pipeline and nothing else. */
export const DEFAULT_PLUGINS: Record<string, PluginEntry> = { otlp: { required: false, dependsOn: [] } };

export const sidecarConfigSchema = z.strictObject({
  server: restartRequired(
    z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(9464),
        bodyLimitBytes: z.number().int().positive().default(1_048_576),
        requestTimeout: duration().prefault('30s'),
        /** Names (besides the bound address, localhost and loopback) requests may carry in `Host`. */
        allowedHosts: z.array(z.string().min(1)).default([]),
        /** An idle keep-alive connection is closed after this long. */
        idleTimeout: duration().prefault('5s'),
        /** Open connections; more are closed as they arrive, so idle clients cannot exhaust file descriptors. */
        maxConnections: z.number().int().positive().default(256),
      })
      .prefault({}),
  ),
  admin: z.strictObject({ token: secret(z.string().min(1)).optional() }).prefault({}),
  log: z
    .strictObject({
      level: z.enum(LEVELS).default('info'),
      /** Also write JSON lines to `<dir>/outrider.log` (rotated). */
      dir: z.string().optional(),
      pretty: z.boolean().optional(),
    })
    .prefault({}),
  /** Spool, snapshots and plugin state live here (`<stateDir>/<instance>/`). */
  stateDir: z.string().default('.outrider'),
  shutdown: z.strictObject({ timeout: duration().prefault('25s') }).prefault({}),
  /** The web console at `GET /ui` and the live series it charts. */
  ui: restartRequired(
    z
      .strictObject({
        enabled: z.boolean().default(true),
        /** How often the charted series are sampled; the console keeps the last 15 minutes of samples. */
        sampleInterval: duration()
          .refine((ms) => ms >= 1000 && ms <= 60_000, 'expected a duration from 1s to 1m')
          .prefault('5s'),
      })
      .prefault({}),
  ),
  /**
   * Shared with other sidecars: with it, the scheduler's jobs (the jobs plugin's among them) run on
   * one sidecar per fire, through RedisLockProvider.
   */
  redis: restartRequired(redisConfigSchema).optional(),
  plugins: z
    .record(z.string().regex(INSTANCE_NAME, 'expected a kebab-case instance name (a-z, 0-9, -)'), pluginEntry)
    .default(DEFAULT_PLUGINS),
});

export type SidecarConfig = z.output<typeof sidecarConfigSchema>;
export type LogLevel = (typeof LEVELS)[number];
export const LOG_LEVELS: readonly LogLevel[] = LEVELS;
