import type { OAuthErrorCode } from '@gatehouse/errors';
import { expectTypeOf } from 'vitest';
import {
  type AuthChallenge,
  type AuthorizationServerMetadata,
  type BearerChallenge,
  type BearerChallengeParams,
  DiscoveryError,
  type DiscoveryErrorCode,
  type DiscoveryResult,
  defineProtectedResourceMetadata,
  discover,
  formatBearerChallenge,
  type ProtectedResourceMetadata,
  parseBearerChallenge,
  parseWwwAuthenticate,
} from './index.js';

// the signature the tokens and scopes packages rely on
expectTypeOf(formatBearerChallenge).parameter(0).toEqualTypeOf<BearerChallengeParams>();
expectTypeOf(formatBearerChallenge).returns.toBeString();
expectTypeOf<BearerChallengeParams>().toEqualTypeOf<{
  resourceMetadata?: string;
  scope?: string | readonly string[];
  error?: OAuthErrorCode;
  errorDescription?: string;
  realm?: string;
}>();
formatBearerChallenge({ error: 'insufficient_scope', scope: ['a'] as const });
// @ts-expect-error: not an OAuth error code
formatBearerChallenge({ error: 'nope' });

expectTypeOf(parseWwwAuthenticate).returns.toEqualTypeOf<AuthChallenge[]>();
expectTypeOf(parseBearerChallenge).returns.toEqualTypeOf<BearerChallenge | undefined>();
expectTypeOf(discover).returns.resolves.toEqualTypeOf<DiscoveryResult>();
expectTypeOf<DiscoveryResult['authorizationServer']>().toEqualTypeOf<AuthorizationServerMetadata>();

// define requires authorization_servers and catches typos in literals
defineProtectedResourceMetadata({ resource: 'https://a.example', authorization_servers: [] });
// @ts-expect-error: authorization_servers is required
defineProtectedResourceMetadata({ resource: 'https://a.example' });
defineProtectedResourceMetadata({
  resource: 'https://a.example',
  authorization_servers: [],
  // @ts-expect-error: a misspelt field
  scope_supported: [],
});

declare const doc: ProtectedResourceMetadata;
expectTypeOf(doc.resource).toBeString();
expectTypeOf(doc['x-extension']).toBeUnknown();

declare const error: unknown;
if (DiscoveryError.isInstance(error)) expectTypeOf(error.code).toEqualTypeOf<DiscoveryErrorCode>();
