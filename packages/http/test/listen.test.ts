import { isOutriderError } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { close, listen, urlOf } from '../src/index.js';

const options = { host: '127.0.0.1', requestTimeout: '5s', idleTimeout: 1000, module: 'ops' } as const;

describe('listen and close', () => {
  it('serves on a free port, then closes', async () => {
    const server = await listen((_request, response) => response.end('up'), { ...options, port: 0 });
    const url = urlOf(server);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(url)).text()).toBe('up');
    await close(server);
    expect(server.listening).toBe(false);
  });

  it('fails with OUTRIDER_HTTP_LISTEN_FAILED naming the address and EADDRINUSE when the port is taken', async () => {
    const first = await listen((_request, response) => response.end(), { ...options, port: 0 });
    const port = Number(new URL(urlOf(first)).port);
    try {
      let caught: unknown;
      await listen((_request, response) => response.end(), { ...options, port }).catch((error) => {
        caught = error;
      });
      expect(isOutriderError(caught, 'OUTRIDER_HTTP_LISTEN_FAILED')).toBe(true);
      expect((caught as Error).message).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
      expect((caught as { module?: string }).module).toBe('ops');
    } finally {
      await close(first);
    }
  });
});
