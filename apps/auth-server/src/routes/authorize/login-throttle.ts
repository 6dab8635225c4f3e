import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Failed sign-ins allowed per username within the window before it is refused for the rest of it. */
export const LOGIN_FAILURES_PER_ACCOUNT = 10;
/** The window, in seconds: 15 minutes. */
export const LOGIN_FAILURE_WINDOW_SECONDS = 900;

/**
 * Failed sign-ins counted per username, whatever address they come from: the per-address budget
 * alone lets an attacker with many addresses guess one account's password without end. Unknown
 * usernames are counted alike, so a refusal says nothing about whether an account exists. A success
 * clears the count. Each attempt takes its point before the password is checked, so attempts sent
 * at the same moment cannot all pass before the first failure is counted. While an account is
 * refused, no password is checked for it, not even the right one: the price is that anyone can hold
 * an account's sign-in off for a window (the usual trade of such limits; the audit log shows
 * `ERR_AS_LOGIN_THROTTLED`).
 */
export interface LoginThrottle {
  /**
   * Takes a point for an attempt at `username`: 0 when the attempt may go on, else the seconds until
   * the account may try again.
   */
  attempt(username: string): Promise<number>;
  /** The attempt succeeded: the account's count starts again. */
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
    async attempt(username) {
      try {
        await limiter.consume(username);
        return 0;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      }
    },
    async succeeded(username) {
      await limiter.delete(username);
    },
  };
}
