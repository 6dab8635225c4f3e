import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64url, CompactSign } from 'jose';
import type { SigningKey } from '../index.js';

export const ISSUER = 'https://auth.example.com';
export const RESOURCE = 'https://mcp.example.com/mcp';
export const RESOURCE_METADATA = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

const encoder = new TextEncoder();

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** RFC 9068 claims for a valid token, with overrides (`undefined` removes a claim). */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  const base: Record<string, unknown> = {
    iss: ISSUER,
    sub: 'user-123',
    aud: RESOURCE,
    client_id: 'client-abc',
    scope: 'files:read files:write',
    iat: now,
    exp: now + 300,
    jti: crypto.randomUUID(),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

/** Signs any payload with any protected header (defaults: the key's alg and kid, typ at+jwt). */
export function sign(
  key: Pick<SigningKey, 'alg' | 'kid' | 'privateKey'>,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const protectedHeader: Record<string, unknown> = { alg: key.alg, typ: 'at+jwt', kid: key.kid };
  for (const [name, value] of Object.entries(header)) {
    if (value === undefined) delete protectedHeader[name];
    else protectedHeader[name] = value;
  }
  return new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader(protectedHeader as { alg: string })
    .sign(key.privateKey);
}

/** A compact JWS built by hand (for headers jose would refuse to produce). */
export function handMade(header: unknown, payload: unknown, signature = ''): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.${signature}`;
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 with an ephemeral port. */
export async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      return closed;
    },
  };
}

/** The code of a rejected promise (or `undefined` when it resolved). */
export async function rejectionCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return code;
    throw error;
  }
}
