import type { Socket } from 'node:net';
import { jsonError } from './json-error.js';

// node:http through process.getBuiltinModule, not `import`: see router.ts.
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/**
 * Node's answer to a request it could not parse or that timed out before reaching Koa, in our JSON
 * error shape instead of Node's bare status line.
 */
export function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // Node's own handler checks the same private field: never write over a response already started.
  const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === 'ECONNRESET' || !socket.writable || started === true) {
    socket.destroy();
    return;
  }
  const [status, code, message]: [number, string, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'OUTRIDER_HTTP_REQUEST_TIMEOUT', 'the request was not received in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'OUTRIDER_HTTP_BAD_REQUEST', 'the request headers are too large']
        : [400, 'OUTRIDER_HTTP_BAD_REQUEST', 'malformed HTTP request'];
  const body = JSON.stringify(jsonError(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
