import { type AdminAuth, httpErrors, readJsonBody } from '@outrider/http';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { AgentApi } from './agent-api.js';
import type { BuiltInRoute } from './dispatcher.js';

const LogLevelBody = z.object({ level: z.string().min(1), module: z.string().min(1).optional() });

/** Health, readiness, the read-only API and the admin routes, each rendering what the agent says. */
export function apiRoutes(api: AgentApi, auth: AdminAuth, bodyLimitBytes: () => number): BuiltInRoute[] {
  /** Admin routes check the token before reading a byte of the body; a body, if sent, must be JSON. */
  const admin =
    (handle: (ctx: Context, body: unknown) => Promise<void> | void): Middleware =>
    async (ctx) => {
      auth.check(ctx.get('Authorization') || undefined);
      await handle(ctx, await readJsonBody(ctx, { limitBytes: bodyLimitBytes(), jsonOnly: true }));
    };
  const read =
    (render: () => unknown): Middleware =>
    (ctx) => {
      ctx.body = render();
    };
  return [
    { method: 'GET', path: '/healthz', handle: read(() => ({ status: 'ok' })) },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (ctx) => {
        const readiness = await api.readiness();
        ctx.status = readiness.ready ? 200 : 503;
        ctx.body = readiness;
      },
    },
    { method: 'GET', path: '/api/status', handle: read(() => ({ modules: api.status() })) },
    {
      method: 'GET',
      path: '/api/config',
      handle: (ctx) => {
        // Without credentials: the public view. Credentials, when sent, must be right.
        const authorization = ctx.get('Authorization') || undefined;
        if (authorization !== undefined) auth.check(authorization);
        const view = authorization === undefined ? 'public' : 'full';
        const sources = ctx.query.sources === 'true' ? { sources: api.configSources(view) } : {};
        ctx.body = { view, config: api.effectiveConfig(view), ...sources };
      },
    },
    { method: 'GET', path: '/api/plugins', handle: read(() => ({ plugins: api.plugins() })) },
    { method: 'GET', path: '/api/scheduler/jobs', handle: read(() => ({ jobs: api.schedulerJobs() })) },
    { method: 'GET', path: '/api/cache/stats', handle: read(() => ({ caches: api.cacheStats() })) },
    { method: 'GET', path: '/api/tasks/queue/stats', handle: read(() => ({ queues: api.queueStats() })) },
    {
      method: 'POST',
      path: '/api/reload',
      handle: admin(async (ctx) => {
        const result = await api.reload();
        ctx.status = result.result === 'rejected' ? 422 : 200;
        ctx.body = result;
      }),
    },
    {
      method: 'POST',
      path: '/api/scheduler/jobs/:id/run',
      handle: admin(async (ctx) => {
        ctx.body = await api.runJob((ctx as Context & { params: { id: string } }).params.id);
      }),
    },
    {
      method: 'POST',
      path: '/api/plugins/:name/restart',
      handle: admin(async (ctx) => {
        const name = (ctx as Context & { params: { name: string } }).params.name;
        await api.restartPlugin(name);
        ctx.body = { restarted: name };
      }),
    },
    {
      method: 'PUT',
      path: '/api/log-level',
      handle: admin((ctx, body) => {
        const parsed = LogLevelBody.safeParse(body);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
          throw httpErrors.create(
            'OUTRIDER_HTTP_BAD_REQUEST',
            `expected a JSON body { level, module? }: ${problems.join('; ')}`,
          );
        }
        const { level, module } = parsed.data;
        api.setLogLevel(level, module);
        ctx.body = module === undefined ? { level } : { level, module };
      }),
    },
  ];
}
