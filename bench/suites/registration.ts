import {
  createMemoryClientStore,
  createMemoryMetadataDocumentCache,
  createMetadataDocumentResolver,
  createRegistrationPolicy,
  matchRedirectUri,
  registerClient,
  validateClientMetadata,
} from '@gatehouse/registration';
import type { Comparison } from '../harness/compare.js';

const REGISTERED = ['https://app.example/oauth/callback', 'http://127.0.0.1/callback'];
const REQUEST = {
  client_name: 'Bench client',
  redirect_uris: ['http://127.0.0.1:33418/callback', 'http://[::1]:33418/callback'],
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  scope: 'mcp:tools:read mcp:prompts:read',
  software_id: 'bench',
  software_version: '1.0.0',
};
const CLIENT_ID = 'https://app.example/oauth/client.json';
const encoder = new TextEncoder();

/**
 * Registration hot paths against the least each must do. Targets were set by the registration
 * package author (the issue sets none): each path may cost at most a small multiple of its bare
 * baseline.
 */
export async function comparisons(): Promise<Comparison[]> {
  const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*', 'mcp:prompts:read'] });
  const noDedup = createRegistrationPolicy({
    allowedScopes: ['mcp:tools:*', 'mcp:prompts:read'],
    deduplicate: false,
    maxActiveClients: 0,
    unusedClientTtlSeconds: 0,
  });
  const cache = createMemoryMetadataDocumentCache();
  const resolveOptions = {
    policy,
    cache,
    resolveHost: async () => ['93.184.215.14'],
    fetch: async () => ({
      status: 200,
      headers: new Headers({
        'content-type': 'application/json',
        'cache-control': 'max-age=86400',
      }),
      body: encoder.encode(
        JSON.stringify({
          client_id: CLIENT_ID,
          client_name: 'App',
          redirect_uris: ['https://app.example/cb'],
        }),
      ),
    }),
  };
  const resolve = createMetadataDocumentResolver(resolveOptions);
  await resolve(CLIENT_ID);
  const bareCache = new Map([[CLIENT_ID, await cache.get(CLIENT_ID)]]);
  const bareStore = new Map<string, unknown>();

  return [
    {
      name: 'registration: matchRedirectUri (loopback, any port) vs a URL-parser matcher',
      baseline: {
        label: 'new URL + compare fields',
        run: () => {
          const requested = new URL('http://127.0.0.1:51234/callback');
          return REGISTERED.some((uri) => {
            const registered = new URL(uri);
            return (
              registered.protocol === requested.protocol &&
              registered.hostname === requested.hostname &&
              registered.pathname === requested.pathname &&
              registered.search === requested.search
            );
          });
        },
      },
      subject: {
        label: 'matchRedirectUri',
        run: () => matchRedirectUri(REGISTERED, 'http://127.0.0.1:51234/callback'),
      },
      minRatio: 1,
    },
    {
      name: 'registration: validateClientMetadata vs copying the body and parsing its URLs',
      baseline: {
        label: 'structuredClone + new URL per redirect',
        run: () => {
          const copy = structuredClone(REQUEST);
          for (const uri of copy.redirect_uris) new URL(uri);
        },
      },
      subject: {
        label: 'validateClientMetadata',
        run: () => validateClientMetadata(REQUEST, policy),
      },
      minRatio: 0.25,
    },
    {
      name: 'registration: registerClient (public, memory store) vs random id + SHA-256 + Map.set',
      baseline: {
        label: 'getRandomValues + digest + Map.set',
        run: async () => {
          const id = crypto.getRandomValues(new Uint8Array(16)).join('');
          await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(REQUEST)));
          bareStore.set(id, structuredClone(REQUEST));
        },
      },
      subject: {
        label: 'registerClient',
        run: () => registerClient(REQUEST, { store: createMemoryClientStore(), policy: noDedup }),
      },
      minRatio: 0.25,
    },
    {
      name: 'registration: resolveClientIdMetadataDocument cache hit vs Map.get + structuredClone',
      baseline: {
        label: 'Map.get + structuredClone',
        run: () => structuredClone(bareCache.get(CLIENT_ID)),
      },
      subject: {
        label: 'createMetadataDocumentResolver(...)(url), cached',
        run: () => resolve(CLIENT_ID),
      },
      minRatio: 0.5,
    },
  ];
}
