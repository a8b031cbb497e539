/**
 * Variables a child process (a supervised app, a job's command) takes from the sidecar's own
 * environment; everything else, `OUTRIDER_*` overrides and the admin token above all, stays out.
 * `LC_*` and `OTEL_*` match by prefix.
 */
export const CHILD_ENV_ALLOWLIST: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TZ',
  'TMPDIR',
  'TERM',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'OTEL_*',
];

const allowed = (name: string): boolean =>
  CHILD_ENV_ALLOWLIST.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));

/** The environment for a child: the allowlisted part of `parent`, then `explicit` (which wins). */
export function childEnvironment(
  explicit: Readonly<Record<string, string>>,
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) if (value !== undefined && allowed(name)) env[name] = value;
  return { ...env, ...explicit };
}
