import { describe, expect, it } from 'vitest';
import { GatehouseError, isOAuthErrorCode, OAuthErrorCodes, OAuthErrorStatus } from './index.js';

describe('GatehouseError', () => {
  it('carries code, name, cause and wire fields', () => {
    const cause = new Error('disk on fire');
    const error = new GatehouseError('ERR_TEST_REASON', 'it failed', {
      cause,
      oauthError: 'invalid_grant',
      description: 'the code was used',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_TEST_REASON');
    expect(error.name).toBe('GatehouseError');
    expect(error.message).toBe('it failed');
    expect(error.cause).toBe(cause);
    expect(error.oauthError).toBe('invalid_grant');
    expect(error.description).toBe('the code was used');
    expect(error.status).toBe(400);
    expect(error.expose).toBe(true);
  });

  it('defaults to an unexposed 500 without an OAuth error', () => {
    const error = new GatehouseError('ERR_TEST_INTERNAL', 'bug');
    expect(error.status).toBe(500);
    expect(error.expose).toBe(false);
    expect(error.oauthError).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('lets status and expose be overridden', () => {
    const error = new GatehouseError('ERR_TEST_CLIENT', 'no auth attempted', {
      oauthError: 'invalid_client',
      status: 400,
      expose: false,
    });
    expect(error.status).toBe(400);
    expect(error.expose).toBe(false);
  });

  it('is recognised by isInstance, also from another copy of the package', () => {
    class Subclass extends GatehouseError {}
    expect(GatehouseError.isInstance(new Subclass('ERR_TEST_SUB', 'x'))).toBe(true);
    const foreign = Object.assign(new Error('other copy'), { code: 'ERR_X' });
    Object.defineProperty(foreign, Symbol.for('gatehouse.error'), { value: true });
    expect(GatehouseError.isInstance(foreign)).toBe(true);
  });

  it('rejects look-alikes in isInstance', () => {
    for (const value of [
      null,
      undefined,
      'ERR_X',
      42,
      new Error('x'),
      { code: 'ERR_X', status: 400 },
    ]) {
      expect(GatehouseError.isInstance(value)).toBe(false);
    }
  });
});

describe('OAuth error vocabulary', () => {
  it('has a default status for every code', () => {
    for (const code of Object.values(OAuthErrorCodes)) {
      expect(OAuthErrorStatus[code]).toBeGreaterThanOrEqual(400);
      expect(isOAuthErrorCode(code)).toBe(true);
    }
    expect(OAuthErrorStatus.invalid_token).toBe(401);
    expect(OAuthErrorStatus.insufficient_scope).toBe(403);
    expect(OAuthErrorStatus.invalid_target).toBe(400);
  });

  it('recognises only known codes', () => {
    for (const value of ['nope', '', 'toString', '__proto__', 7, null]) {
      expect(isOAuthErrorCode(value)).toBe(false);
    }
  });
});
