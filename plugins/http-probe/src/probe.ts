import type { Socket } from 'node:net';
import { type Clock, systemClock } from '@outrider/core';
import { type ExpectStatus, statusMatches } from './expect-status.js';

// node:http(s) through process.getBuiltinModule, not `import`: an ES import of node:http makes Node load
// its bundled undici (for the WebSocket getters on the module), about 13 MB of RSS a probe never uses.
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

/** Phases timed per probe; a phase the request never reached (or, for `dns`, an IP literal) is absent. */
export type ProbePhase = 'dns' | 'connect' | 'tls' | 'first_byte' | 'transfer' | 'total';

export const PROBE_PHASES: readonly ProbePhase[] = ['dns', 'connect', 'tls', 'first_byte', 'transfer', 'total'];

/** Why a probe failed; `aborted` means the probe was cancelled (the plugin stopped), not that the target failed. */
export type FailureReason = 'dns' | 'connect' | 'tls' | 'timeout' | 'reset' | 'status' | 'body' | 'aborted';

export const FAILURE_REASONS: readonly Exclude<FailureReason, 'aborted'>[] = [
  'dns',
  'connect',
  'tls',
  'timeout',
  'reset',
  'status',
  'body',
];

export interface ProbeRequest {
  readonly url: string | URL;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Default `'2xx'`. */
  readonly expectStatus?: ExpectStatus;
  readonly bodyMatch?: RegExp | undefined;
  readonly timeoutMs: number;
  readonly insecureSkipVerify?: boolean;
}

export interface ProbeOptions {
  /** Cancels the probe (result reason `aborted`). */
  readonly signal?: AbortSignal;
  /** Runs the timeout; default the system clock. Phases are always timed with `performance.now()`. */
  readonly clock?: Clock;
}

export interface ProbeResult {
  readonly success: boolean;
  /** The response status, when one arrived. */
  readonly status?: number;
  readonly reason?: FailureReason;
  /** What went wrong, for logs and the targets route. */
  readonly error?: string;
  /** Seconds spent in each phase the probe reached. */
  readonly phases: Partial<Record<ProbePhase, number>>;
}

/** How much of a body `bodyMatch` looks at. */
export const MAX_BODY_BYTES = 1024 * 1024;

const TIMED_OUT = Symbol('timed out');

/** performance.now() marks of one request. */
interface Marks {
  readonly start: number;
  lookup?: number;
  connect?: number;
  secure?: number;
  response?: number;
  end?: number;
}

function phasesOf(marks: Marks, finished: number): Partial<Record<ProbePhase, number>> {
  const phases: Partial<Record<ProbePhase, number>> = {};
  const seconds = (from: number, to: number) => Math.max(0, to - from) / 1000;
  if (marks.lookup !== undefined) phases.dns = seconds(marks.start, marks.lookup);
  if (marks.connect !== undefined) phases.connect = seconds(marks.lookup ?? marks.start, marks.connect);
  if (marks.connect !== undefined && marks.secure !== undefined) phases.tls = seconds(marks.connect, marks.secure);
  const ready = marks.secure ?? marks.connect;
  if (ready !== undefined && marks.response !== undefined) phases.first_byte = seconds(ready, marks.response);
  if (marks.response !== undefined && marks.end !== undefined) phases.transfer = seconds(marks.response, marks.end);
  phases.total = seconds(marks.start, finished);
  return phases;
}

/** Which step a request error belongs to, from how far the request got. */
function reasonOf(error: NodeJS.ErrnoException, marks: Marks, tls: boolean): FailureReason {
  const code = error.code ?? '';
  if (code === 'ENOTFOUND' || code.startsWith('EAI_')) return 'dns';
  if (marks.connect === undefined) return 'connect';
  if (tls && marks.secure === undefined) return 'tls';
  return 'reset';
}

/**
 * One HTTP(S) request on a fresh connection, timed phase by phase from the socket's own events
 * (`lookup`, `connect`, `secureConnect`, the response headers, the end of the body). fetch/undici
 * do not expose these, node:http does. Never rejects: every outcome is a ProbeResult.
 */
export function probe(request: ProbeRequest, options: ProbeOptions = {}): Promise<ProbeResult> {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const tls = url.protocol === 'https:';
  const clock = options.clock ?? systemClock;
  const controller = new AbortController();
  const marks: Marks = { start: performance.now() };
  if (options.signal?.aborted) {
    return Promise.resolve({ success: false, reason: 'aborted', error: 'cancelled before it started', phases: {} });
  }

  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const onCancel = () => controller.abort(options.signal?.reason);
    const timer = clock.setTimeout(() => controller.abort(TIMED_OUT), request.timeoutMs);
    options.signal?.addEventListener('abort', onCancel, { once: true });

    const settle = (result: Omit<ProbeResult, 'phases'>) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
      req.destroy();
      resolve({ ...result, phases: phasesOf(marks, performance.now()) });
    };
    const fail = (error: NodeJS.ErrnoException, status?: number) => {
      const aborted = controller.signal.aborted;
      const reason = aborted
        ? controller.signal.reason === TIMED_OUT
          ? 'timeout'
          : 'aborted'
        : reasonOf(error, marks, tls);
      const message = reason === 'timeout' ? `no complete response within ${request.timeoutMs} ms` : error.message;
      settle({ success: false, reason, error: message, ...(status === undefined ? {} : { status }) });
    };

    const req = (tls ? https : http).request(url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      // A fresh connection per probe, so every probe sees dns, connect and tls.
      agent: false,
      signal: controller.signal,
      rejectUnauthorized: request.insecureSkipVerify !== true,
    });
    req.once('socket', (socket: Socket) => {
      socket.once('lookup', () => {
        marks.lookup = performance.now();
      });
      socket.once('connect', () => {
        marks.connect = performance.now();
      });
      socket.once('secureConnect', () => {
        marks.secure = performance.now();
      });
    });
    req.once('response', (response) => {
      marks.response = performance.now();
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (request.bodyMatch === undefined || kept >= MAX_BODY_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.once('error', (error) => fail(error, status));
      response.once('close', () => {
        if (!response.complete)
          fail(Object.assign(new Error('connection closed mid-response'), { code: 'ECONNRESET' }), status);
      });
      response.once('end', () => {
        marks.end = performance.now();
        if (!statusMatches(request.expectStatus ?? '2xx', status)) {
          settle({ success: false, status, reason: 'status', error: `status ${status} is not the expected one` });
          return;
        }
        if (request.bodyMatch !== undefined) {
          const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
          if (!request.bodyMatch.test(body)) {
            settle({ success: false, status, reason: 'body', error: `body does not match ${request.bodyMatch}` });
            return;
          }
        }
        settle({ success: true, status });
      });
    });
    req.once('error', (error) => fail(error));
    req.end(request.body);
  });
}
