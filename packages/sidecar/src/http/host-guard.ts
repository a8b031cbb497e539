import { isAllowedHost } from '@outrider/core';
import type { Middleware } from 'koa';
import { sidecarErrors } from '../error-codes.js';

/** Refuses requests whose `Host` names another server (DNS rebinding); see isAllowedHost. */
export function hostGuard(bound: string, allowedHosts: readonly string[]): Middleware {
  return (ctx, next) => {
    const host = ctx.get('Host') || undefined;
    if (!isAllowedHost(host, { bound, allowedHosts })) {
      throw sidecarErrors.create(
        'OUTRIDER_HTTP_HOST_REFUSED',
        `Host "${host}" is not this server; use ${bound}, localhost, or a name in server.allowedHosts`,
      );
    }
    return next();
  };
}
