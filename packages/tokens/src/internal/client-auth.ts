import type { IntrospectionClientAuth } from '../create-introspection-verifier.js';

/** RFC 6749 section 2.3.1: form-urlencode the id and secret before the Basic encoding. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** Applies the client authentication to an introspection request; bad settings throw TypeError. */
export function clientAuthentication(
  name: string,
  auth: IntrospectionClientAuth,
): (headers: Record<string, string>, body: URLSearchParams) => void {
  if (
    typeof auth !== 'object' ||
    auth === null ||
    typeof auth.clientId !== 'string' ||
    auth.clientId === '' ||
    typeof auth.clientSecret !== 'string' ||
    auth.clientSecret === ''
  ) {
    throw new TypeError(`${name}: clientAuth needs a method, clientId and clientSecret`);
  }
  const { clientId, clientSecret } = auth;
  if (auth.method === 'client_secret_basic') {
    const encoded = btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
    return (headers) => {
      headers.authorization = `Basic ${encoded}`;
    };
  }
  if (auth.method === 'client_secret_post') {
    return (_headers, body) => {
      body.set('client_id', clientId);
      body.set('client_secret', clientSecret);
    };
  }
  throw new TypeError(
    `${name}: clientAuth.method must be client_secret_basic or client_secret_post`,
  );
}
