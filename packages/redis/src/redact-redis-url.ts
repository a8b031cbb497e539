/** The URL with any password (and user name) replaced by `***`, for logs and status pages. */
export function redactRedisUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    if (url.username !== '') url.username = '***';
    return url.toString();
  } catch {
    return '***';
  }
}
