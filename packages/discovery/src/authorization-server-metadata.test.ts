import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineAuthorizationServerMetadata, parseAuthorizationServerMetadata } from './index.js';
import { failure, metadataLike, parsesOrThrowsDiscoveryError } from './test-helpers.js';

const ISSUER = 'https://auth.example.com/tenant1';
const valid = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  registration_endpoint: `${ISSUER}/register`,
  revocation_endpoint: `${ISSUER}/revoke`,
  introspection_endpoint: `${ISSUER}/introspect`,
  jwks_uri: `${ISSUER}/jwks.json`,
  response_types_supported: ['code'],
  grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
  code_challenge_methods_supported: ['S256'],
  token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'private_key_jwt'],
  token_endpoint_auth_signing_alg_values_supported: ['ES256', 'RS256'],
  scopes_supported: ['mcp:tools'],
  authorization_response_iss_parameter_supported: true,
  client_id_metadata_document_supported: true,
  dpop_signing_alg_values_supported: ['ES256'],
} as const;

type Input = Parameters<typeof defineAuthorizationServerMetadata>[0];

describe('defineAuthorizationServerMetadata', () => {
  it('validates and deep-freezes a complete MCP authorization server document (A1-A3)', () => {
    const doc = defineAuthorizationServerMetadata(valid);
    expect(doc).toEqual(valid);
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.code_challenge_methods_supported)).toBe(true);
  });

  it('leaves out lists with no element (RFC 8414 3.2), and still freezes', () => {
    const doc = defineAuthorizationServerMetadata({
      ...valid,
      scopes_supported: [],
      dpop_signing_alg_values_supported: [],
    });
    expect(Object.keys(doc)).not.toContain('scopes_supported');
    expect(Object.keys(doc)).not.toContain('dpop_signing_alg_values_supported');
    expect(doc.grant_types_supported).toEqual(valid.grant_types_supported);
    expect(Object.isFrozen(doc)).toBe(true);
  });

  it('checks the types of the wider registry too', () => {
    const doc = defineAuthorizationServerMetadata({
      ...valid,
      mtls_endpoint_aliases: { token_endpoint: 'https://mtls.auth.example.com/token' },
      require_pushed_authorization_requests: false,
      pushed_authorization_request_endpoint: `${ISSUER}/par`,
      protected_resources: ['https://mcp.example.com/mcp'],
      'service_documentation#en': 'https://auth.example.com/docs',
    });
    expect(doc.protected_resources).toEqual(['https://mcp.example.com/mcp']);
    expect(
      failure(() =>
        defineAuthorizationServerMetadata({
          ...valid,
          mtls_endpoint_aliases: { token_endpoint: 'http://mtls.example/token' },
        }),
      ),
    ).toEqual({
      code: 'ERR_DISCOVERY_URL_INSECURE',
      field: 'mtls_endpoint_aliases.token_endpoint',
    });
  });

  it.each([
    [{ issuer: 'https://auth.example.com/?x=1' }, 'ERR_DISCOVERY_URL_QUERY', 'issuer'],
    [{ issuer: 'https://auth.example.com/#x' }, 'ERR_DISCOVERY_URL_FRAGMENT', 'issuer'],
    [{ issuer: 'http://auth.example.com' }, 'ERR_DISCOVERY_URL_INSECURE', 'issuer'],
    [{ issuer: undefined }, 'ERR_DISCOVERY_FIELD_MISSING', 'issuer'],
    [
      { authorization_endpoint: undefined },
      'ERR_DISCOVERY_FIELD_MISSING',
      'authorization_endpoint',
    ],
    [{ token_endpoint: undefined }, 'ERR_DISCOVERY_FIELD_MISSING', 'token_endpoint'],
    [
      { response_types_supported: undefined },
      'ERR_DISCOVERY_RESPONSE_TYPE_CODE_MISSING',
      'response_types_supported',
    ],
    [
      { response_types_supported: ['token'] },
      'ERR_DISCOVERY_RESPONSE_TYPE_CODE_MISSING',
      'response_types_supported',
    ],
    [
      { code_challenge_methods_supported: undefined },
      'ERR_DISCOVERY_PKCE_S256_MISSING',
      'code_challenge_methods_supported',
    ],
    [
      { code_challenge_methods_supported: ['plain'] },
      'ERR_DISCOVERY_PKCE_S256_MISSING',
      'code_challenge_methods_supported',
    ],
    [
      { code_challenge_methods_supported: ['S256', 'plain'] },
      'ERR_DISCOVERY_FIELD_VALUE',
      'code_challenge_methods_supported',
    ],
    [
      { code_challenge_methods_supported: 'S256' },
      'ERR_DISCOVERY_FIELD_TYPE',
      'code_challenge_methods_supported',
    ],
    [
      { grant_types_supported: ['authorization_code', 'implicit'] },
      'ERR_DISCOVERY_FIELD_VALUE',
      'grant_types_supported',
    ],
    [{ grant_types_supported: ['password'] }, 'ERR_DISCOVERY_FIELD_VALUE', 'grant_types_supported'],
    [{ scopes_supported: ['a b'] }, 'ERR_DISCOVERY_FIELD_VALUE', 'scopes_supported'],
    [
      { token_endpoint: 'https://evil.example/token' },
      'ERR_DISCOVERY_ENDPOINT_CROSS_ORIGIN',
      'token_endpoint',
    ],
    [
      { authorization_endpoint: 'https://auth.example.com:8443/authorize' },
      'ERR_DISCOVERY_ENDPOINT_CROSS_ORIGIN',
      'authorization_endpoint',
    ],
    [{ jwks_uri: 'https://cdn.example/jwks' }, 'ERR_DISCOVERY_ENDPOINT_CROSS_ORIGIN', 'jwks_uri'],
    [
      { token_endpoint: 'https://auth.example.com/token#f' },
      'ERR_DISCOVERY_URL_FRAGMENT',
      'token_endpoint',
    ],
    [
      { authorization_response_iss_parameter_supported: 'yes' },
      'ERR_DISCOVERY_FIELD_TYPE',
      'authorization_response_iss_parameter_supported',
    ],
    [
      { client_id_metadata_document_supported: 1 },
      'ERR_DISCOVERY_FIELD_TYPE',
      'client_id_metadata_document_supported',
    ],
    [{ mtls_endpoint_aliases: ['x'] }, 'ERR_DISCOVERY_FIELD_TYPE', 'mtls_endpoint_aliases'],
  ] as const)('%j -> %s', (patch, code, field) => {
    const input = { ...valid, ...patch } as unknown as Input;
    expect(failure(() => defineAuthorizationServerMetadata(input))).toEqual({ code, field });
  });

  describe('signing algorithms for JWT client authentication (RFC 8414 2)', () => {
    const endpoints = ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint'] as const;

    it.each(endpoints)(
      '%s: refuses private_key_jwt or client_secret_jwt without algorithms',
      (e) => {
        for (const method of ['private_key_jwt', 'client_secret_jwt']) {
          const input = {
            ...valid,
            [`${e}_auth_methods_supported`]: ['client_secret_basic', method],
            [`${e}_auth_signing_alg_values_supported`]: undefined,
          } as unknown as Input;
          expect(failure(() => defineAuthorizationServerMetadata(input))).toEqual({
            code: 'ERR_DISCOVERY_FIELD_MISSING',
            field: `${e}_auth_signing_alg_values_supported`,
          });
          const empty = { ...input, [`${e}_auth_signing_alg_values_supported`]: [] } as Input;
          expect(failure(() => defineAuthorizationServerMetadata(empty))).toEqual({
            code: 'ERR_DISCOVERY_FIELD_EMPTY',
            field: `${e}_auth_signing_alg_values_supported`,
          });
        }
      },
    );

    it.each(endpoints)('%s: refuses none among the algorithms, in any spelling', (e) => {
      for (const [methods, algorithms] of [
        [['private_key_jwt'], ['none']],
        [['private_key_jwt'], ['ES256', 'none']],
        [['client_secret_jwt'], ['HS256', 'NONE']],
        [['client_secret_basic'], ['None']],
        [undefined, ['none']],
      ]) {
        const input = {
          ...valid,
          [`${e}_auth_methods_supported`]: methods,
          [`${e}_auth_signing_alg_values_supported`]: algorithms,
        } as unknown as Input;
        expect(failure(() => defineAuthorizationServerMetadata(input))).toEqual({
          code: 'ERR_DISCOVERY_FIELD_VALUE',
          field: `${e}_auth_signing_alg_values_supported`,
        });
      }
    });

    it.each(endpoints)(
      '%s: accepts JWT authentication with algorithms, and no JWT without',
      (e) => {
        const withJwt = {
          ...valid,
          [`${e}_auth_methods_supported`]: ['private_key_jwt', 'client_secret_jwt'],
          [`${e}_auth_signing_alg_values_supported`]: ['ES256', 'HS256'],
        } as Input;
        expect(defineAuthorizationServerMetadata(withJwt)).toEqual(withJwt);
        const withoutJwt = {
          ...valid,
          token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
          token_endpoint_auth_signing_alg_values_supported: undefined,
          [`${e}_auth_methods_supported`]: ['client_secret_basic', 'client_secret_post'],
        } as unknown as Input;
        expect(() => defineAuthorizationServerMetadata(withoutJwt)).not.toThrow();
      },
    );

    it('leaves an authentication method list that is omitted to its client_secret_basic default', () => {
      const { token_endpoint_auth_methods_supported: _m, ...rest } = valid;
      const { token_endpoint_auth_signing_alg_values_supported: _a, ...bare } = rest;
      expect(defineAuthorizationServerMetadata(bare).token_endpoint).toBe(valid.token_endpoint);
    });
  });

  it('allows endpoints on listed origins', () => {
    const doc = defineAuthorizationServerMetadata(
      { ...valid, jwks_uri: 'https://cdn.example/jwks' },
      { allowedEndpointOrigins: ['https://cdn.example'] },
    );
    expect(doc.jwks_uri).toBe('https://cdn.example/jwks');
    expect(() =>
      defineAuthorizationServerMetadata(valid, { allowedEndpointOrigins: ['not a url'] }),
    ).toThrow(TypeError);
  });

  it('allows loopback http only with the development option', () => {
    const dev = {
      ...valid,
      issuer: 'http://127.0.0.1:4000',
      authorization_endpoint: 'http://127.0.0.1:4000/authorize',
      token_endpoint: 'http://127.0.0.1:4000/token',
      registration_endpoint: undefined,
      revocation_endpoint: undefined,
      introspection_endpoint: undefined,
      jwks_uri: undefined,
    } as unknown as Input;
    expect(failure(() => defineAuthorizationServerMetadata(dev)).code).toBe(
      'ERR_DISCOVERY_URL_INSECURE',
    );
    expect(defineAuthorizationServerMetadata(dev, { allowLoopbackHttp: true }).issuer).toBe(
      'http://127.0.0.1:4000',
    );
  });
});

describe('parseAuthorizationServerMetadata', () => {
  it('accepts a document whose issuer is exactly the expected one, cross-origin endpoints too', () => {
    const json = { ...valid, token_endpoint: 'https://tokens.example.net/token', x_ext: [1] };
    const doc = parseAuthorizationServerMetadata(json, { expectedIssuer: ISSUER });
    expect(doc.token_endpoint).toBe('https://tokens.example.net/token');
    expect(doc.x_ext).toEqual([1]);
  });

  it('refuses another issuer, compared as an exact string (mix-up defence)', () => {
    for (const issuer of [
      'https://evil.example/tenant1',
      `${ISSUER}/`,
      'https://AUTH.example.com/tenant1',
      'https://auth.example.com',
      'https://auth.example.com/tenant2',
    ]) {
      expect(
        failure(() =>
          parseAuthorizationServerMetadata({ ...valid, issuer }, { expectedIssuer: ISSUER }),
        ),
      ).toEqual({ code: 'ERR_DISCOVERY_ISSUER_MISMATCH', field: 'issuer' });
    }
  });

  it('requires response_types_supported (RFC 8414) but leaves MCP rules to discovery', () => {
    const { response_types_supported: _, ...rest } = valid;
    expect(
      failure(() => parseAuthorizationServerMetadata(rest, { expectedIssuer: ISSUER })),
    ).toEqual({
      code: 'ERR_DISCOVERY_FIELD_MISSING',
      field: 'response_types_supported',
    });
    const noPkce = { issuer: ISSUER, response_types_supported: ['code'] };
    expect(parseAuthorizationServerMetadata(noPkce, { expectedIssuer: ISSUER })).toEqual(noPkce);
  });

  it('refuses insecure endpoint URLs and wrong types', () => {
    expect(
      failure(() =>
        parseAuthorizationServerMetadata(
          { ...valid, token_endpoint: 'http://auth.example.com/token' },
          { expectedIssuer: ISSUER },
        ),
      ),
    ).toEqual({ code: 'ERR_DISCOVERY_URL_INSECURE', field: 'token_endpoint' });
    expect(
      failure(() =>
        parseAuthorizationServerMetadata(
          { ...valid, code_challenge_methods_supported: [{}] },
          { expectedIssuer: ISSUER },
        ),
      ),
    ).toEqual({ code: 'ERR_DISCOVERY_FIELD_TYPE', field: 'code_challenge_methods_supported' });
  });

  it('property: any JSON either parses or throws a DiscoveryError', () => {
    fc.assert(
      fc.property(
        metadataLike(
          [...Object.keys(valid), 'mtls_endpoint_aliases', 'x'],
          [ISSUER, ['code', 'S256']],
        ),
        (json) =>
          parsesOrThrowsDiscoveryError(() => {
            expect(parseAuthorizationServerMetadata(json, { expectedIssuer: ISSUER }).issuer).toBe(
              ISSUER,
            );
          }),
      ),
      { numRuns: 500 },
    );
  });
});
