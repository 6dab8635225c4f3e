import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatehouseError, toOAuthErrorBody, toOAuthErrorResponse } from './index.js';

describe('toOAuthErrorBody', () => {
  it('exposes the OAuth error and description of an exposed error', () => {
    const error = new GatehouseError('ERR_X', 'internal words', {
      oauthError: 'invalid_scope',
      description: 'scope mcp:admin is not allowed',
    });
    expect(toOAuthErrorBody(error)).toEqual({
      error: 'invalid_scope',
      error_description: 'scope mcp:admin is not allowed',
    });
  });

  it('omits error_description when there is none', () => {
    const error = new GatehouseError('ERR_X', 'x', { oauthError: 'invalid_token' });
    expect(toOAuthErrorBody(error)).toEqual({ error: 'invalid_token' });
  });

  it('turns unexposed and foreign errors into a bare server_error', () => {
    const hidden = new GatehouseError('ERR_X', 'secret', {
      oauthError: 'invalid_grant',
      description: 'secret detail',
      expose: false,
    });
    for (const error of [
      hidden,
      new GatehouseError('ERR_Y', 'no oauth'),
      new Error('pw=hunter2'),
      'str',
      null,
    ]) {
      expect(toOAuthErrorResponse(error)).toEqual({ status: 500, body: { error: 'server_error' } });
    }
  });

  it('keeps error_description within the RFC 6749 character set and length', () => {
    const error = new GatehouseError('ERR_X', 'x', {
      oauthError: 'invalid_request',
      description: 'bad "value"\\ with\nnewline and ünïcode',
    });
    expect(toOAuthErrorBody(error).error_description).toBe("bad 'value'/ with?newline and ?n?code");
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (description) => {
        const body = toOAuthErrorBody(
          new GatehouseError('ERR_X', 'x', { oauthError: 'invalid_request', description }),
        );
        const text = body.error_description ?? '';
        expect(text.length).toBeLessThanOrEqual(512);
        expect(text).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/);
      }),
    );
  });

  it('sends only a known OAuth code, a string description and an HTTP error status', () => {
    const unknownCode = new GatehouseError('ERR_X', 'x', {
      oauthError: '<b>internal detail</b>' as never,
      expose: true,
    });
    expect(toOAuthErrorResponse(unknownCode)).toEqual({
      status: 500,
      body: { error: 'server_error' },
    });
    // a foreign install's error, marked with the shared symbol, whose fields are not what ours hold
    const foreign = {
      [Symbol.for('gatehouse.error')]: true,
      code: 'ERR_Z',
      oauthError: 'invalid_grant',
      description: { detail: 'internal' },
      status: 200,
      expose: 'yes',
    };
    expect(toOAuthErrorResponse(foreign)).toEqual({ status: 500, body: { error: 'server_error' } });
    expect(toOAuthErrorResponse({ ...foreign, expose: true })).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    for (const status of [200, 302, 600, Number.NaN, 401.5]) {
      const error = new GatehouseError('ERR_X', 'x', { oauthError: 'invalid_request', status });
      expect(toOAuthErrorResponse(error).status).toBe(400);
    }
  });

  it('carries the status of the error', () => {
    const error = new GatehouseError('ERR_X', 'x', { oauthError: 'invalid_client' });
    expect(toOAuthErrorResponse(error).status).toBe(401);
  });
});
