import * as cache from '@outrider/cache';
import * as config from '@outrider/config';
import * as core from '@outrider/core';
import * as logger from '@outrider/logger';
import * as metrics from '@outrider/metrics';
import * as redis from '@outrider/redis';
import * as retry from '@outrider/retry';
import * as scheduler from '@outrider/scheduler';
import * as telemetry from '@outrider/telemetry';
import * as ws from '@outrider/ws';
import { describe, expect, it } from 'vitest';
import * as sdk from '../src/index.js';

const packages = { cache, config, core, logger, metrics, redis, retry, scheduler, telemetry, ws };
/**
 * Left out on purpose: the sidecar's config plumbing (`readEnv`, `configInvalid`, `nearest`,
 * reload planning), and the plugins' checks of a command to spawn (`whyNot*`), which services do not need.
 */
const leftOut: Record<string, string[]> = {
  core: ['whyNotDirectory', 'whyNotExecutable'],
  config: ['readEnv', 'configInvalid', 'nearest', 'restartRequiredChanges'],
};

describe('@outrider/sdk re-exports', () => {
  it.each(Object.entries(packages))('every runtime export of @outrider/%s, as the same value', (name, module) => {
    const reexported = new Map(Object.entries(sdk));
    for (const [key, value] of Object.entries(module)) {
      if (leftOut[name]?.includes(key)) continue;
      expect(reexported.get(key), `${name}.${key}`).toBe(value);
    }
  });

  it("has one parseDuration, core's, which every package's time options go through", () => {
    expect(sdk.parseDuration).toBe(core.parseDuration);
    expect('parseDuration' in config).toBe(false);
    expect('parseDuration' in scheduler).toBe(false);
    expect(typeof sdk.createService).toBe('function');
  });

  it('leaves the plugin API to @outrider/plugin-api', () => {
    expect('definePlugin' in sdk).toBe(false);
    expect('definePlugin' in core).toBe(false);
  });
});
