export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteRequest {
  readonly method: RouteMethod;
  /** The path after the mount point, e.g. `/logs`. */
  readonly path: string;
  /** Named segments of the route path (`/targets/:name` → `{ name }`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON for `application/json` bodies (size-limited by the host), otherwise undefined. */
  readonly body: unknown;
}

export interface RouteResponse {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string, Buffer or Readable stream is sent as is; anything else as JSON. */
  readonly body?: unknown;
}

export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** HTTP routes on the sidecar's server (default 127.0.0.1:9464). */
export interface PluginRoutes {
  /** Mounts `handler` at `/plugins/<instance><path>`; `path` starts with `/` and may hold `:name` segments. */
  add(method: RouteMethod, path: string, handler: RouteHandler): void;
  /** Mounts `handler` at `/api<path>`, for the few API routes a plugin owns (e.g. `/traces/recent`). */
  addApi(method: RouteMethod, path: string, handler: RouteHandler): void;
}
