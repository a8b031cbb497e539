import { cacheFor, checkMemoizeOptions, defaultKey, entryOptionsFor, type MemoizeOptions } from './memoize.js';

/**
 * A standard (TC39) method decorator caching an async method's results: `@cached({ strategy:
 * 'MEDIUM', key: (id) => `user:${id}`, tags: (id) => [`user:${id}`] })`. `key` and `tags` are
 * called with the method's `this`. Options are checked when the class is defined. Without a shared
 * `cache`, each decorated method gets a private one named after it, and instances share its entries.
 */
export function cached(options: MemoizeOptions = {}) {
  return <This, Args extends unknown[], Result>(
    method: (this: This, ...args: Args) => Promise<Result>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Promise<Result>>,
  ): ((this: This, ...args: Args) => Promise<Result>) => {
    const name = String(context.name);
    checkMemoizeOptions(`@cached ${name}`, options);
    const cache = cacheFor<Result>(name, options);
    return function cachedMethod(this: This, ...args: Args): Promise<Result> {
      const key = options.key === undefined ? defaultKey(name, args) : options.key.apply(this, args);
      return cache.getOrSet(key, () => method.apply(this, args), entryOptionsFor(options, this, args));
    };
  };
}
