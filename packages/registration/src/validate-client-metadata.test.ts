import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRegistrationPolicy,
  RegistrationError,
  type RegistrationErrorCode,
  validateClientMetadata,
} from './index.js';

const policy = createRegistrationPolicy({
  allowedScopes: ['mcp:tools:*', 'mcp:prompts:read', 'offline_access'],
  grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
});

const PUBLIC_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

function codeOf(input: unknown, rules = policy): RegistrationErrorCode | undefined {
  try {
    validateClientMetadata(input, rules);
    return undefined;
  } catch (error) {
    if (RegistrationError.isInstance(error)) return error.code;
    throw error;
  }
}

describe('validateClientMetadata', () => {
  it('applies the RFC 7591 defaults and keeps only known fields', () => {
    const metadata = validateClientMetadata(
      {
        redirect_uris: ['https://app.example/cb', 'https://app.example/cb'],
        client_name: 'App',
        unknown_field: 'dropped',
        client_secret: 'chosen-by-client',
        client_id: 'chosen-by-client',
        'client_name#fr': 'Appli',
      },
      policy,
    );
    expect(metadata).toEqual({
      redirect_uris: ['https://app.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      application_type: 'web',
      client_name: 'App',
    });
  });

  it('accepts a typical MCP client registration and infers a native application', () => {
    const metadata = validateClientMetadata(
      {
        client_name: 'MCP Inspector',
        redirect_uris: ['http://localhost:6274/oauth/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        scope: 'mcp:tools:read offline_access mcp:tools:read',
        client_uri: 'https://inspector.example',
        logo_uri: 'https://inspector.example/logo.png',
        contacts: ['ops@inspector.example'],
        software_id: 'inspector',
        software_version: '1.2.0',
      },
      policy,
    );
    expect(metadata.application_type).toBe('native');
    expect(metadata.scope).toBe('mcp:tools:read offline_access');
    expect(metadata.token_endpoint_auth_method).toBe('none');
  });

  it('uses the OpenID default web when inference is off, which refuses loopback', () => {
    const strict = createRegistrationPolicy({ allowedScopes: [], inferApplicationType: false });
    expect(
      codeOf(
        { redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' },
        strict,
      ),
    ).toBe('ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE');
  });

  it('refuses mixing https and loopback redirects without a declared type, and wrong declared types', () => {
    expect(codeOf({ redirect_uris: ['https://app.example/cb', 'http://127.0.0.1/cb'] })).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
    );
    expect(codeOf({ redirect_uris: ['http://127.0.0.1/cb'], application_type: 'web' })).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
    );
    expect(codeOf({ redirect_uris: ['https://app.example/cb'], application_type: 'native' })).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
    );
    expect(codeOf({ redirect_uris: ['https://app.example/cb'], application_type: 'desktop' })).toBe(
      'ERR_REGISTRATION_APPLICATION_TYPE',
    );
  });

  it('refuses each bad field with a precise code', () => {
    const ok = { redirect_uris: ['https://app.example/cb'] };
    const cases: Array<[unknown, RegistrationErrorCode]> = [
      [null, 'ERR_REGISTRATION_METADATA_TYPE'],
      [[ok], 'ERR_REGISTRATION_METADATA_TYPE'],
      ['{}', 'ERR_REGISTRATION_METADATA_TYPE'],
      [{}, 'ERR_REGISTRATION_REDIRECT_URI_MISSING'],
      [{ redirect_uris: [] }, 'ERR_REGISTRATION_REDIRECT_URI_MISSING'],
      [{ redirect_uris: 'https://app.example/cb' }, 'ERR_REGISTRATION_REDIRECT_URI_TYPE'],
      [{ redirect_uris: [1] }, 'ERR_REGISTRATION_REDIRECT_URI_TYPE'],
      [
        { redirect_uris: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`) },
        'ERR_REGISTRATION_REDIRECT_URI_TOO_MANY',
      ],
      [{ redirect_uris: ['https://app.example/cb#x'] }, 'ERR_REGISTRATION_REDIRECT_URI_FRAGMENT'],
      [{ ...ok, client_name: 42 }, 'ERR_REGISTRATION_FIELD_TYPE'],
      [{ ...ok, client_name: 'x'.repeat(201) }, 'ERR_REGISTRATION_FIELD_TOO_LONG'],
      [{ ...ok, contacts: 'a@b.example' }, 'ERR_REGISTRATION_FIELD_TYPE'],
      [{ ...ok, contacts: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'ERR_REGISTRATION_FIELD_TOO_MANY'],
      [{ ...ok, client_uri: 'http://app.example' }, 'ERR_REGISTRATION_URI_INVALID'],
      [{ ...ok, logo_uri: 'data:image/png;base64,AAAA' }, 'ERR_REGISTRATION_URI_INVALID'],
      [{ ...ok, tos_uri: 'javascript:alert(1)' }, 'ERR_REGISTRATION_URI_INVALID'],
      [{ ...ok, policy_uri: 'https://u:p@app.example/policy' }, 'ERR_REGISTRATION_URI_INVALID'],
      [{ ...ok, client_uri: 'https://app.example/#x' }, 'ERR_REGISTRATION_URI_INVALID'],
      [{ ...ok, client_uri: 'https://app .example/' }, 'ERR_REGISTRATION_URI_INVALID'],
      [{ ...ok, token_endpoint_auth_method: 'client_secret_jwt' }, 'ERR_REGISTRATION_AUTH_METHOD'],
      [{ ...ok, token_endpoint_auth_method: 'tls_client_auth' }, 'ERR_REGISTRATION_AUTH_METHOD'],
      [{ ...ok, grant_types: ['implicit'] }, 'ERR_REGISTRATION_GRANT_TYPE'],
      [{ ...ok, grant_types: ['password'] }, 'ERR_REGISTRATION_GRANT_TYPE'],
      [{ ...ok, grant_types: [] }, 'ERR_REGISTRATION_GRANT_TYPE'],
      [{ ...ok, grant_types: ['refresh_token'] }, 'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH'],
      [{ ...ok, response_types: ['token'] }, 'ERR_REGISTRATION_RESPONSE_TYPE'],
      [{ ...ok, response_types: ['code id_token'] }, 'ERR_REGISTRATION_RESPONSE_TYPE'],
      [{ ...ok, response_types: [] }, 'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH'],
      [
        { grant_types: ['client_credentials'], response_types: ['code'] },
        'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH',
      ],
      [
        { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' },
        'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH',
      ],
      [{ ...ok, scope: 'mcp:admin' }, 'ERR_REGISTRATION_SCOPE_NOT_ALLOWED'],
      [{ ...ok, scope: 'mcp:*' }, 'ERR_REGISTRATION_SCOPE_NOT_ALLOWED'],
      [{ ...ok, scope: 'mcp:prompts:*' }, 'ERR_REGISTRATION_SCOPE_NOT_ALLOWED'],
      [{ ...ok, scope: 'mcp:tools:read  mcp:tools:write' }, 'ERR_REGISTRATION_SCOPE_INVALID'],
      [{ ...ok, scope: 'mcp:tools:we*' }, 'ERR_REGISTRATION_SCOPE_INVALID'],
      [{ ...ok, scope: ['mcp:tools:read'] }, 'ERR_REGISTRATION_SCOPE_INVALID'],
      [{ ...ok, scope: `mcp:tools:${'a'.repeat(1000)}` }, 'ERR_REGISTRATION_SCOPE_INVALID'],
      [{ ...ok, token_endpoint_auth_method: 'private_key_jwt' }, 'ERR_REGISTRATION_JWKS_MISSING'],
      [
        { ...ok, jwks: { keys: [PUBLIC_KEY] }, jwks_uri: 'https://app.example/jwks' },
        'ERR_REGISTRATION_JWKS_CONFLICT',
      ],
      [{ ...ok, jwks: [PUBLIC_KEY] }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [{ ...ok, jwks: { keys: [] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [{ ...ok, jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [
        { ...ok, jwks: { keys: [{ ...PUBLIC_KEY, d: 'private' }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [
        { ...ok, jwks: { keys: Array.from({ length: 11 }, () => PUBLIC_KEY) } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      // keys that could never verify a private_key_jwt assertion
      [{ ...ok, jwks: { keys: [{ kty: 'RSA' }] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [
        { ...ok, jwks: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [
        { ...ok, jwks: { keys: [{ ...PUBLIC_KEY, y: undefined }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [{ ...ok, jwks: { keys: [{ ...PUBLIC_KEY, x: 42 }] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [
        { ...ok, jwks: { keys: [{ ...PUBLIC_KEY, crv: 'secp256k1' }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [
        {
          ...ok,
          jwks: {
            keys: [{ kty: 'OKP', crv: 'X25519', x: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo' }],
          },
        },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [{ ...ok, jwks: { keys: [{ ...PUBLIC_KEY, use: 'enc' }] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [
        { ...ok, jwks: { keys: [{ ...PUBLIC_KEY, alg: 'HS256' }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [
        { ...ok, jwks: { keys: [{ ...PUBLIC_KEY, alg: 'none' }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      // nested values are not JWK members; deep nesting would otherwise overflow the stack later
      [
        { ...ok, jwks: { keys: [{ ...PUBLIC_KEY, z: { a: 1 } }] } },
        'ERR_REGISTRATION_JWKS_INVALID',
      ],
      [{ ...ok, jwks: { keys: [{ ...PUBLIC_KEY, z: [[]] }] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
      [{ ...ok, jwks: { keys: [{ ...PUBLIC_KEY, z: null }] } }, 'ERR_REGISTRATION_JWKS_INVALID'],
    ];
    for (const [input, code] of cases) {
      expect([input, codeOf(input)]).toEqual([input, code]);
    }
  });

  it('refuses client_credentials unless the policy opts in', () => {
    const byDefault = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
    expect(byDefault.grantTypes).toEqual(['authorization_code', 'refresh_token']);
    expect(
      codeOf(
        { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' },
        byDefault,
      ),
    ).toBe('ERR_REGISTRATION_GRANT_TYPE');
  });

  it('accepts confidential, private_key_jwt and client_credentials clients', () => {
    expect(
      validateClientMetadata(
        { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' },
        policy,
      ),
    ).toMatchObject({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [] });
    expect(
      validateClientMetadata(
        {
          redirect_uris: ['https://app.example/cb'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [PUBLIC_KEY] },
        },
        policy,
      ).jwks,
    ).toEqual({ keys: [PUBLIC_KEY] });
    const rsa = { kty: 'RSA', n: `u${'A'.repeat(341)}`, e: 'AQAB', use: 'sig', alg: 'PS256' };
    const ed25519 = {
      kty: 'OKP',
      crv: 'Ed25519',
      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      alg: 'EdDSA',
    };
    expect(
      validateClientMetadata(
        {
          redirect_uris: ['https://app.example/cb'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: {
            keys: [rsa, ed25519, { ...PUBLIC_KEY, alg: 'ES256', ext: true, key_ops: ['verify'] }],
          },
        },
        policy,
      ).jwks?.keys,
    ).toHaveLength(3);
  });

  it('follows the policy: auth methods, grant types, localhost and caps', () => {
    const narrow = createRegistrationPolicy({
      allowedScopes: ['mcp:tools:read'],
      tokenEndpointAuthMethods: ['none'],
      grantTypes: ['authorization_code'],
      allowLocalhostRedirects: false,
      maxRedirectUris: 1,
    });
    const native = { redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'none' };
    expect(codeOf({ ...native, token_endpoint_auth_method: 'client_secret_basic' }, narrow)).toBe(
      'ERR_REGISTRATION_AUTH_METHOD',
    );
    expect(
      codeOf({ ...native, grant_types: ['authorization_code', 'refresh_token'] }, narrow),
    ).toBe('ERR_REGISTRATION_GRANT_TYPE');
    expect(codeOf({ ...native, redirect_uris: ['http://localhost/cb'] }, narrow)).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP',
    );
    expect(
      codeOf({ ...native, redirect_uris: ['http://127.0.0.1/a', 'http://127.0.0.1/b'] }, narrow),
    ).toBe('ERR_REGISTRATION_REDIRECT_URI_TOO_MANY');
    expect(codeOf(native, narrow)).toBeUndefined();
  });

  it('never reads inherited properties (prototype pollution)', () => {
    const input = JSON.parse(
      '{"redirect_uris":["https://app.example/cb"],"__proto__":{"scope":"mcp:admin","token_endpoint_auth_method":"none"}}',
    );
    const metadata = validateClientMetadata(input, policy);
    expect(metadata.scope).toBeUndefined();
    expect(metadata.token_endpoint_auth_method).toBe('client_secret_basic');
  });

  it('throws TypeError for a policy not made by createRegistrationPolicy', () => {
    expect(() => validateClientMetadata({}, { allowedScopes: [] } as never)).toThrow(TypeError);
  });

  it('property: random JSON either validates or throws a coded registration error', () => {
    const field = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.jsonValue());
    fc.assert(
      fc.property(
        fc.record(
          {
            redirect_uris: fc.oneof(fc.array(fc.webUrl(), { maxLength: 3 }), field),
            token_endpoint_auth_method: fc.oneof(
              fc.constantFrom('none', 'client_secret_basic', 'private_key_jwt'),
              field,
            ),
            grant_types: field,
            response_types: field,
            scope: field,
            jwks: field,
            client_uri: field,
            application_type: fc.oneof(fc.constantFrom('web', 'native'), field),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          let outcome: unknown = 'valid';
          try {
            validateClientMetadata(input, policy);
          } catch (error) {
            outcome = RegistrationError.isInstance(error) && error.expose ? 'coded' : error;
          }
          expect(['valid', 'coded']).toContain(outcome);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('createRegistrationPolicy', () => {
  it('throws TypeError for caller mistakes and freezes the result', () => {
    expect(() => createRegistrationPolicy({} as never)).toThrow(TypeError);
    expect(() => createRegistrationPolicy({ allowedScopes: ['mcp:we*'] })).toThrow(TypeError);
    expect(() => createRegistrationPolicy({ allowedScopes: [], maxRedirectUris: 0 })).toThrow(
      TypeError,
    );
    expect(() =>
      createRegistrationPolicy({ allowedScopes: [], grantTypes: ['implicit' as never] }),
    ).toThrow(TypeError);
    expect(() =>
      createRegistrationPolicy({ allowedScopes: [], deduplicate: 'yes' as never }),
    ).toThrow(TypeError);
    expect(() => createRegistrationPolicy({ allowedScopes: [], unknown: 1 } as never)).toThrow(
      TypeError,
    );
    expect(Object.isFrozen(createRegistrationPolicy({ allowedScopes: [] }))).toBe(true);
  });
});
