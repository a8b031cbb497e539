const STATUS_CLASS = /^[1-5]xx$/i;

export type ExpectStatus = number | readonly number[] | string;

export function isStatusClass(text: string): boolean {
  return STATUS_CLASS.test(text);
}

/** Whether `status` is what the target expects: one code, one of a list, or a class like `'2xx'`. */
export function statusMatches(expect: ExpectStatus, status: number): boolean {
  if (typeof expect === 'number') return status === expect;
  if (typeof expect === 'string') return Math.floor(status / 100) === Number(expect[0]);
  return expect.includes(status);
}
