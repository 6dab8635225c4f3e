import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('validates, registers, matches and resolves without Node globals', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const policy = lib.createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
      const store = lib.createMemoryClientStore();
      const body = await lib.registerClient(
        { redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'client_secret_basic' },
        { store, policy },
      );
      const client = await store.get(body.client_id, Math.floor(Date.now() / 1000));
      await lib.verifyClientSecret(client, body.client_secret, Math.floor(Date.now() / 1000));
      const clientId = 'https://app.example/client.json';
      const blocked = await lib
        .resolveClientIdMetadataDocument(clientId, {
          policy,
          resolveHost: async () => ['::ffff:169.254.169.254'],
          fetch: async () => { throw new Error('must not fetch'); },
        })
        .catch((error) => error.code);
      const resolved = await lib.resolveClientIdMetadataDocument(clientId, {
        policy,
        resolveHost: async () => ['93.184.215.14'],
        fetch: async () => ({
          status: 200,
          headers: new Headers({ 'content-type': 'application/json' }),
          body: new TextEncoder().encode(JSON.stringify({
            client_id: clientId, client_name: 'App', redirect_uris: ['https://app.example/cb'],
          })),
        }),
      });
      return {
        nodeGlobals: [typeof process, typeof Buffer, typeof require],
        type: body.application_type,
        secret: typeof body.client_secret,
        match: lib.matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.0.0.1:4000/cb'),
        range: lib.classifyAddress('64:ff9b::a00:1'),
        blocked,
        name: resolved.metadata.client_name,
      };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      type: 'native',
      secret: 'string',
      match: true,
      range: 'rfc6052:private',
      blocked: 'ERR_CIMD_ADDRESS_BLOCKED',
      name: 'App',
    });
  });
});
