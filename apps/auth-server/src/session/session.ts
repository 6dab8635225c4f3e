import type { Context } from 'koa';
import { newSecret } from '../oauth/secret-hash.js';
import { createSigner, safeEqual } from './signer.js';

/** The browser session: who signed in, and when it ends. Kept only in the signed cookie. */
export interface Session {
  /** Random session id; CSRF tokens and form state are bound to it. Changes at sign-in. */
  readonly sid: string;
  readonly userId?: string;
  /** Seconds since the epoch. */
  readonly authTime?: number;
  readonly expiresAt: number;
}

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions {
  /** At least 32 bytes; see `loadSessionSecret`. */
  secret: Uint8Array;
  /** Mark the cookie `Secure` (and use the `__Host-` prefix): true when the issuer is https. */
  secure: boolean;
  /** Absolute lifetime of a session. Default 900 (15 minutes). */
  ttlSeconds?: number;
}

/** Reads and writes the session cookie; issues and checks CSRF tokens. */
export interface SessionManager {
  readonly cookieName: string;
  /** The valid session of this request, if any. */
  read(ctx: Context, now: number): Session | undefined;
  /** The valid session, or a new anonymous one (cookie set). */
  ensure(ctx: Context, now: number): Session;
  /** Signs `userId` in under a new session id (no fixation); cookie set. */
  signIn(ctx: Context, userId: string, now: number): Session;
  /** The CSRF token for forms of this session: HMAC of its id. */
  csrfToken(session: Session): string;
  /** Constant-time check of a submitted token against the session's. */
  checkCsrf(session: Session | undefined, submitted: unknown): boolean;
}

interface CookiePayload {
  s: string;
  u?: string;
  t?: number;
  e: number;
}

const SID = /^[A-Za-z0-9_-]{43}$/;

/** Signed-cookie sessions (HttpOnly, SameSite=Lax, Secure over https, short absolute lifetime). */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const ttl = options.ttlSeconds ?? 900;
  if (!Number.isSafeInteger(ttl) || ttl < 60 || ttl > 86_400) {
    throw new TypeError('createSessionManager: ttlSeconds must be an integer from 60 to 86400');
  }
  const cookieSigner = createSigner(options.secret, 'session');
  const csrfSigner = createSigner(options.secret, 'csrf');
  const cookieName = options.secure ? '__Host-gatehouse-session' : 'gatehouse-session';

  const write = (ctx: Context, session: Session): Session => {
    const payload: CookiePayload = { s: session.sid, e: session.expiresAt };
    if (session.userId !== undefined) payload.u = session.userId;
    if (session.authTime !== undefined) payload.t = session.authTime;
    const value = cookieSigner.sign(Buffer.from(JSON.stringify(payload)).toString('base64url'));
    const attributes = [`Path=/`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${ttl}`];
    if (options.secure) attributes.push('Secure');
    setCookie(ctx, cookieName, `${cookieName}=${value}; ${attributes.join('; ')}`);
    return session;
  };

  const read = (ctx: Context, now: number): Session | undefined => {
    const raw = ctx.cookies.get(cookieName, { signed: false });
    if (raw === undefined || raw.length > 2048) return undefined;
    const value = cookieSigner.verify(raw);
    if (value === undefined) return undefined;
    const payload = parsePayload(value);
    if (payload === undefined || payload.e <= now) return undefined;
    return {
      sid: payload.s,
      expiresAt: payload.e,
      ...(payload.u === undefined ? {} : { userId: payload.u }),
      ...(payload.t === undefined ? {} : { authTime: payload.t }),
    };
  };

  return {
    cookieName,
    read,
    ensure: (ctx, now) => read(ctx, now) ?? write(ctx, { sid: newSecret(), expiresAt: now + ttl }),
    signIn: (ctx, userId, now) =>
      write(ctx, { sid: newSecret(), userId, authTime: now, expiresAt: now + ttl }),
    csrfToken: (session) => csrfSigner.mac(session.sid),
    checkCsrf(session, submitted) {
      if (session === undefined || typeof submitted !== 'string' || submitted.length > 128) {
        return false;
      }
      return safeEqual(submitted, csrfSigner.mac(session.sid));
    },
  };
}

function parsePayload(value: string): CookiePayload | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { s, u, t, e } = parsed as Record<string, unknown>;
    if (typeof s !== 'string' || !SID.test(s) || !Number.isSafeInteger(e)) return undefined;
    if (u !== undefined && (typeof u !== 'string' || u.length === 0 || u.length > 200)) {
      return undefined;
    }
    if (t !== undefined && !Number.isSafeInteger(t)) return undefined;
    return parsed as CookiePayload;
  } catch {
    return undefined;
  }
}

/** Sets a cookie header, replacing one set earlier in this response under the same name. */
function setCookie(ctx: Context, name: string, header: string): void {
  const existing = ctx.response.get('Set-Cookie') as unknown;
  const list = Array.isArray(existing)
    ? (existing as string[])
    : typeof existing === 'string' && existing !== ''
      ? [existing]
      : [];
  ctx.set('Set-Cookie', [...list.filter((line) => !line.startsWith(`${name}=`)), header]);
}
