import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { createSessionManager } from './session.js';

const secret = new Uint8Array(32).fill(3);

/** The small part of a Koa context the session manager touches. */
function fakeContext(cookie?: string): Context & { setCookies(): string[] } {
  const headers = new Map<string, string | string[]>();
  return {
    cookies: {
      get: (name: string) =>
        cookie?.startsWith(`${name}=`) ? cookie.slice(name.length + 1) : undefined,
    },
    response: { get: (name: string) => headers.get(name.toLowerCase()) ?? '' },
    set: (name: string, value: string | string[]) => headers.set(name.toLowerCase(), value),
    setCookies: () => [headers.get('set-cookie') ?? []].flat(),
  } as unknown as Context & { setCookies(): string[] };
}

function cookieOf(ctx: { setCookies(): string[] }): string {
  const line = ctx.setCookies().at(-1) ?? '';
  return line.split(';')[0] ?? '';
}

describe('createSessionManager', () => {
  const sessions = createSessionManager({ secret, secure: false, ttlSeconds: 900 });

  it('starts an anonymous session, reads it back, and expires it after its lifetime', () => {
    const first = fakeContext();
    const session = sessions.ensure(first, 1000);
    expect(session.userId).toBeUndefined();
    expect(first.setCookies()[0]).toMatch(/HttpOnly; SameSite=Lax; Max-Age=900$/);
    const again = fakeContext(cookieOf(first));
    expect(sessions.read(again, 1899)?.sid).toBe(session.sid);
    expect(sessions.read(again, 1900)).toBeUndefined();
  });

  it('gives a new session id at sign-in (no fixation)', () => {
    const ctx = fakeContext();
    const anonymous = sessions.ensure(ctx, 1000);
    const signedIn = sessions.signIn(ctx, 'user-1', 1001);
    expect(signedIn.sid).not.toBe(anonymous.sid);
    expect(ctx.setCookies()).toHaveLength(1);
    expect(sessions.read(fakeContext(cookieOf(ctx)), 1002)).toMatchObject({
      userId: 'user-1',
      authTime: 1001,
    });
  });

  it('refuses a forged cookie and one signed with another secret', () => {
    const ctx = fakeContext();
    sessions.signIn(ctx, 'user-1', 1000);
    const [name, value = ''] = cookieOf(ctx).split('=');
    const dot = value.lastIndexOf('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ s: 'A'.repeat(43), u: 'admin', e: 99999 }),
    ).toString('base64url');
    expect(
      sessions.read(fakeContext(`${name}=${forgedPayload}${value.slice(dot)}`), 1001),
    ).toBeUndefined();
    const other = createSessionManager({ secret: new Uint8Array(32).fill(4), secure: false });
    expect(other.read(fakeContext(cookieOf(ctx)), 1001)).toBeUndefined();
  });

  it('issues a CSRF token bound to the session and checks it in constant time', () => {
    const a = sessions.ensure(fakeContext(), 1000);
    const b = sessions.ensure(fakeContext(), 1000);
    const token = sessions.csrfToken(a);
    expect(sessions.checkCsrf(a, token)).toBe(true);
    expect(sessions.checkCsrf(b, token)).toBe(false);
    expect(sessions.checkCsrf(a, undefined)).toBe(false);
    expect(sessions.checkCsrf(undefined, token)).toBe(false);
    expect(sessions.checkCsrf(a, `${token}x`)).toBe(false);
  });

  it('uses the __Host- prefix and Secure over https', () => {
    const secure = createSessionManager({ secret, secure: true });
    const ctx = fakeContext();
    secure.ensure(ctx, 1000);
    expect(ctx.setCookies()[0]).toMatch(
      /^__Host-gatehouse-session=.*; Path=\/; HttpOnly; SameSite=Lax; Max-Age=900; Secure$/,
    );
  });

  it('refuses a lifetime out of bounds', () => {
    expect(() => createSessionManager({ secret, secure: false, ttlSeconds: 10 })).toThrow(
      TypeError,
    );
  });
});
