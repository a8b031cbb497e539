import type { RouteHandler } from '@outrider/plugin-api';
import type { LogBuffer, LogStream } from './log-buffer.js';

const STREAMS: readonly string[] = ['stdout', 'stderr'];

const badRequest = (message: string) => ({
  status: 400,
  body: { error: { code: 'OUTRIDER_INVALID_ARGUMENT', message } },
});

/**
 * GET /plugins/<instance>/logs?stream=stderr&limit=50: the newest captured lines, oldest first,
 * as `{ capturing, lines: [{ time, stream, line }] }`.
 */
export function logsRoute(buffer: () => LogBuffer | undefined): RouteHandler {
  return ({ query }) => {
    const stream = query.get('stream') ?? undefined;
    if (stream !== undefined && !STREAMS.includes(stream)) return badRequest('stream must be stdout or stderr');
    const limitText = query.get('limit');
    const limit = limitText === null ? Number.POSITIVE_INFINITY : Number(limitText);
    if (!(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 1) {
      return badRequest('limit must be a positive integer');
    }
    const lines = buffer()?.tail(limit, stream as LogStream | undefined) ?? [];
    return {
      body: {
        capturing: buffer() !== undefined,
        lines: lines.map(({ time, stream, line }) => ({ time: new Date(time).toISOString(), stream, line })),
      },
    };
  };
}
