import { describe, expect, it } from 'vitest';
import { type JobOptions, Scheduler } from '../src/index.js';

const run = () => {};

/** Bad input arrives untyped (a job read from a file), so the options are plain data here. */
function problemOf(options: Record<string, unknown>): unknown {
  try {
    new Scheduler().add({ id: 'job', run, ...options } as unknown as JobOptions);
  } catch (error) {
    return error;
  }
  throw new Error('add() accepted the job');
}

describe('bad job definitions', () => {
  it.each([
    ['an invalid cron expression', { cron: '61 * * * *' }, 'cron'],
    ['a cron expression with too few fields', { cron: 'every day' }, 'cron'],
    ['a cron expression that never fires', { cron: '0 0 30 2 *' }, 'cron'],
    ['an unknown timezone', { cron: '7 3 * * *', timezone: 'Mars/Olympus' }, 'timezone'],
    ['a timezone on an interval job', { every: '1m', timezone: 'Asia/Seoul' }, 'timezone'],
    ['a negative interval', { every: -5 }, 'every'],
    ['a zero interval', { every: 0 }, 'every'],
    ['an interval in an unknown unit', { every: '5 minutes' }, 'every'],
    ['both every and cron', { every: '1m', cron: '* * * * *' }, 'every'],
    ['no trigger at all', {}, 'every'],
    ['maxInstances 0', { every: '1m', maxInstances: 0 }, 'maxInstances'],
    ['a negative timeout', { every: '1m', timeout: -1 }, 'timeout'],
    ['a bad misfireGraceTime', { every: '1m', misfireGraceTime: 'soon' }, 'misfireGraceTime'],
    ['negative retries', { every: '1m', retry: { retries: -1 } }, 'retry.retries'],
    ['a retry minDelay without a unit', { every: '1m', retry: { retries: 1, minDelay: '5' } }, 'retry.minDelay'],
    ['an after naming a missing job', { after: ['ghost'] }, 'after'],
    ['a job after itself', { every: '1m', after: ['job'] }, 'after'],
    ['an invalid startAt', { every: '1m', startAt: Number.NaN }, 'startAt'],
  ])('%s → OUTRIDER_JOB_INVALID naming %s', (_, options, field) => {
    expect(problemOf(options)).toMatchObject({
      code: 'OUTRIDER_JOB_INVALID',
      message: expect.stringContaining(`${field}:`),
      details: { job: 'job', field },
    });
  });

  it('reports every problem at once', () => {
    const error = problemOf({ cron: 'nope', maxInstances: -1, jitter: 'lots' }) as { details: { problems: unknown[] } };
    expect(error.details.problems.map((problem) => (problem as { field: string }).field)).toEqual([
      'cron',
      'maxInstances',
      'jitter',
    ]);
  });

  it('rejects a missing id and a missing run function', () => {
    expect(() => new Scheduler().add({ every: '1m' } as unknown as JobOptions)).toThrow(
      expect.objectContaining({ code: 'OUTRIDER_JOB_INVALID', message: expect.stringMatching(/id:.*run:/) }),
    );
  });

  it('accepts durations such as 1s, 29s, 31s, 307s, 1m, 6h and 1h30m', () => {
    const scheduler = new Scheduler();
    for (const every of ['1s', '29s', '31s', '307s', '1m', '6h', '1h30m'] as const)
      scheduler.add({ id: every, every, run });
    expect(scheduler.list().map((job) => job.trigger)).toEqual([
      'every 1s',
      'every 29s',
      'every 31s',
      'every 5m7s',
      'every 1m',
      'every 6h',
      'every 1h30m',
    ]);
  });
});
