import { readFileSync } from 'node:fs';
import { verifyAuditLog } from '@gatehouse/audit/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatExchange, styleFor } from '../demo/report.js';
import { createDemoSession, type DemoSession } from '../demo/session.js';
import type { Stack } from '../demo/stack.js';
import { callWeather, connectAndAuthorize } from '../demo/steps-authorize.js';
import { refreshTokens, revokeTokens } from '../demo/steps-refresh-revoke.js';
import { challengeParam, reconsentAndRetry, stepUpChallenge } from '../demo/steps-step-up.js';
import { type AuditLine, auditOf, startTestStack } from './fixtures.js';

/** `METHOD path status` of each exchange of the log since `start`. */
function lines(session: DemoSession, start: number): string[] {
  return session.log.since(start).map((e) => `${e.method} ${e.url.pathname} ${e.status}`);
}

/** The records of `log` reduced to `type[:reason][@target]`, for an ordered comparison. */
function summary(log: AuditLine[]): string[] {
  return log.map(
    (r) =>
      `${r.type}${r.reason === undefined ? '' : `:${r.reason}`}` +
      `${r.target?.type === 'tool' || r.target?.type === 'workflow' ? `@${r.target.id}` : ''}`,
  );
}

// The demo's steps, run in order against both apps in this process, with the official SDK client:
// each step checks the story itself (and throws on a deviation); the tests add what they can see.
describe('the MCP authorization story, with the official SDK client', () => {
  let stack: Stack;
  let session: DemoSession;

  beforeAll(async () => {
    stack = await startTestStack();
    session = createDemoSession({ mcpUrl: stack.mcpUrl, user: stack.user });
  });
  afterAll(async () => {
    await session?.close();
    await stack?.close();
  });

  it('connects: 401, PRM, AS metadata, DCR, PKCE authorization, login, consent, token', async () => {
    await connectAndAuthorize(session);
    const challenge = session.log.exchanges[0]?.wwwAuthenticate ?? '';
    expect(challengeParam(challenge, 'resource_metadata')).toBe(stack.mcp.resourceMetadataUrl);
    expect(challengeParam(challenge, 'scope')).toBe('mcp:tools:weather');
    expect(lines(session, 0).slice(0, 9)).toEqual([
      'POST /mcp 401',
      'GET /.well-known/oauth-protected-resource/mcp 200',
      'GET /.well-known/oauth-authorization-server 200',
      'POST /register 201',
      'GET /authorize 200',
      'POST /authorize/login 200',
      'POST /authorize 303',
      'POST /token 200',
      'POST /mcp 200',
    ]);
    expect(session.provider.tokens()?.scope).toBe('mcp:tools:weather');
    expect(session.provider.authorizations[0]?.outcome?.pages).toEqual(['login', 'consent']);
  });

  it('calls weather; tools/list shows only what the token may call', async () => {
    const facts = await callWeather(session);
    expect(facts[0]).toContain('tools/list: weather ');
  });

  it('step-up: one 403 insufficient_scope naming the needed scope and the held one', async () => {
    const start = session.log.exchanges.length;
    await stepUpChallenge(session);
    const denied = session.log.since(start).find((e) => e.status === 403);
    expect(challengeParam(denied?.wwwAuthenticate ?? '', 'error')).toBe('insufficient_scope');
    expect(
      challengeParam(denied?.wwwAuthenticate ?? '', 'scope')
        ?.split(' ')
        .sort(),
    ).toEqual(['mcp:exec:workflows:backup', 'mcp:tools:weather']);
  });

  it('re-consent: consent page only, earlier scope kept, the call succeeds', async () => {
    const start = session.log.exchanges.length;
    await reconsentAndRetry(session);
    expect(lines(session, start)).not.toContain('POST /authorize/login 200');
    expect(session.provider.authorizations.at(-1)?.outcome?.consentScopes).toEqual([
      { scope: 'mcp:tools:weather', allowedBefore: true },
      { scope: 'mcp:exec:workflows:backup', allowedBefore: false },
    ]);
  });

  it('refresh: rotated refresh token, same scopes, the new access token works', async () => {
    const before = session.provider.tokens();
    await refreshTokens(session);
    expect(session.provider.tokens()?.refresh_token).not.toBe(before?.refresh_token);
  });

  it('revoke: refresh refused with invalid_grant, then 401', async () => {
    await revokeTokens(session);
    expect(session.provider.tokens()).toBeUndefined();
    expect(session.log.exchanges.at(-1)?.status).toBe(401);
  });

  it('records every step in both audit logs, hash-chained and verified, without a secret', async () => {
    const audit = await auditOf(stack);
    expect(summary(audit.auth)).toEqual([
      'client.registered',
      'login.succeeded',
      'consent.given',
      'authorization.granted',
      'token.issued',
      'token.refreshed', // SDK 1.32's refresh attempt on the 403
      'consent.given',
      'authorization.granted',
      'token.issued',
      'token.refreshed',
      'token.revoked',
      'token.rejected:ERR_AS_GRANT_REVOKED',
    ]);
    expect(summary(audit.mcp).filter((line) => !line.startsWith('token.verified'))).toEqual([
      'token.rejected:ERR_TOKEN_MISSING',
      'access.allowed@weather',
      'access.denied:ERR_SCOPE_DENIED@backup',
      'access.denied:ERR_SCOPE_DENIED@backup',
      'access.allowed@backup',
      'access.allowed@weather',
      'access.allowed@weather', // the revoked access token, still valid as a JWT until it expires
      'token.rejected:ERR_TOKEN_MISSING',
    ]);
    const denied = audit.mcp.find((r) => r.type === 'access.denied');
    expect(denied?.details?.requiredScopes).toEqual(['mcp:exec:workflows:backup']);
    expect(denied?.actor?.clientId).toBe(session.provider.clientInformation()?.client_id);
    for (const file of [stack.auditFiles.auth, stack.auditFiles.mcp]) {
      const verdict = await verifyAuditLog(file);
      expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
      const text = readFileSync(file, 'utf8');
      for (const tokens of session.provider.tokenHistory) {
        expect(text).not.toContain(tokens.access_token);
        if (tokens.refresh_token) expect(text).not.toContain(tokens.refresh_token);
      }
      expect(text).not.toContain(stack.user.password);
    }
  });

  it('prints no token, code or password (the demo output is safe to share)', () => {
    const style = styleFor({ isTTY: false });
    const printed = session.log.exchanges
      .map((e) => formatExchange(e, { mcp: new URL(stack.mcpUrl).origin }, style))
      .join('\n');
    const codes = session.log.exchanges
      .map((e) => (e.location === null ? null : new URL(e.location).searchParams.get('code')))
      .filter((code): code is string => code !== null);
    expect(codes.length).toBe(2);
    const secrets = [stack.user.password, ...codes];
    for (const tokens of session.provider.tokenHistory) {
      secrets.push(tokens.access_token, tokens.refresh_token ?? tokens.access_token);
    }
    for (const secret of secrets) expect(printed).not.toContain(secret);
    expect(printed).toContain('code=…');
  });
});
