import { createMemoryClientStore } from '@gatehouse/registration';
import { startMetadataDocumentServer } from '@gatehouse/registration/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config.js';
import { createClientResolver } from './clients.js';
import { registrationPolicyFor } from './registration-policy.js';

describe('createClientResolver', () => {
  let documents: Awaited<ReturnType<typeof startMetadataDocumentServer>>;
  beforeAll(async () => {
    documents = await startMetadataDocumentServer();
  });
  afterAll(() => documents.close());

  function resolver(allow: boolean) {
    const config = validateConfig({
      dev: true,
      ...(allow
        ? { cimdAllowPrivateOrigins: [documents.origin], cimdCaCertificates: [documents.ca] }
        : {}),
    });
    const clients = createMemoryClientStore();
    return {
      clients,
      resolver: createClientResolver({
        config,
        store: { clients },
        policy: registrationPolicyFor(config),
      }),
    };
  }

  it('finds DCR clients in the store; unknown ids are undefined', async () => {
    const { clients, resolver: r } = resolver(false);
    await clients.create(
      {
        clientId: 'abc',
        clientIdIssuedAt: 1,
        metadata: {
          redirect_uris: ['http://127.0.0.1/cb'],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          application_type: 'native',
        },
      },
      { now: 1, maxActive: 0 },
    );
    expect(await r.resolve('abc', 2)).toMatchObject({ clientId: 'abc', kind: 'registered' });
    expect(await r.resolve('nope', 2)).toBeUndefined();
    expect(await r.resolve('x'.repeat(5000), 2)).toBeUndefined();
  });

  it('resolves an https client_id as a metadata document (test-mode origin)', async () => {
    const clientId = documents.url('/client.json');
    documents.document('/client.json', {
      client_id: clientId,
      client_name: 'CIMD app',
      redirect_uris: ['http://127.0.0.1/cb'],
    });
    const { resolver: r } = resolver(true);
    const client = await r.resolve(clientId, 1);
    expect(client).toMatchObject({ clientId, kind: 'metadata-document' });
    expect(client?.metadata.client_name).toBe('CIMD app');
  });

  it('never fetches a document from a private address outside the allow-list', async () => {
    const clientId = documents.url('/private.json');
    documents.document('/private.json', {
      client_id: clientId,
      client_name: 'x',
      redirect_uris: ['http://127.0.0.1/cb'],
    });
    const { resolver: r } = resolver(false);
    await expect(r.resolve(clientId, 1)).rejects.toMatchObject({
      code: 'ERR_CIMD_ADDRESS_BLOCKED',
    });
    expect(documents.hits('/private.json')).toBe(0);
  });

  it('fetches a document that failed only once in a row, however often it is asked for', async () => {
    const clientId = documents.url('/missing.json');
    const { resolver: r } = resolver(true);
    for (let i = 0; i < 5; i++) {
      await expect(r.resolve(clientId, 1)).rejects.toMatchObject({ code: 'ERR_CIMD_STATUS' });
    }
    expect(documents.hits('/missing.json')).toBe(1);
  });
});
