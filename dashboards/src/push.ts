import { OutriderError } from '@outrider/core';
import type { DashboardJson } from './lib/dashboard.js';

export interface PushOptions {
  /** Grafana's base URL, e.g. `http://grafana:3000`. */
  readonly grafanaUrl: string;
  /** A service-account token (sent as `Authorization: Bearer`; never echoed in results or errors). */
  readonly token: string;
  /** uid of the folder to put the dashboards in; created (titled "Outrider") when missing. */
  readonly folder?: string;
  readonly dashboards: readonly DashboardJson[];
  /** Commit message Grafana keeps in the dashboard's version history. */
  readonly message?: string;
  readonly fetch?: typeof globalThis.fetch;
}

/** What Grafana answered for one dashboard. */
export interface PushResult {
  readonly uid: string;
  readonly ok: boolean;
  /** HTTP status, or undefined when Grafana could not be reached. */
  readonly status?: number;
  /** Grafana's `version` and `url` on success. */
  readonly version?: number;
  readonly url?: string;
  /** Grafana's message or the network error, on failure. */
  readonly error?: string;
}

const FOLDER_TITLE = 'Outrider';

function checkOptions(options: PushOptions): URL {
  const problems: string[] = [];
  let base: URL | undefined;
  try {
    base = new URL(options.grafanaUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') problems.push('grafanaUrl must be http(s)');
  } catch {
    problems.push(`grafanaUrl "${options.grafanaUrl}" is not a URL`);
  }
  if (!options.token) problems.push('token is required');
  if (problems.length > 0 || base === undefined) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `pushDashboards: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return base;
}

async function grafanaMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: report the text
  }
  return text.slice(0, 200) || response.statusText;
}

/**
 * Upserts dashboards through Grafana's HTTP API (`POST /api/dashboards/db`, overwrite on), one
 * result per dashboard: a refused dashboard does not stop the others. Throws only on bad options.
 */
export async function pushDashboards(options: PushOptions): Promise<PushResult[]> {
  const base = checkOptions(options);
  const fetch = options.fetch ?? globalThis.fetch;
  const headers = {
    authorization: `Bearer ${options.token}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const api = (path: string) => new URL(path, base.href.endsWith('/') ? base : `${base.href}/`);
  let folderError: string | undefined;
  if (options.folder !== undefined) {
    folderError = await ensureFolder(fetch, api, headers, options.folder);
  }
  const results: PushResult[] = [];
  for (const json of options.dashboards) {
    const uid = json.uid ?? '';
    if (folderError !== undefined) {
      results.push({ uid, ok: false, error: folderError });
      continue;
    }
    try {
      const response = await fetch(api('api/dashboards/db'), {
        method: 'POST',
        headers,
        body: JSON.stringify({
          dashboard: { ...json, id: null },
          overwrite: true,
          message: options.message ?? 'outrider dashboards push',
          ...(options.folder !== undefined && { folderUid: options.folder }),
        }),
      });
      if (response.ok) {
        const { version, url } = (await response.json()) as { version?: number; url?: string };
        results.push({
          uid,
          ok: true,
          status: response.status,
          ...(version === undefined ? {} : { version }),
          ...(url === undefined ? {} : { url }),
        });
      } else {
        results.push({ uid, ok: false, status: response.status, error: await grafanaMessage(response) });
      }
    } catch (error) {
      results.push({ uid, ok: false, error: (error as Error).message });
    }
  }
  return results;
}

/** Makes sure the folder exists; returns an error message instead of throwing. */
async function ensureFolder(
  fetch: typeof globalThis.fetch,
  api: (path: string) => URL,
  headers: Record<string, string>,
  uid: string,
): Promise<string | undefined> {
  try {
    const found = await fetch(api(`api/folders/${encodeURIComponent(uid)}`), { headers });
    await found.body?.cancel();
    if (found.ok) return undefined;
    if (found.status !== 404) return `folder "${uid}": Grafana answered ${found.status}`;
    const created = await fetch(api('api/folders'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ uid, title: FOLDER_TITLE }),
    });
    if (created.ok) return undefined;
    return `folder "${uid}": ${created.status} ${await grafanaMessage(created)}`;
  } catch (error) {
    return `folder "${uid}": ${(error as Error).message}`;
  }
}
