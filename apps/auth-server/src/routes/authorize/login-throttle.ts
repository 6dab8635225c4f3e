import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Failed sign-ins allowed per username within the window before it is refused for the rest of it. */
export const LOGIN_FAILURES_PER_ACCOUNT = 10;
/** The window, in seconds: 15 minutes. */
export const LOGIN_FAILURE_WINDOW_SECONDS = 900;

/**
 * Failed sign-ins counted per username, whatever address they come from: the per-address budget
 * alone lets an attacker with many addresses guess one account's password without end. Unknown
 * usernames are counted alike, so a refusal says nothing about whether an account exists. A success
 * clears the count. While an account is refused, no password is checked for it, not even the right
 * one: the price is that anyone can hold an account's sign-in off for a window (the usual trade of
 * such limits; the audit log shows `ERR_AS_LOGIN_THROTTLED`).
 */
export interface LoginThrottle {
  /** Seconds until `username` may try again, or 0 when it may now. */
  retryAfterSeconds(username: string): Promise<number>;
  failed(username: string): Promise<void>;
  succeeded(username: string): Promise<void>;
}

export function createLoginThrottle(
  failures: number = LOGIN_FAILURES_PER_ACCOUNT,
  windowSeconds: number = LOGIN_FAILURE_WINDOW_SECONDS,
): LoginThrottle {
  const limiter = new RateLimiterMemory({
    keyPrefix: 'login-failures',
    points: failures,
    duration: windowSeconds,
  });
  return {
    async retryAfterSeconds(username) {
      const state = await limiter.get(username);
      if (state === null || state.consumedPoints < failures) return 0;
      return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    },
    async failed(username) {
      // over the budget consume() rejects; the count is what matters here, not the rejection
      await limiter.consume(username).catch(() => undefined);
    },
    async succeeded(username) {
      await limiter.delete(username);
    },
  };
}
