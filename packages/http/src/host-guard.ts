import { isAllowedHost } from '@outrider/core';
import type { Middleware } from 'koa';
import { httpErrors } from './error-codes.js';

/**
 * Refuses requests whose `Host` names another server (DNS rebinding); see isAllowedHost.
 * `setting` names the config key that lists more names, for the error message.
 */
export function hostGuard(bound: string, allowedHosts: readonly string[], setting?: string): Middleware {
  const also = setting === undefined ? 'or a loopback address' : `or a name in ${setting}`;
  return (ctx, next) => {
    const host = ctx.get('Host') || undefined;
    if (!isAllowedHost(host, { bound, allowedHosts })) {
      throw httpErrors.create(
        'OUTRIDER_HTTP_HOST_REFUSED',
        `Host "${host}" is not this server; use ${bound}, localhost, ${also}`,
      );
    }
    return next();
  };
}
