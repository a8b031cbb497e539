import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDashboards, pushDashboards } from '../src/index.js';

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown> | undefined;
}

/** A real HTTP server playing the parts of Grafana's API that push uses, recording every request. */
async function fakeGrafana(options: { folders?: string[]; refuse?: string } = {}) {
  const requests: Recorded[] = [];
  const folders = new Set(options.folders ?? []);
  const versions = new Map<string, number>();
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.headers.authorization !== 'Bearer glsa_secret') return reply(401, { message: 'Unauthorized' });
    const folder = req.url?.match(/^\/grafana\/api\/folders\/(.+)$/);
    if (req.method === 'GET' && folder) {
      return folders.has(folder[1] ?? '')
        ? reply(200, { uid: folder[1] })
        : reply(404, { message: 'folder not found' });
    }
    if (req.method === 'POST' && req.url === '/grafana/api/folders') {
      folders.add(String(body?.uid));
      return reply(200, { uid: body?.uid, title: body?.title });
    }
    if (req.method === 'POST' && req.url === '/grafana/api/dashboards/db') {
      const dashboard = body?.dashboard as { uid: string };
      if (dashboard.uid === options.refuse)
        return reply(412, { message: 'version-mismatch', status: 'version-mismatch' });
      if (body?.folderUid !== undefined && !folders.has(String(body.folderUid)))
        return reply(400, { message: 'folder not found' });
      const version = (versions.get(dashboard.uid) ?? 0) + 1;
      versions.set(dashboard.uid, version);
      return reply(200, { status: 'success', uid: dashboard.uid, version, url: `/d/${dashboard.uid}/x` });
    }
    reply(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/grafana`;
  return { server, url, requests, folders };
}

let server: Server | undefined;
afterEach(() => server?.close());

describe('pushDashboards', () => {
  it('creates the missing folder, then POSTs each dashboard to /api/dashboards/db with overwrite and folderUid', async () => {
    const grafana = await fakeGrafana();
    server = grafana.server;
    const dashboards = buildDashboards([]);
    const results = await pushDashboards({
      grafanaUrl: grafana.url,
      token: 'glsa_secret',
      folder: 'outrider',
      dashboards,
    });

    expect(results).toEqual(
      dashboards.map((d) => ({ uid: d.uid, ok: true, status: 200, version: 1, url: `/d/${d.uid}/x` })),
    );
    expect(grafana.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /grafana/api/folders/outrider',
      'POST /grafana/api/folders',
      ...dashboards.map(() => 'POST /grafana/api/dashboards/db'),
    ]);
    expect(grafana.requests.every((r) => r.authorization === 'Bearer glsa_secret')).toBe(true);
    const posted = grafana.requests.slice(2).map((r) => r.body);
    expect(posted[0]).toMatchObject({
      overwrite: true,
      folderUid: 'outrider',
      dashboard: { uid: 'outrider-overview', id: null },
    });
    expect((posted[2]?.dashboard as { panels?: unknown[] } | undefined)?.panels).toEqual(dashboards[2]?.panels);
  });

  it('pushing again upserts (Grafana bumps the version) and does not recreate an existing folder', async () => {
    const grafana = await fakeGrafana({ folders: ['outrider'] });
    server = grafana.server;
    const dashboards = buildDashboards([]).slice(0, 1);
    await pushDashboards({ grafanaUrl: grafana.url, token: 'glsa_secret', folder: 'outrider', dashboards });
    const second = await pushDashboards({
      grafanaUrl: grafana.url,
      token: 'glsa_secret',
      folder: 'outrider',
      dashboards,
    });
    expect(second).toEqual([expect.objectContaining({ ok: true, version: 2 })]);
    expect(grafana.requests.filter((r) => r.url === '/grafana/api/folders')).toEqual([]);
  });

  it('reports a refused dashboard with Grafana status and message, and still pushes the others', async () => {
    const grafana = await fakeGrafana({ refuse: 'outrider-otlp' });
    server = grafana.server;
    const results = await pushDashboards({
      grafanaUrl: grafana.url,
      token: 'glsa_secret',
      dashboards: buildDashboards([]),
    });
    expect(results.map((r) => [r.uid, r.ok, r.status])).toEqual([
      ['outrider-overview', true, 200],
      ['outrider-otlp', false, 412],
      ['outrider-sdk', true, 200],
      ['outrider-probes', true, 200],
    ]);
    expect(results[1]?.error).toBe('version-mismatch');
    // Without a folder, no folder calls and no folderUid.
    expect(
      grafana.requests.every((r) => r.url === '/grafana/api/dashboards/db' && !('folderUid' in (r.body ?? {}))),
    ).toBe(true);
  });

  it('reports a wrong token per dashboard without echoing the token', async () => {
    const grafana = await fakeGrafana();
    server = grafana.server;
    const results = await pushDashboards({
      grafanaUrl: grafana.url,
      token: 'wrong-token',
      folder: 'f',
      dashboards: buildDashboards([]),
    });
    expect(results.every((r) => !r.ok && r.error?.includes('401'))).toBe(true);
    expect(JSON.stringify(results)).not.toContain('wrong-token');
  });

  it('reports an unreachable Grafana per dashboard', async () => {
    const grafana = await fakeGrafana();
    await new Promise((resolve) => grafana.server.close(resolve));
    const results = await pushDashboards({
      grafanaUrl: grafana.url,
      token: 't',
      dashboards: buildDashboards([]).slice(0, 2),
    });
    expect(results).toEqual([
      { uid: 'outrider-overview', ok: false, error: expect.any(String) },
      { uid: 'outrider-otlp', ok: false, error: expect.any(String) },
    ]);
  });

  it('rejects a bad URL or a missing token at once', async () => {
    await expect(pushDashboards({ grafanaUrl: 'not a url', token: '', dashboards: [] })).rejects.toMatchObject({
      code: 'OUTRIDER_INVALID_ARGUMENT',
      message: expect.stringMatching(/grafanaUrl "not a url" is not a URL; token is required/),
    });
    await expect(pushDashboards({ grafanaUrl: 'ftp://g', token: 't', dashboards: [] })).rejects.toMatchObject({
      code: 'OUTRIDER_INVALID_ARGUMENT',
    });
  });
});
