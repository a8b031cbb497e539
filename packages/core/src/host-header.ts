import { isIP } from 'node:net';

export interface HostCheckOptions {
  /** The address the server is bound to (`127.0.0.1`, `::`, a host name). */
  bound: string;
  /** More names the server may be reached by (`outrider.internal`), matched case-insensitively. */
  allowedHosts?: readonly string[];
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** The host name of a `Host` header value: `[::1]:9464` → `::1`, `Example.com.:80` → `example.com`. */
export function hostOfHeader(header: string): string {
  const value = header.trim().toLowerCase();
  const name = value.startsWith('[')
    ? value.slice(1, value.indexOf(']') === -1 ? undefined : value.indexOf(']'))
    : value.split(':').length === 2
      ? (value.split(':')[0] as string)
      : value;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function isLoopbackAddress(host: string): boolean {
  return host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * Whether a request's `Host` header names this server, which defeats DNS rebinding: a web page can
 * point its own name at 127.0.0.1, but the browser still sends that name. Allowed: `localhost` and
 * `*.localhost`, loopback addresses, the bound address (any address literal when bound to all
 * interfaces), and `allowedHosts`. A request without `Host` (HTTP/1.0) did not come from a browser.
 */
export function isAllowedHost(header: string | undefined, options: HostCheckOptions): boolean {
  if (header === undefined) return true;
  const host = hostOfHeader(header);
  if (host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host)) return true;
  const bound = hostOfHeader(options.bound);
  if (host === bound) return true;
  if (isIP(host) !== 0 && WILDCARD.has(bound)) return true;
  return options.allowedHosts?.some((allowed) => hostOfHeader(allowed) === host) ?? false;
}
