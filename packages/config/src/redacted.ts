/** What a secret is shown as. */
export const REDACTED = '***';
