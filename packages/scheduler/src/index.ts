export {
  BatchQueue,
  type BatchQueueOptions,
  type BatchQueueStats,
  type OnFull,
} from './batch-queue.js';
export { schedulerErrors } from './error-codes.js';
export { type FileLockOptions, FileLockProvider } from './file-lock.js';
export type { JobContext, JobOptions, JobRetryOptions, RunTrigger } from './job-options.js';
export type { JobStatus } from './job-status.js';
export {
  InProcessLockProvider,
  type LockLease,
  type LockProvider,
  type LockRecord,
  type LockRequest,
} from './lock.js';
export type { ContendedReason, UnavailablePolicy } from './lock-metrics.js';
export { primePeriod, primeSpread, withJitter } from './primes.js';
export { type RedisLockOptions, RedisLockProvider, type RedisLockStatus } from './redis-lock.js';
export { RedisStreamQueue, type RedisStreamQueueOptions, type RedisStreamQueueStats } from './redis-stream-queue.js';
export { type RunReport, Scheduler, type SchedulerOptions } from './scheduler.js';
export type { RunOutcome, SkipReason } from './scheduler-metrics.js';
