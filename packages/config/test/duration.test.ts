import { parseDuration } from '@outrider/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigManager, duration } from '../src/index.js';
import { project } from './helpers.js';

describe('duration()', () => {
  it("reads a YAML '31s' and a 31000 as the same ms as core's parseDuration", async () => {
    const schema = z.object({ a: duration(), b: duration(), c: duration(), d: duration() });
    const cwd = project({ 'outrider.yaml': 'a: 31s\nb: 31000\nc: "1h30m"\nd: 500ms\n' });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await config.load();
    expect(config.get('a')).toBe(31_000);
    expect(config.get('b')).toBe(31_000);
    expect(config.get('c')).toBe(parseDuration('1h30m', 'c'));
    expect(config.get('d')).toBe(500);
  });

  it.each([
    ['-5', '-5'],
    ['-5s', '"-5s"'],
    ['31x', '"31x"'],
    ['"5000"', '"5000"'],
  ])('rejects %s naming the key and what a duration is', async (text, found) => {
    const schema = z.object({ timeout: duration() });
    const cwd = project({ 'outrider.yaml': `timeout: ${text}\n` });
    const config = new ConfigManager({ name: 'outrider', schema, cwd, env: {} });
    await expect(config.load()).rejects.toThrow(
      `outrider.yaml:1:1: timeout: expected a duration like '500ms', '31s', '2m', '1h30m' (units ms, s, m, h, d) or a number of ms ≥ 0, found ${found}`,
    );
  });
});
