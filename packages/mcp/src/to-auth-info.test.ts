import { definePolicy } from '@gatehouse/scopes';
import type { VerifiedAccessToken } from '@gatehouse/tokens';
import { describe, expect, it } from 'vitest';
import { gatehouseAuth, toAuthInfo } from './index.js';

const verified: VerifiedAccessToken = Object.freeze({
  subject: 'alice',
  clientId: 'client-1',
  scopes: Object.freeze(['mcp:tools:weather']) as string[],
  audience: Object.freeze(['https://mcp.example.com/mcp']) as string[],
  expiresAt: 1_900_000_000,
  issuedAt: 1_899_999_700,
  jti: 'jti-1',
  issuer: 'https://auth.example.com',
  claims: Object.freeze({ sub: 'alice', tenant: 'acme' }),
});

describe('toAuthInfo', () => {
  it('maps a verified token to the SDK AuthInfo, times in seconds and resource as a URL', () => {
    const info = toAuthInfo(verified, 'raw.token.value', 'https://mcp.example.com/mcp');
    expect(info).toMatchObject({
      token: 'raw.token.value',
      clientId: 'client-1',
      scopes: ['mcp:tools:weather'],
      expiresAt: 1_900_000_000,
      extra: {
        subject: 'alice',
        claims: { sub: 'alice', tenant: 'acme' },
        audience: ['https://mcp.example.com/mcp'],
        issuer: 'https://auth.example.com',
        jti: 'jti-1',
        issuedAt: 1_899_999_700,
      },
    });
    expect(info.resource).toBeInstanceOf(URL);
    expect(info.resource.href).toBe('https://mcp.example.com/mcp');
    expect(
      Object.isFrozen(info) && Object.isFrozen(info.extra) && Object.isFrozen(info.scopes),
    ).toBe(true);
  });

  it('carries the ability when given, and gatehouseAuth reads the extra back typed', () => {
    const ability = definePolicy()
      .build()
      .abilityFor({ scopes: ['mcp:tools:weather'] });
    const info = toAuthInfo(verified, 't', new URL('https://mcp.example.com/mcp'), { ability });
    expect(gatehouseAuth(info)?.ability?.can('call', 'Tool')).toBe(true);
    expect(gatehouseAuth(info)?.subject).toBe('alice');
  });

  it('gatehouseAuth recognises only AuthInfo made by toAuthInfo', () => {
    expect(gatehouseAuth(undefined)).toBeUndefined();
    const forged = {
      token: 't',
      clientId: 'c',
      scopes: [],
      extra: { subject: 'root', claims: {} },
    };
    expect(gatehouseAuth(forged)).toBeUndefined();
  });

  it('throws TypeError for a missing token, a non-verified input or a bad resource', () => {
    expect(() => toAuthInfo(verified, '', 'https://mcp.example.com/mcp')).toThrow(TypeError);
    expect(() => toAuthInfo({} as VerifiedAccessToken, 't', 'https://mcp.example.com/mcp')).toThrow(
      TypeError,
    );
    expect(() => toAuthInfo(verified, 't', 'not a url')).toThrow(TypeError);
  });
});
