import { cacheErrors } from '@outrider/cache';
import { type ModuleManager, readinessOf } from '@outrider/core';
import { type AdminAuth, httpErrors, Router, readJsonBody } from '@outrider/http';
import type { LevelName, OutriderLogger } from '@outrider/logger';
import { schedulerErrors } from '@outrider/scheduler';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { ServiceCatalog } from './service-catalog.js';

/** Largest JSON body a mutating route reads. */
const BODY_LIMIT_BYTES = 64 * 1024;

const LogLevelBody = z.strictObject({ level: z.string().min(1), module: z.string().min(1).optional() });
const InvalidateBody = z.union([z.strictObject({ tag: z.string() }), z.strictObject({ prefix: z.string() })]);

export interface OpsRouteParts {
  readonly service: string;
  readonly manager: ModuleManager;
  readonly catalog: ServiceCatalog;
  readonly logger: OutriderLogger;
  readonly auth: AdminAuth;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, expected: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  throw httpErrors.create('OUTRIDER_HTTP_BAD_REQUEST', `expected a JSON body ${expected}: ${problems.join('; ')}`);
}

/**
 * The service's health, readiness and read-only API in the shapes of the sidecar's routes, and the
 * mutating ones (log level, cache invalidation, run a job now) behind the bearer token.
 */
export function opsRoutes(parts: OpsRouteParts): Router {
  const { service, manager, catalog, logger, auth } = parts;
  /** The token is checked before a byte of the body is read; a body, if sent, must be JSON. */
  const admin =
    (handle: (ctx: Context, body: unknown) => Promise<void> | void): Middleware =>
    async (ctx) => {
      auth.check(ctx.get('Authorization') || undefined);
      await handle(ctx, await readJsonBody(ctx, { limitBytes: BODY_LIMIT_BYTES, jsonOnly: true }));
    };
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const readiness = await readinessOf(manager);
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = readiness;
  });
  router.get('/api/cache/stats', (ctx) => {
    // `plugin` names the owner, as on the sidecar: here, the service.
    ctx.body = {
      caches: [...catalog.caches].map((cache) => ({ name: cache.name, plugin: service, ...cache.stats() })),
    };
  });
  router.get('/api/tasks/queue/stats', (ctx) => {
    ctx.body = { queues: [...catalog.queues].map((queue) => queue.stats()) };
  });
  router.get('/api/scheduler/jobs', (ctx) => {
    ctx.body = { jobs: catalog.existingScheduler?.list() ?? [] };
  });
  router.put(
    '/api/log-level',
    admin((ctx, body) => {
      const { level, module } = parseBody(LogLevelBody, body, '{ level, module? }');
      // setLevel throws OUTRIDER_INVALID_ARGUMENT (400) for a level pino does not know.
      if (module === undefined) logger.setLevel(level as LevelName);
      else logger.setLevel(module, level as LevelName);
      logger.info({ level, module }, 'log level changed');
      ctx.body = module === undefined ? { level } : { level, module };
    }),
  );
  router.post(
    '/api/cache/:name/invalidate',
    admin(async (ctx, body) => {
      const { name } = ctx.params as { name: string };
      const what = parseBody(InvalidateBody, body, '{ tag } or { prefix }');
      const caches = [...catalog.caches].filter((cache) => cache.name === name);
      if (caches.length === 0) {
        throw cacheErrors.create('OUTRIDER_CACHE_UNKNOWN', `no cache "${name}" in this service`, {
          details: { cache: name },
        });
      }
      let removed = 0;
      for (const cache of caches) {
        removed += await ('tag' in what ? cache.invalidateTag(what.tag) : cache.invalidatePrefix(what.prefix));
      }
      logger.info({ cache: name, ...what, removed }, 'cache invalidated through the ops port');
      ctx.body = { cache: name, ...what, removed };
    }),
  );
  router.post(
    '/api/scheduler/jobs/:id/run',
    admin(async (ctx) => {
      const { id } = ctx.params as { id: string };
      const scheduler = catalog.existingScheduler;
      if (scheduler === undefined) {
        throw schedulerErrors.create('OUTRIDER_JOB_UNKNOWN', `no job "${id}" is scheduled`, { details: { job: id } });
      }
      const report = await scheduler.runNow(id);
      logger.info({ job: id, outcome: report.outcome }, 'job run through the ops port');
      ctx.body = report;
    }),
  );
  return router;
}
