export {
  type CommandJobConfig,
  type HttpJobConfig,
  type JobConfig,
  type JobsConfig,
  jobsConfigSchema,
} from './config.js';
export { jobsErrors } from './error-codes.js';
export { plugin } from './plugin.js';
