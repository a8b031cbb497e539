import type { MixinConfig } from '../config.js';
import { type AlertRuleFile, runbook, series, spoken } from './rule-file.js';

export function redisRules(mixin: MixinConfig): AlertRuleFile {
  const { for: pending, windows } = mixin.alerts;
  const backlog = series(mixin, 'outrider_queue_stream_backlog', 'state="unread"');
  return {
    file: 'redis.yaml',
    comment: [
      'Alerts on what replicas share through Redis: scheduler locks (RedisLockProvider) and Redis Streams',
      'queues (RedisStreamQueue). Lock series carry `key` (the job id); every replica reports the same',
      'stream backlog, so it is read with max, never summed.',
    ].join('\n'),
    groups: [
      {
        name: 'outrider-redis',
        rules: [
          {
            alert: 'OutriderLockLost',
            expr: `sum by (job, instance, key) (increase(${series(mixin, 'outrider_lock_lost_total')}[${windows.lockLost}])) > 0`,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Job {{ $labels.key }} on {{ $labels.instance }} lost its lease while running',
              description:
                'A lease could not be renewed mid-run: another replica may have run the job at the same time.',
              runbook_url: runbook('OutriderLockLost'),
            },
          },
          {
            alert: 'OutriderLockRedisUnavailable',
            expr: `sum by (job, instance, policy) (increase(${series(mixin, 'outrider_lock_unavailable_total')}[${windows.lockUnavailable}])) > 0`,
            for: pending.lockRedisUnavailable,
            labels: { severity: 'warning' },
            annotations: {
              summary:
                "Redis did not answer the scheduler's lock requests on {{ $labels.instance }} ({{ $labels.policy }})",
              description: `For ${spoken(pending.lockRedisUnavailable)} fires were skipped (policy skip) or run without a lease (run-locally) because Redis was down or slow.`,
              runbook_url: runbook('OutriderLockRedisUnavailable'),
            },
          },
          {
            alert: 'OutriderStreamBacklogGrowing',
            expr: [
              `max by (job, queue) (deriv(${backlog}[${windows.streamBacklog}])) > 0`,
              `  and max by (job, queue) (min_over_time(${backlog}[${windows.streamBacklog}])) > 0`,
            ].join('\n'),
            for: pending.streamBacklogGrowing,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Stream queue {{ $labels.queue }} of {{ $labels.job }} falls behind',
              description: `Unread entries have grown for ${spoken(windows.streamBacklog)} without the backlog ever emptying: the consumers do not keep up.`,
              runbook_url: runbook('OutriderStreamBacklogGrowing'),
            },
          },
        ],
      },
    ],
  };
}
