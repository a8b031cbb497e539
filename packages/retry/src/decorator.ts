import { type RetryOptions, resolveRetryOptions } from './options.js';
import { runWithRetry } from './with-retry.js';

/**
 * A standard (TC39) method decorator that retries an async method with {@link withRetry}. The
 * options are checked once, when the class is defined; `operation` defaults to the method's name.
 */
export function retry(options: RetryOptions = {}) {
  return <This, Args extends unknown[], Result>(
    method: (this: This, ...args: Args) => Promise<Result>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Promise<Result>>,
  ): ((this: This, ...args: Args) => Promise<Result>) => {
    const policy = resolveRetryOptions({ ...options, operation: options.operation ?? String(context.name) });
    return function retried(this: This, ...args: Args): Promise<Result> {
      return runWithRetry(() => method.apply(this, args), policy, options.signal);
    };
  };
}
