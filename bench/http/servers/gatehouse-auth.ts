import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { startAuthServer, validateConfig } from '@gatehouse/auth-server';
import { computeCodeChallenge, generateCodeVerifier } from '@gatehouse/pkce';
import { CLIENT_ID, type PreparedCode, REDIRECT_URI } from '../as-client.js';
import type { StartServer } from '../bench-server.js';
import { RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';
import { freePort, scratchDir } from '../net.js';

/** Far above any benchmark's rate: the limiter still runs on every request, it just never says no. */
const UNLIMITED = { points: 100_000_000, durationSeconds: 60 };

/** How the auth server stores codes and refresh tokens: the base64url SHA-256 of the value. */
const hashSecret = (value: string) => createHash('sha256').update(value).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

/**
 * The Gatehouse authorization server (`startAuthServer`) with its defaults: ES256 JWT access tokens
 * (RFC 9068), PKCE S256 required, refresh rotation with reuse detection, audit to a file and the
 * database. `storage: 'file'` is the default SQLite file (WAL); `'memory'` is `sqlite::memory:`.
 * Codes and refresh tokens for the load are written through the server's own store, as
 * `/authorize` and a code exchange would write them.
 */
export const start: StartServer = async (options) => {
  const files = scratchDir('as');
  const memory = options.storage === 'memory';
  const server = await startAuthServer(
    validateConfig({
      dev: true,
      host: '127.0.0.1',
      port: await freePort(),
      dataDir: files.dir,
      ...(memory ? { databaseUrl: 'sqlite::memory:' } : {}),
      keyPublishSeconds: 0,
      resources: [{ uri: RESOURCE, scopes: ['mcp:tools:*'] }],
      rateLimits: {
        token: UNLIMITED,
        register: UNLIMITED,
        authorize: UNLIMITED,
        introspect: UNLIMITED,
        revoke: UNLIMITED,
      },
    }),
    { seedDemoUser: false },
  );
  const { store, config } = server.context;
  const now = server.context.now;
  await store.clients.create(
    {
      clientId: CLIENT_ID,
      clientIdIssuedAt: now(),
      metadata: {
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        application_type: 'native',
        token_endpoint_auth_method: 'none',
      },
    },
    { now: now(), maxActive: 0 },
  );
  const newGrant = async () => {
    const id = randomUUID();
    await store.grants.create({
      id,
      clientId: CLIENT_ID,
      userId: 'user-1',
      resource: RESOURCE,
      scopes: [TOOL_SCOPE],
      createdAt: now(),
      expiresAt: now() + config.refreshTokenTtlSeconds,
    });
    return id;
  };
  const makeCode = async (): Promise<PreparedCode> => {
    const verifier = generateCodeVerifier();
    const code = newSecret();
    await store.codes.create({
      codeHash: hashSecret(code),
      clientId: CLIENT_ID,
      userId: 'user-1',
      redirectUri: REDIRECT_URI,
      resource: RESOURCE,
      scopes: [TOOL_SCOPE],
      codeChallenge: await computeCodeChallenge(verifier),
      grantId: await newGrant(),
      expiresAt: now() + 3600,
    });
    return { code, verifier };
  };
  const makeRefreshToken = async (): Promise<string> => {
    const token = newSecret();
    await store.refreshTokens.create({
      tokenHash: hashSecret(token),
      grantId: await newGrant(),
      clientId: CLIENT_ID,
      resource: RESOURCE,
      scopes: [TOOL_SCOPE],
      expiresAt: now() + config.refreshTokenTtlSeconds,
    });
    return token;
  };
  return {
    url: server.url,
    info: {
      storage: memory ? 'SQLite in memory (sqlite::memory:)' : 'SQLite file (WAL), the default',
      audit: 'file + database',
    },
    async prepare(what, count) {
      const make = what === 'codes' ? makeCode : what === 'refresh' ? makeRefreshToken : undefined;
      if (make === undefined) throw new Error(`cannot prepare ${what}`);
      const items: unknown[] = [];
      for (let index = 0; index < count; index++) items.push(await make());
      return items;
    },
    close: async () => {
      await server.close();
      files.remove();
    },
  };
};
