import type { ClientRecord, ClientStore } from '../client-store.js';

/** The assertions the suite uses; vitest's and jest's `expect` both fit. */
export interface ConformanceExpectation {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeUndefined(): void;
}

/** The test functions the suite runs on, passed in so the package does not depend on a runner. */
export interface ConformanceTestApi {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void>) => void;
  expect: (actual: unknown) => ConformanceExpectation;
}

const NOW = 1_800_000_000;

function client(id: string, extra: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId: id,
    clientIdIssuedAt: NOW - 10,
    metadata: {
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      application_type: 'native',
      client_name: `Client ${id}`,
      scope: 'mcp:tools:read',
    },
    ...extra,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error ? error.code : error;
  }
}

/**
 * The behaviour every {@link ClientStore} must have, as a test suite. Run it in your own tests with
 * your runner's functions and a factory that returns an empty store:
 *
 * @example
 * ```ts
 * import { describe, expect, it } from 'vitest';
 * import { runClientStoreConformance } from '@gatehouse/registration/testing';
 * import { createSqlClientStore } from './sql-client-store.js';
 *
 * runClientStoreConformance({ describe, it, expect }, () => createSqlClientStore(freshDatabase()));
 * ```
 */
export function runClientStoreConformance(
  t: ConformanceTestApi,
  createStore: () => ClientStore | Promise<ClientStore>,
): void {
  const { describe, it, expect } = t;
  describe('ClientStore conformance', () => {
    it('returns what was created, and undefined for unknown ids', async () => {
      const store = await createStore();
      const record = client('a', {
        clientSecretHash: 'sha256:x',
        clientSecretExpiresAt: 0,
        fingerprint: 'f',
      });
      expect(await store.create(record, { now: NOW, maxActive: 0 })).toBe('created');
      expect(await store.get('a', NOW)).toEqual(record);
      expect(await store.get('b', NOW)).toBeUndefined();
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const store = await createStore();
      const record = client('a');
      await store.create(record, { now: NOW, maxActive: 0 });
      record.metadata.redirect_uris.push('https://evil.example/cb');
      const first = await store.get('a', NOW);
      first?.metadata.redirect_uris.push('https://evil.example/cb');
      expect((await store.get('a', NOW))?.metadata.redirect_uris).toEqual([
        'http://127.0.0.1/callback',
      ]);
    });

    it('refuses a second client with the same id', async () => {
      const store = await createStore();
      await store.create(client('a'), { now: NOW, maxActive: 0 });
      expect(await codeOf(store.create(client('a'), { now: NOW, maxActive: 0 }))).toBe(
        'ERR_REGISTRATION_CLIENT_EXISTS',
      );
    });

    it('updates and deletes only existing clients', async () => {
      const store = await createStore();
      await store.create(client('a'), { now: NOW, maxActive: 0 });
      const changed = client('a', { lastUsedAt: NOW });
      expect(await store.update(changed)).toBe(true);
      expect(await store.get('a', NOW)).toEqual(changed);
      expect(await store.update(client('b'))).toBe(false);
      expect(await store.get('b', NOW)).toBeUndefined();
      expect(await store.delete('a')).toBe(true);
      expect(await store.get('a', NOW)).toBeUndefined();
      expect(await store.delete('a')).toBe(false);
    });

    it('hides expired clients from get and findByFingerprint', async () => {
      const store = await createStore();
      await store.create(client('a', { expiresAt: NOW + 60, fingerprint: 'fa' }), {
        now: NOW,
        maxActive: 0,
      });
      expect((await store.get('a', NOW + 59))?.clientId).toBe('a');
      expect((await store.findByFingerprint('fa', NOW + 59))?.clientId).toBe('a');
      expect(await store.get('a', NOW + 60)).toBeUndefined();
      expect(await store.findByFingerprint('fa', NOW + 60)).toBeUndefined();
    });

    it('touch records use and removes the unused-client expiry', async () => {
      const store = await createStore();
      await store.create(client('a', { expiresAt: NOW + 60 }), { now: NOW, maxActive: 0 });
      expect(await store.touch('a', NOW + 30)).toBe(true);
      const touched = await store.get('a', NOW + 10_000);
      expect(touched?.lastUsedAt).toBe(NOW + 30);
      expect(touched?.expiresAt).toBeUndefined();
      expect(await store.touch('missing', NOW)).toBe(false);
      await store.create(client('b', { expiresAt: NOW + 60 }), { now: NOW, maxActive: 0 });
      expect(await store.touch('b', NOW + 61)).toBe(false);
    });

    it('finds an active client by fingerprint, and forgets it when deleted', async () => {
      const store = await createStore();
      await store.create(client('a', { fingerprint: 'fa' }), { now: NOW, maxActive: 0 });
      await store.create(client('b'), { now: NOW, maxActive: 0 });
      expect((await store.findByFingerprint('fa', NOW))?.clientId).toBe('a');
      expect(await store.findByFingerprint('other', NOW)).toBeUndefined();
      await store.delete('a');
      expect(await store.findByFingerprint('fa', NOW)).toBeUndefined();
    });

    it('caps active clients, not counting expired ones', async () => {
      const store = await createStore();
      const limits = { now: NOW, maxActive: 2 };
      expect(await store.create(client('a', { expiresAt: NOW + 5 }), limits)).toBe('created');
      expect(await store.create(client('b'), limits)).toBe('created');
      expect(await store.create(client('c'), limits)).toBe('limit_reached');
      expect(await store.get('c', NOW)).toBeUndefined();
      expect(await store.create(client('c'), { now: NOW + 5, maxActive: 2 })).toBe('created');
      expect(await store.create(client('d'), { now: NOW + 5, maxActive: 0 })).toBe('created');
    });

    it('enforces the cap under concurrent creates', async () => {
      const store = await createStore();
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          store.create(client(`c${index}`), { now: NOW, maxActive: 5 }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'created').length).toBe(5);
    });

    it('deleteExpired removes exactly the expired clients', async () => {
      const store = await createStore();
      await store.create(client('old', { expiresAt: NOW + 1 }), { now: NOW, maxActive: 0 });
      await store.create(client('fresh', { expiresAt: NOW + 100 }), { now: NOW, maxActive: 0 });
      await store.create(client('kept'), { now: NOW, maxActive: 0 });
      expect(await store.deleteExpired(NOW + 50)).toBe(1);
      expect(await store.deleteExpired(NOW + 50)).toBe(0);
      expect((await store.get('fresh', NOW + 50))?.clientId).toBe('fresh');
      expect((await store.get('kept', NOW + 50))?.clientId).toBe('kept');
      expect(await store.update(client('old'))).toBe(false);
    });
  });
}
