import type { HttpJobConfig } from './config.js';

/**
 * Calls the job's URL and resolves with the response status (the body is discarded); rejects when
 * there is no response (connection refused, DNS, abort).
 */
export async function runHttp(job: HttpJobConfig, signal: AbortSignal): Promise<number> {
  const json = job.body !== undefined && typeof job.body !== 'string';
  const hasContentType = Object.keys(job.headers).some((name) => name.toLowerCase() === 'content-type');
  const response = await fetch(job.url, {
    method: job.method,
    headers: json && !hasContentType ? { ...job.headers, 'content-type': 'application/json' } : job.headers,
    ...(job.body !== undefined && { body: json ? JSON.stringify(job.body) : (job.body as string) }),
    signal,
  });
  await response.body?.cancel();
  return response.status;
}

/** Whether `status` counts as success: listed in expectStatus, or any 2xx when the list is empty. */
export function isExpectedStatus(job: HttpJobConfig, status: number): boolean {
  return job.expectStatus.length === 0 ? status >= 200 && status < 300 : job.expectStatus.includes(status);
}
