export { alertRulesYaml, buildAlertRules } from './alerts/build.js';
export type { AlertRule, AlertRuleFile } from './alerts/rule-file.js';
export { buildDashboards, checkContributions, DASHBOARD_UIDS } from './build.js';
export {
  type AlertsConfig,
  type AlertWindow,
  config,
  type MixinConfig,
  type PendingAlert,
  type PromDuration,
  type Thresholds,
} from './config.js';
export { type ExportOptions, type ExportResult, exportDashboards, provisioningYaml } from './export.js';
export type { DashboardJson, Row } from './lib/dashboard.js';
export { panelFromSpec } from './lib/panel-spec.js';
export { checkDashboardStructure, KNOWN_UNITS } from './lib/structure.js';
export { type PushOptions, type PushResult, pushDashboards } from './push.js';
export { DashboardRegistry, type DashboardSummary } from './registry.js';
