import { REDACTED } from './redacted.js';

/** Query parameter names that carry credentials (`api_key`, `access_token`, `password`, `sig`…). */
const CREDENTIAL_PARAM = /key|token|secret|pass|pwd|auth|sig|credential|session|cookie/i;

/**
 * `url` with its userinfo and credential-like query parameters replaced by `***`. Text that does
 * not parse as a URL may hold anything, so it is replaced whole.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  let changed = false;
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = REDACTED;
    parsed.password = '';
    changed = true;
  }
  for (const name of new Set(parsed.searchParams.keys())) {
    if (!CREDENTIAL_PARAM.test(name)) continue;
    parsed.searchParams.set(name, REDACTED);
    changed = true;
  }
  if (!changed) return url;
  // URLSearchParams encodes `*` as is; only the replaced parts change.
  return parsed.href;
}
