import type { Middleware } from 'koa';

/** Runs `middlewares` in order as one middleware (what koa-compose does, for a fixed short list). */
export function compose(middlewares: readonly Middleware[]): Middleware {
  return (ctx, next) => {
    const run = (index: number): Promise<void> => {
      const middleware = middlewares[index];
      if (middleware === undefined) return next();
      return Promise.resolve(middleware(ctx, () => run(index + 1)));
    };
    return run(0);
  };
}
