import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../cli.js';
import {
  addClient,
  auditEvents,
  issueTestCode,
  postForm,
  RESOURCE,
  startTestServer,
} from '../testing/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const PUBLIC_CLIENT = [
  '--name',
  'Desktop app',
  '--auth-method',
  'none',
  '--grant',
  'authorization_code',
  '--grant',
  'refresh_token',
  '--client-id',
  'pub1',
];

/* The CLI and a running server share one SQLite file, as an operator's shell and the server do. */
describe('gatehouse-auth clients remove, against a running server', () => {
  let dir: string;
  let server: Server;
  let output: string;
  let introspector: { clientId: string; secret: string };
  const cli = (...args: string[]) => {
    const io: CliIo = {
      env: {
        GATEHOUSE_DATA_DIR: dir,
        GATEHOUSE_DATABASE_URL: `sqlite:${join(dir, 'gatehouse.db')}`,
      },
      out: (text) => {
        output += text;
      },
      err: () => {},
      password: async () => '',
    };
    return main([...args, '--dev'], io);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    server = await startTestServer({
      databaseUrl: `sqlite:${join(dir, 'gatehouse.db')}`,
      introspectionClients: ['rs'],
    });
    introspector = await addClient(
      server,
      {
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      'rs',
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const introspect = async (token: string) =>
    (
      await postForm(
        `${server.url}/introspect`,
        { token },
        { basic: [introspector.clientId, introspector.secret] },
      )
    ).json();
  const refresh = (token: string) =>
    postForm(`${server.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: token,
      client_id: 'pub1',
    });
  const lastRejection = async () =>
    (await auditEvents(server)).filter((event) => event.type === 'token.rejected').at(-1)?.reason;

  it('revokes the grants and consents of the client: re-added under its id, it inherits nothing', async () => {
    output = '';
    expect(
      await cli('clients', 'add', ...PUBLIC_CLIENT, '--redirect-uri', 'http://127.0.0.1/cb'),
    ).toBe(0);
    const { code, verifier, redirectUri } = await issueTestCode(server, {
      clientId: 'pub1',
      redirectUri: 'http://127.0.0.1/cb',
    });
    await server.context.store.consents.grant({
      userId: 'user-1',
      clientId: 'pub1',
      resource: RESOURCE,
      scopes: ['mcp:tools:weather'],
      updatedAt: server.context.now(),
    });
    const exchanged = await postForm(`${server.url}/token`, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: 'pub1',
    });
    expect(exchanged.status).toBe(200);
    const tokens = await exchanged.json();
    expect(await introspect(tokens.access_token)).toMatchObject({ active: true });

    output = '';
    expect(await cli('clients', 'remove', 'pub1')).toBe(0);
    expect(output).toBe('removed client pub1; revoked 1 grant(s), deleted 1 consent(s)\n');
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    const whileRemoved = await refresh(tokens.refresh_token);
    expect(whileRemoved.status).toBe(401);
    expect(await whileRemoved.json()).toMatchObject({ error: 'invalid_client' });

    // the attack: the same client_id registered again (here with another redirect URI)
    expect(
      await cli('clients', 'add', ...PUBLIC_CLIENT, '--redirect-uri', 'http://127.0.0.1/other'),
    ).toBe(0);
    const revived = await refresh(tokens.refresh_token);
    expect(revived.status).toBe(400);
    expect(await revived.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await lastRejection()).toBe('ERR_AS_GRANT_REVOKED');
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect(await server.context.store.consents.get('user-1', 'pub1', RESOURCE)).toBeUndefined();
  });

  it('a re-added client gets new tokens of its own; an unknown id is an error', async () => {
    const { code, verifier } = await issueTestCode(server, {
      clientId: 'pub1',
      redirectUri: 'http://127.0.0.1/other',
    });
    const exchanged = await postForm(`${server.url}/token`, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: 'http://127.0.0.1/other',
      client_id: 'pub1',
    });
    expect(exchanged.status).toBe(200);
    const tokens = await exchanged.json();
    expect((await refresh(tokens.refresh_token)).status).toBe(200);

    output = '';
    expect(await cli('clients', 'remove', 'pub1')).toBe(0);
    expect(output).toBe('removed client pub1; revoked 1 grant(s), deleted 0 consent(s)\n');
    await expect(cli('clients', 'remove', 'pub1')).rejects.toMatchObject({
      code: 'ERR_CLIENTS_UNKNOWN',
    });
  });

  it('revokes the grants a client removed by an older release left behind', async () => {
    const now = server.context.now();
    await server.context.store.grants.create({
      id: 'left-behind',
      clientId: 'gone-before',
      userId: 'user-1',
      resource: RESOURCE,
      scopes: ['mcp:tools:weather'],
      createdAt: now,
      expiresAt: now + 3600,
    });
    output = '';
    expect(await cli('clients', 'remove', 'gone-before')).toBe(0);
    expect(output).toBe('no client gone-before stored; revoked 1 grant(s), deleted 0 consent(s)\n');
    expect((await server.context.store.grants.get('left-behind'))?.revokedAt).toBeTypeOf('number');
  });
});
