import type { Middleware } from 'koa';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PinnedFetch, ResolveHost } from './index.js';
import {
  type ClientJwksFetcher,
  type ClientMetadata,
  type ClientStore,
  createClientJwksFetcher,
  fetchClientJwks,
  matchRedirectUri,
  type PublicJwks,
  type RedirectUriKind,
  type RegistrationResponse,
  type ResolvedMetadataDocument,
  registerClient,
  resolveClientIdMetadataDocument,
  validateClientMetadata,
  validateRedirectUri,
} from './index.js';
import { type RegisteredClient, registrationEndpoint } from './koa/index.js';
import { createPinnedFetch, resolveHost } from './node/index.js';
import { runClientStoreConformance } from './testing/index.js';

expectTypeOf(validateRedirectUri).returns.toEqualTypeOf<RedirectUriKind>();
expectTypeOf(matchRedirectUri).returns.toBeBoolean();
expectTypeOf(validateClientMetadata).returns.toEqualTypeOf<ClientMetadata>();
expectTypeOf(registerClient).returns.resolves.toEqualTypeOf<RegistrationResponse>();
expectTypeOf<RegistrationResponse['client_secret']>().toEqualTypeOf<string | undefined>();
expectTypeOf<ClientMetadata['response_types']>().toEqualTypeOf<'code'[]>();
expectTypeOf(
  resolveClientIdMetadataDocument,
).returns.resolves.toEqualTypeOf<ResolvedMetadataDocument>();
expectTypeOf(createPinnedFetch()).toEqualTypeOf<PinnedFetch>();
expectTypeOf(resolveHost).toEqualTypeOf<ResolveHost>();
expectTypeOf(registrationEndpoint).returns.toEqualTypeOf<Middleware>();
expectTypeOf(fetchClientJwks).returns.resolves.toEqualTypeOf<PublicJwks>();
expectTypeOf(createClientJwksFetcher).returns.toEqualTypeOf<ClientJwksFetcher>();
// the onRegistered hook never sees the secret
expectTypeOf<RegisteredClient>().not.toHaveProperty('client_secret');
expectTypeOf<RegisteredClient['client_id']>().toEqualTypeOf<string>();
expectTypeOf<ClientStore['get']>().returns.resolves.toEqualTypeOf<
  import('./index.js').ClientRecord | undefined
>();

// vitest's own functions fit the conformance suite's parameter, so no runner is a dependency.
expectTypeOf(runClientStoreConformance).toBeCallableWith({ describe, it, expect }, () => {
  throw new Error('store');
});
