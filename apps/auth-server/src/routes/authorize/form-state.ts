import { randomBytes } from 'node:crypto';
import { createSigner } from '../../session/signer.js';

/** A validated authorization request, as the login and consent forms carry it. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** The configured resource server's URI (the tokens' `aud`). */
  resource: string;
  /** Requested scopes, already narrowed to what the resource (and maybe the client) allows. */
  scopes: string[];
  state?: string;
  codeChallenge: string;
}

/** What the form state binds besides the request. */
export interface FormStateBinding {
  /** The session the form was rendered for. */
  sid: string;
  /** The signed-in user the consent form was rendered for; absent on the login form. */
  userId?: string;
}

interface Payload {
  v: 1;
  /** A random id for this one form: a consent form is accepted once (see `consumeForm`). */
  fid: string;
  sid: string;
  uid?: string;
  exp: number;
  req: AuthorizationRequest;
}

/** An opened form state: its request, its random id and when it expires. */
export interface OpenedForm {
  request: AuthorizationRequest;
  formId: string;
  expiresAt: number;
}

/** Seals and opens the signed, expiring form state; nothing in a form is trusted unsigned. */
export interface FormStateCodec {
  /** Seals the request with a fresh random form id. */
  seal(request: AuthorizationRequest, binding: FormStateBinding, now: number): string;
  /** The request if the state is authentic, unexpired and bound to `binding`; else undefined. */
  open(sealed: unknown, binding: FormStateBinding, now: number): AuthorizationRequest | undefined;
  /** Like `open`, with the form's id and expiry (for the single-use check). */
  openForm(sealed: unknown, binding: FormStateBinding, now: number): OpenedForm | undefined;
}

/** Form state signed with HMAC-SHA256 (its own derived key), bound to the session and user. */
export function createFormStateCodec(secret: Uint8Array, ttlSeconds = 600): FormStateCodec {
  const signer = createSigner(secret, 'authorize-form');
  const codec: FormStateCodec = {
    seal(request, binding, now) {
      const payload: Payload = {
        v: 1,
        fid: randomBytes(16).toString('base64url'),
        sid: binding.sid,
        exp: now + ttlSeconds,
        req: request,
      };
      if (binding.userId !== undefined) payload.uid = binding.userId;
      return signer.sign(Buffer.from(JSON.stringify(payload)).toString('base64url'));
    },
    open(sealed, binding, now) {
      return codec.openForm(sealed, binding, now)?.request;
    },
    openForm(sealed, binding, now) {
      if (typeof sealed !== 'string' || sealed.length > 16_384) return undefined;
      const value = signer.verify(sealed);
      if (value === undefined) return undefined;
      let payload: Payload;
      try {
        payload = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Payload;
      } catch {
        return undefined;
      }
      if (payload.v !== 1 || payload.sid !== binding.sid || !(payload.exp > now)) return undefined;
      if (payload.uid !== binding.userId || typeof payload.fid !== 'string') return undefined;
      return { request: payload.req, formId: payload.fid, expiresAt: payload.exp };
    },
  };
  return codec;
}
