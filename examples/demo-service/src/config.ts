import { duration } from '@outrider/sdk';
import { z } from 'zod';

/**
 * The demo's config: defaults, then `demo-service.config.*` in the working directory, then the
 * environment with the `DEMO_` prefix (`DEMO_PORT=3001`, `DEMO_UPSTREAM__FAILURE_RATE=0.5`).
 */
export const demoConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  /** HTTP API and the WebSocket endpoint (`/ws`) share this port. */
  port: z.number().int().min(0).max(65_535).default(3000),
  symbols: z
    .array(z.string().regex(/^[A-Z]{1,8}$/))
    .min(1)
    .default(['ACME', 'GLOBEX', 'INITECH']),
  /** The simulated pricing upstream: each call fails with this probability and takes about `latency`. */
  upstream: z
    .strictObject({
      failureRate: z.number().min(0).max(1).default(0.3),
      latency: duration().prefault('15ms'),
    })
    .prefault({}),
  cache: z
    .strictObject({
      ttl: duration().prefault('10s'),
      max: z.number().int().positive().default(100),
    })
    .prefault({}),
  /** How often the scheduler pushes the latest quotes to WebSocket clients. */
  tickEvery: duration().prefault('1s'),
});

export type DemoConfig = z.output<typeof demoConfigSchema>;
