/** The public client (PKCE, no secret) every authorization server is set up with. */
export const CLIENT_ID = 'bench-client';
export const REDIRECT_URI = 'http://127.0.0.1:9999/callback';

/** An authorization code made outside the timing, with the PKCE verifier that redeems it. */
export interface PreparedCode {
  code: string;
  verifier: string;
}

/** The form body of a code exchange (`grant_type=authorization_code`, PKCE, the resource). */
export function codeExchangeBody(prepared: PreparedCode, resource: string): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code: prepared.code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: prepared.verifier,
    resource,
  }).toString();
}

/** The form body of a refresh (`grant_type=refresh_token`, rotation on the server's side). */
export function refreshBody(refreshToken: string): string {
  return new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT_ID,
  }).toString();
}
