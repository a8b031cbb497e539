import { OutriderError } from '@outrider/core';
import { Document } from 'yaml';
import { config, type MixinConfig } from '../config.js';
import { otlpRules } from './otlp.js';
import { probeRules } from './probes.js';
import { redisRules } from './redis.js';
import type { AlertRuleFile } from './rule-file.js';
import { schedulerRules } from './scheduler.js';
import { sidecarRules } from './sidecar.js';

const FILES = [sidecarRules, otlpRules, probeRules, schedulerRules, redisRules];

// Prometheus' duration syntax, units largest first, at least one of them.
const PROM_DURATION = /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** Every value of `mixin` the rules would carry that Prometheus would refuse, or that would not mean a threshold. */
function problemsOf(mixin: MixinConfig): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(mixin.thresholds)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(`thresholds.${key}: expected a finite number, found ${String(value)}`);
    }
  }
  for (const [section, durations] of [
    ['for', mixin.alerts.for],
    ['windows', mixin.alerts.windows],
  ] as const) {
    for (const [key, value] of Object.entries(durations)) {
      if (typeof value !== 'string' || !PROM_DURATION.test(value)) {
        problems.push(
          `alerts.${section}.${key}: expected a Prometheus duration such as 5m, found ${JSON.stringify(value)}`,
        );
      }
    }
  }
  for (const key of ['selector', 'sidecarSelector'] as const) {
    if (typeof mixin.alerts[key] !== 'string') {
      problems.push(
        `alerts.${key}: expected label matchers such as job="x", found ${JSON.stringify(mixin.alerts[key])}`,
      );
    }
  }
  return problems;
}

/**
 * The alert rule files, built from `mixin` (default: config.ts), so an alert fires at the threshold its
 * panel draws. Throws OUTRIDER_INVALID_ARGUMENT naming every bad threshold, duration or selector.
 */
export function buildAlertRules(mixin: MixinConfig = config): AlertRuleFile[] {
  const problems = problemsOf(mixin);
  if (problems.length > 0) {
    throw new OutriderError('OUTRIDER_INVALID_ARGUMENT', `alert rules config: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return FILES.map((make) => make(mixin));
}

/** A rule file as the YAML Prometheus loads (`rule_files:`), headed by its comment. */
export function alertRulesYaml(file: AlertRuleFile): string {
  const doc = new Document({ groups: file.groups });
  const header = [
    'Generated from dashboards/src/config.ts (thresholds, selectors, windows, `for:` durations) by',
    '`npm run alerts -w @outrider/dashboards`: change the config or src/alerts/, not this file.',
    ...file.comment.split('\n'),
  ];
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}
