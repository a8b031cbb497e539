/** Reads and admin calls to the sidecar, same origin only. The admin token lives in this tab's memory. */

let token: string | undefined;
const listeners = new Set<() => void>();

export function hasToken(): boolean {
  return token !== undefined;
}

export function setToken(next: string | undefined): void {
  token = next === '' ? undefined : next;
  for (const listener of listeners) listener();
}

/** Returns the unsubscribe. */
export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function send(path: string, init: RequestInit & { admin?: boolean }): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.admin && token !== undefined) headers.set('Authorization', `Bearer ${token}`);
  // Plain reads revalidate (an ETag'd page comes back as a 304); nothing sent with the token is stored.
  const cache = init.admin ? 'no-store' : 'no-cache';
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin', cache });
  if (response.ok) return response;
  let code = `HTTP_${response.status}`;
  let message = response.statusText;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } | string };
    if (typeof body.error === 'string') message = body.error;
    else if (body.error !== undefined) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
    }
  } catch {}
  throw new ApiError(response.status, code, message);
}

export async function getJson<T>(path: string, options: { admin?: boolean } = {}): Promise<T> {
  return (await (await send(path, { method: 'GET', admin: options.admin ?? false })).json()) as T;
}

/** An admin call: the token as Bearer, a JSON body if given. A refused token is forgotten. */
export async function adminCall<T>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  try {
    const response = await send(path, {
      method,
      admin: true,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    return (await response.json()) as T;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) setToken(undefined);
    throw error;
  }
}
