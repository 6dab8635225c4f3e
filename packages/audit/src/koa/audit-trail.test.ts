import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatehouseError } from '@gatehouse/errors';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLogger, memorySink } from '../index.js';
import { type AuditState, auditTrail } from './index.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start(app: Koa<AuditState>): Promise<string> {
  app.silent = true;
  const listening = createServer(app.callback());
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

function setup(): {
  app: Koa<AuditState>;
  sink: ReturnType<typeof memorySink>;
  flush: () => Promise<void>;
} {
  const sink = memorySink();
  const logger = createAuditLogger({ sinks: [sink] });
  const app = new Koa<AuditState>();
  app.use(auditTrail({ logger }));
  return { app, sink, flush: () => logger.flush() };
}

describe('auditTrail', () => {
  it('fills the request context into events and echoes a new request id', async () => {
    const { app, sink, flush } = setup();
    app.use((ctx) => {
      ctx.state.audit.actor = { sub: 'user-1', clientId: 'app' };
      ctx.state.audit.record({ type: 'access.allowed', target: { type: 'tool', id: 'search' } });
      ctx.body = { requestId: ctx.state.audit.requestId };
    });
    const base = await start(app);
    const response = await fetch(`${base}/mcp?code=should-not-be-logged`, {
      method: 'POST',
      headers: { 'user-agent': 'test-agent/1.0' },
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(await response.json()).toEqual({ requestId: id });
    await flush();
    expect(sink.records[0]).toMatchObject({
      type: 'access.allowed',
      actor: { sub: 'user-1', clientId: 'app' },
      request: { id, method: 'POST', path: '/mcp', userAgent: 'test-agent/1.0' },
      target: { type: 'tool', id: 'search' },
    });
    expect(sink.records[0]?.request?.ip).toMatch(/127\.0\.0\.1/);
    expect(sink.lines.join('')).not.toContain('should-not-be-logged');
  });

  it('propagates a well-formed incoming request id and replaces a malformed one', async () => {
    const { app, sink, flush } = setup();
    app.use((ctx) => {
      ctx.state.audit.record({ type: 'access.allowed' });
      ctx.status = 204;
    });
    const base = await start(app);
    const kept = await fetch(base, { headers: { 'x-request-id': 'abc-123.DEF:9_z' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123.DEF:9_z');
    for (const forged of ['a b', 'x'.repeat(129), 'id\u0000', '"><script>', 'a,b']) {
      const replaced = await fetch(base, { headers: { 'x-request-id': encodeURI(forged) } });
      const echoed = replaced.headers.get('x-request-id');
      expect(echoed).not.toBe(encodeURI(forged));
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    }
    await flush();
    expect(sink.records[0]?.request?.id).toBe('abc-123.DEF:9_z');
  });

  it('does not trust incoming ids when told not to', async () => {
    const sink = memorySink();
    const app = new Koa<AuditState>();
    app.use(
      auditTrail({
        logger: createAuditLogger({ sinks: [sink] }),
        trustRequestId: false,
        requestIdHeader: 'X-Trace-Id',
      }),
    );
    app.use((ctx) => {
      ctx.status = 204;
    });
    const base = await start(app);
    const response = await fetch(base, { headers: { 'x-trace-id': 'chosen-by-client' } });
    expect(response.headers.get('x-trace-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records an unhandled failure with its code, never its message, and rethrows', async () => {
    const { app, sink, flush } = setup();
    app.use((ctx) => {
      if (ctx.path === '/coded') {
        throw new GatehouseError('ERR_TOKEN_EXPIRED', 'token eyJ… expired', {
          oauthError: 'invalid_token',
        });
      }
      if (ctx.path === '/missing') ctx.throw(404);
      throw new Error('db password is hunter2');
    });
    const base = await start(app);
    const coded = await fetch(`${base}/coded`, { headers: { 'x-request-id': 'req-7' } });
    expect(coded.status).toBe(401);
    expect(coded.headers.get('x-request-id')).toBe('req-7');
    const crashed = await fetch(`${base}/crash`);
    expect(crashed.status).toBe(500);
    expect(await crashed.text()).toBe('Internal Server Error');
    expect(crashed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${base}/missing`)).status).toBe(404);
    await flush();
    expect(sink.records.map((r) => [r.type, r.outcome, r.reason, r.details?.status])).toEqual([
      ['request.failed', 'failure', 'ERR_TOKEN_EXPIRED', 401],
      ['request.failed', 'failure', 'ERR_UNHANDLED', 500],
      ['request.failed', 'failure', 'ERR_HTTP_404', 404],
    ]);
    expect(sink.records[0]?.request?.id).toBe('req-7');
    expect(sink.lines.join('')).not.toContain('hunter2');
  });

  it('lets an event override the request context it is given', async () => {
    const { app, sink, flush } = setup();
    app.use((ctx) => {
      ctx.state.audit.record({
        type: 'consent.given',
        request: { path: '/consent/redacted' },
        actor: { sub: 'u' },
      });
      ctx.status = 204;
    });
    const base = await start(app);
    await fetch(`${base}/consent/123`);
    await flush();
    expect(sink.records[0]).toMatchObject({
      request: { path: '/consent/redacted' },
      actor: { sub: 'u' },
    });
  });

  it('lets other middlewares record decisions through a structural type, with the context filled in', async () => {
    const { app, sink, flush } = setup();
    // what bearerAuth / mcpGuard see: no dependency on this package, only a record() method
    type Recorder = { record(event: { type: string; [key: string]: unknown }): unknown };
    const auditOf = (state: unknown): Recorder | undefined => (state as { audit?: Recorder }).audit;
    app.use(async (ctx, next) => {
      auditOf(ctx.state)?.record({
        type: 'token.verified',
        actor: { sub: 'user-1', clientId: 'app' },
        target: { type: 'token', id: 'jti-1' },
        details: { scopes: ['mcp:tools:weather'] },
      });
      await next();
    });
    app.use((ctx) => {
      auditOf(ctx.state)?.record({
        type: 'access.denied',
        reason: 'ERR_SCOPE_DENIED',
        target: { type: 'tool', id: 'deploy' },
        details: { method: 'tools/call', requiredScopes: ['mcp:tools:deploy'] },
      });
      // a record() that is never awaited must not throw, whatever it is given
      void auditOf(ctx.state)?.record(null as never);
      throw new GatehouseError('ERR_SCOPE_DENIED', 'denied', { oauthError: 'insufficient_scope' });
    });
    const base = await start(app);
    expect((await fetch(`${base}/mcp`, { headers: { 'x-request-id': 'req-9' } })).status).toBe(403);
    await flush();
    const request = { id: 'req-9', method: 'GET', path: '/mcp' };
    const actor = { sub: 'user-1', clientId: 'app' };
    expect(sink.records).toHaveLength(3);
    expect(sink.records[0]).toMatchObject({
      type: 'token.verified',
      outcome: 'success',
      actor,
      request,
    });
    // the actor of token.verified becomes the request's: later events without one get it
    expect(sink.records[1]).toMatchObject({
      type: 'access.denied',
      outcome: 'failure',
      reason: 'ERR_SCOPE_DENIED',
      actor,
      request,
      target: { type: 'tool', id: 'deploy' },
    });
    expect(sink.records[2]).toMatchObject({
      type: 'request.failed',
      reason: 'ERR_SCOPE_DENIED',
      actor,
    });
  });

  it('does not take the actor of a failed verification or overwrite one already set', async () => {
    const { app, sink, flush } = setup();
    app.use((ctx) => {
      ctx.state.audit.record({ type: 'token.verified', outcome: 'failure', actor: { sub: 'x' } });
      ctx.state.audit.record({ type: 'access.allowed' });
      ctx.state.audit.actor = { sub: 'set' };
      ctx.state.audit.record({ type: 'token.verified', actor: { sub: 'other' } });
      ctx.state.audit.record({ type: 'access.allowed' });
      ctx.status = 204;
    });
    await fetch(await start(app));
    await flush();
    expect(sink.records.map((record) => record.actor?.sub)).toEqual([
      'x',
      undefined,
      'other',
      'set',
    ]);
  });

  it('refuses bad options with TypeError', () => {
    for (const options of [
      undefined,
      {},
      { logger: {} },
      { logger: { record: () => undefined }, requestIdHeader: 'bad header' },
      { logger: { record: () => undefined }, extra: 1 },
    ]) {
      expect(() => auditTrail(options as never)).toThrow(TypeError);
    }
  });
});
