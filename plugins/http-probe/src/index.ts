export { configSchema, type HttpProbeConfig, type ProbeTargetConfig } from './config.js';
export type { ExpectStatus } from './expect-status.js';
export { plugin } from './plugin.js';
export {
  type FailureReason,
  MAX_BODY_BYTES,
  type ProbeOptions,
  type ProbePhase,
  type ProbeRequest,
  type ProbeResult,
  probe,
} from './probe.js';
