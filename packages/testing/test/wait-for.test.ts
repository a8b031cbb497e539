import { describe, expect, it } from 'vitest';
import { waitFor } from '../src/index.js';

describe('waitFor', () => {
  it('resolves with the first value that is not undefined, null or false', async () => {
    const answers = [undefined, null, false, 0, 7];
    let calls = 0;
    await expect(waitFor(() => answers[calls++], { interval: 1 })).resolves.toBe(0);
    expect(calls).toBe(4);
  });

  it('takes async predicates and counts a throw as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls++;
        if (calls < 3) throw new Error('ECONNREFUSED');
        return { ready: true };
      },
      { interval: 1 },
    );
    expect(value).toEqual({ ready: true });
  });

  it('fails naming what it waited for and the last value seen', async () => {
    let calls = 0;
    await expect(
      waitFor(() => (++calls > 0 ? false : 1), { timeout: 30, interval: 1, what: 'the queue to drain' }),
    ).rejects.toThrow(/^timed out after 30 ms waiting for the queue to drain \(last value: false\)$/);
  });

  it('fails with the last error seen, and reads a `what` function only then', async () => {
    let read = 0;
    const what = () => {
      read++;
      return 'the server (output: listening on 0)';
    };
    await expect(
      waitFor(
        () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:9');
        },
        { timeout: 30, interval: 1, what },
      ),
    ).rejects.toThrow('waiting for the server (output: listening on 0) (last error: connect ECONNREFUSED 127.0.0.1:9)');
    expect(read).toBe(1);
  });

  it('does not wait past its timeout for a call that never settles', async () => {
    await expect(waitFor(() => new Promise<number>(() => {}), { timeout: 30, what: 'a hung fetch' })).rejects.toThrow(
      'waiting for a hung fetch (a call still running)',
    );
  });
});
