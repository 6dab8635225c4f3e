import type { AuditRecord } from '@gatehouse/audit';
import type { ClientRecord } from '@gatehouse/registration';
import { describe, expect, it } from 'vitest';
import type {
  AuthStore,
  CodeRecord,
  GrantRecord,
  RefreshTokenRecord,
  SigningKeyRecord,
} from './types.js';

/* The behaviour every AuthStore must have, written once and run against each dialect (auth-store.test.ts).
   `open` returns a fresh, empty store. Times far beyond 2038 check that no column is 32-bit. */

export const NOW = 1_800_000_000;
const FAR = 4_102_444_800; // 2100-01-01

export function code(hash: string, extra: Partial<CodeRecord> = {}): CodeRecord {
  return {
    codeHash: hash,
    clientId: 'client-1',
    userId: 'user-1',
    redirectUri: 'http://127.0.0.1:4000/callback',
    resource: 'https://mcp.example.com/mcp',
    scopes: ['mcp:tools:weather', 'mcp:resources:customer-data:read'],
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    grantId: 'grant-1',
    expiresAt: NOW + 60,
    ...extra,
  };
}

export function refreshToken(
  hash: string,
  extra: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord {
  return {
    tokenHash: hash,
    grantId: 'grant-1',
    clientId: 'client-1',
    resource: 'https://mcp.example.com/mcp',
    scopes: ['mcp:tools:weather'],
    expiresAt: NOW + 86_400,
    ...extra,
  };
}

export function testClient(id: string, extra: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId: id,
    clientIdIssuedAt: NOW,
    metadata: {
      redirect_uris: ['http://127.0.0.1/cb'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      application_type: 'native',
    },
    ...extra,
  };
}

function grant(id: string, extra: Partial<GrantRecord> = {}): GrantRecord {
  return {
    id,
    clientId: 'client-1',
    userId: 'user-1',
    resource: 'https://mcp.example.com/mcp',
    scopes: ['mcp:tools:*'],
    createdAt: NOW,
    expiresAt: NOW + 86_400,
    ...extra,
  };
}

function signingKey(kid: string, extra: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  return {
    kid,
    privateJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, d: `d-${kid}`, kid },
    createdAt: NOW,
    activatesAt: NOW,
    ...extra,
  };
}

function auditRecord(seq: number): AuditRecord {
  return {
    id: `0190a0b0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    time: '2027-01-15T08:00:00.000Z',
    type: 'token.issued',
    outcome: 'success',
    actor: { clientId: 'client-1' },
    details: { scopes: ['mcp:tools:weather'], nested: { n: 1, ok: true } },
    seq,
    prev: seq === 1 ? '0'.repeat(64) : `hash-${seq - 1}`,
    hash: `hash-${seq}`,
  };
}

export function runAuthStoreConformance(open: () => Promise<AuthStore>): void {
  describe('users', () => {
    it('creates, finds by username and id, counts, and refuses a taken username or id', async () => {
      const store = await open();
      expect(await store.users.count()).toBe(0);
      const alice = {
        id: 'u1',
        username: 'alice',
        passwordHash: 'scrypt$1$1$1$a$b',
        createdAt: NOW,
      };
      expect(await store.users.create(alice)).toBe(true);
      expect(await store.users.findByUsername('alice')).toEqual(alice);
      expect(await store.users.get('u1')).toEqual(alice);
      expect(await store.users.findByUsername('Alice')).toBeUndefined();
      expect(await store.users.get('u2')).toBeUndefined();
      expect(await store.users.create({ ...alice, id: 'u2' })).toBe(false);
      expect(await store.users.create({ ...alice, username: 'bob' })).toBe(false);
      expect(await store.users.count()).toBe(1);
    });

    it("keeps a user's claims, and a user without claims has none", async () => {
      const store = await open();
      const carol = {
        id: 'u3',
        username: 'carol',
        passwordHash: 'scrypt$1$1$1$a$b',
        createdAt: NOW,
        claims: { tenant: 'acme', region: 'eu-west «1»' },
      };
      expect(await store.users.create(carol)).toBe(true);
      expect(await store.users.get('u3')).toEqual(carol);
      expect((await store.users.findByUsername('carol'))?.claims).toEqual(carol.claims);
      await store.users.create({ ...carol, id: 'u4', username: 'dan', claims: {} });
      const dan = await store.users.get('u4');
      expect(dan).toBeDefined();
      expect(dan).not.toHaveProperty('claims');
    });
  });

  describe('consents', () => {
    it('grants, merges later scopes into the earlier consent, and revokes', async () => {
      const store = await open();
      const key = { userId: 'u1', clientId: 'c1', resource: 'https://mcp.example.com/mcp' };
      expect(await store.consents.get(key.userId, key.clientId, key.resource)).toBeUndefined();
      const first = await store.consents.grant({ ...key, scopes: ['a', 'b'], updatedAt: NOW });
      expect(first.scopes).toEqual(['a', 'b']);
      const merged = await store.consents.grant({ ...key, scopes: ['c', 'a'], updatedAt: NOW + 5 });
      expect(merged).toEqual({ ...key, scopes: ['a', 'b', 'c'], updatedAt: NOW + 5 });
      expect(await store.consents.get(key.userId, key.clientId, key.resource)).toEqual(merged);
      expect(await store.consents.get(key.userId, key.clientId, 'https://other.example/mcp')).toBe(
        undefined,
      );
      expect(await store.consents.get(key.userId, 'c2', key.resource)).toBeUndefined();
      expect(await store.consents.revoke(key.userId, key.clientId, key.resource)).toBe(true);
      expect(await store.consents.revoke(key.userId, key.clientId, key.resource)).toBe(false);
      expect(await store.consents.get(key.userId, key.clientId, key.resource)).toBeUndefined();
    });

    it('keeps every scope when grants for one consent arrive at once', async () => {
      const store = await open();
      const key = { userId: 'u1', clientId: 'c1', resource: 'r' };
      await Promise.all(
        ['s1', 's2', 's3', 's4', 's5'].map((scope) =>
          store.consents.grant({ ...key, scopes: [scope], updatedAt: NOW }),
        ),
      );
      const consent = await store.consents.get('u1', 'c1', 'r');
      expect([...(consent?.scopes ?? [])].sort()).toEqual(['s1', 's2', 's3', 's4', 's5']);
    });
  });

  describe('codes', () => {
    it('redeems a code once; a second redemption is reused, an unknown code unknown', async () => {
      const store = await open();
      await store.codes.create(code('h1'));
      expect(await store.codes.redeem('h1', NOW + 1)).toEqual({
        outcome: 'redeemed',
        code: { ...code('h1'), usedAt: NOW + 1 },
      });
      expect(await store.codes.redeem('h1', NOW + 2)).toEqual({
        outcome: 'reused',
        code: { ...code('h1'), usedAt: NOW + 1 },
      });
      expect(await store.codes.redeem('nope', NOW)).toEqual({ outcome: 'unknown' });
    });

    it('an expired code is unknown; a used code stays reused after it expires', async () => {
      const store = await open();
      await store.codes.create(code('h1', { expiresAt: NOW + 60 }));
      expect((await store.codes.redeem('h1', NOW + 60)).outcome).toBe('unknown');
      await store.codes.create(code('h2', { expiresAt: NOW + 60 }));
      expect((await store.codes.redeem('h2', NOW + 59)).outcome).toBe('redeemed');
      expect((await store.codes.redeem('h2', NOW + 120)).outcome).toBe('reused');
    });

    it('refuses a second code with the same hash', async () => {
      const store = await open();
      await store.codes.create(code('h1'));
      await expect(store.codes.create(code('h1', { clientId: 'evil' }))).rejects.toBeDefined();
      const redeemed = await store.codes.redeem('h1', NOW);
      expect(redeemed.outcome === 'redeemed' && redeemed.code.clientId).toBe('client-1');
    });
  });

  describe('grants', () => {
    it('creates, reads (with and without a user) and revokes once', async () => {
      const store = await open();
      await store.grants.create(grant('g1', { expiresAt: FAR }));
      const machine = grant('g2');
      delete machine.userId;
      await store.grants.create(machine);
      expect(await store.grants.get('g1')).toEqual(grant('g1', { expiresAt: FAR }));
      expect(await store.grants.get('g2')).toEqual(machine);
      expect(await store.grants.get('g3')).toBeUndefined();
      expect(await store.grants.revoke('g1', NOW + 10)).toBe(true);
      expect(await store.grants.revoke('g1', NOW + 20)).toBe(false);
      expect(await store.grants.revoke('g3', NOW)).toBe(false);
      expect((await store.grants.get('g1'))?.revokedAt).toBe(NOW + 10);
    });
  });

  describe('refresh tokens', () => {
    it('rotates once and stores the successor; using the old token again is reuse', async () => {
      const store = await open();
      await store.refreshTokens.create(refreshToken('t1', { expiresAt: FAR }));
      expect(await store.refreshTokens.get('t1')).toEqual(refreshToken('t1', { expiresAt: FAR }));
      const rotation = await store.refreshTokens.rotate('t1', refreshToken('t2'), NOW + 1);
      expect(rotation).toEqual({
        outcome: 'rotated',
        previous: refreshToken('t1', { expiresAt: FAR, usedAt: NOW + 1 }),
      });
      expect(await store.refreshTokens.get('t2')).toEqual(refreshToken('t2'));
      const reuse = await store.refreshTokens.rotate('t1', refreshToken('t3'), NOW + 2);
      expect(reuse.outcome).toBe('reused');
      expect(reuse.outcome === 'reused' && reuse.previous.grantId).toBe('grant-1');
      expect(await store.refreshTokens.get('t3')).toBeUndefined();
      expect((await store.refreshTokens.rotate('t2', refreshToken('t3'), NOW + 3)).outcome).toBe(
        'rotated',
      );
    });

    it('an unknown or expired token is unknown and stores no successor', async () => {
      const store = await open();
      await store.refreshTokens.create(refreshToken('t1', { expiresAt: NOW + 10 }));
      expect(await store.refreshTokens.rotate('nope', refreshToken('n1'), NOW)).toEqual({
        outcome: 'unknown',
      });
      expect(await store.refreshTokens.rotate('t1', refreshToken('n2'), NOW + 10)).toEqual({
        outcome: 'unknown',
      });
      expect(await store.refreshTokens.get('n1')).toBeUndefined();
      expect(await store.refreshTokens.get('n2')).toBeUndefined();
      expect(await store.refreshTokens.get('nope')).toBeUndefined();
    });

    it('a rotation whose successor cannot be stored changes nothing', async () => {
      const store = await open();
      await store.refreshTokens.create(refreshToken('t1'));
      await store.refreshTokens.create(refreshToken('taken'));
      await expect(
        store.refreshTokens.rotate('t1', refreshToken('taken'), NOW),
      ).rejects.toBeDefined();
      expect((await store.refreshTokens.get('t1'))?.usedAt).toBeUndefined();
      expect((await store.refreshTokens.rotate('t1', refreshToken('t2'), NOW)).outcome).toBe(
        'rotated',
      );
    });
  });

  describe('assertions', () => {
    it('remembers a jti once per client', async () => {
      const store = await open();
      expect(await store.assertions.remember('c1', 'jti-1', NOW + 60)).toBe(true);
      expect(await store.assertions.remember('c1', 'jti-1', NOW + 60)).toBe(false);
      expect(await store.assertions.remember('c2', 'jti-1', NOW + 60)).toBe(true);
      expect(await store.assertions.remember('c1', 'jti-2', NOW + 60)).toBe(true);
    });

    it('refuses a replay sent at the same moment', async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.assertions.remember('c1', 'jti-x', NOW + 60)),
      );
      expect(results.filter(Boolean).length).toBe(1);
    });
  });

  describe('signing keys', () => {
    it('creates, lists in activation order, schedules retirement and deletes', async () => {
      const store = await open();
      expect(await store.signingKeys.list()).toEqual([]);
      await store.signingKeys.create(signingKey('k2', { activatesAt: FAR }));
      await store.signingKeys.create(signingKey('k1'));
      expect((await store.signingKeys.list()).map((key) => key.kid)).toEqual(['k1', 'k2']);
      await store.signingKeys.setRetiresAt('k1', FAR + 100);
      expect(await store.signingKeys.list()).toEqual([
        signingKey('k1', { retiresAt: FAR + 100 }),
        signingKey('k2', { activatesAt: FAR }),
      ]);
      await store.signingKeys.delete('k1');
      expect((await store.signingKeys.list()).map((key) => key.kid)).toEqual(['k2']);
    });
  });

  describe('audit', () => {
    it('appends records (a retried batch is kept once) and keeps the latest chain head', async () => {
      const store = await open();
      expect(await store.audit.latestHead()).toBeUndefined();
      await store.audit.append([auditRecord(1), auditRecord(2)]);
      await store.audit.append([auditRecord(2), auditRecord(3)]);
      await store.audit.append([]);
      await store.audit.saveHead({ seq: 2, hash: 'hash-2', savedAt: NOW });
      await store.audit.saveHead({ seq: 3, hash: 'hash-3', savedAt: NOW + 1 });
      await store.audit.saveHead({ seq: 3, hash: 'hash-3', savedAt: NOW + 2 });
      expect(await store.audit.latestHead()).toEqual({ seq: 3, hash: 'hash-3', savedAt: NOW + 2 });
    });

    it('appends a large batch', async () => {
      const store = await open();
      await store.audit.append(Array.from({ length: 1_200 }, (_, index) => auditRecord(index + 1)));
      await store.audit.saveHead({ seq: 1_200, hash: 'hash-1200', savedAt: NOW });
      expect((await store.audit.latestHead())?.seq).toBe(1_200);
    });
  });

  describe('deleteExpired', () => {
    it('removes exactly what has expired, in every table, and counts it', async () => {
      const store = await open();
      const at = NOW + 100;
      await store.codes.create(code('old', { expiresAt: at }));
      await store.codes.create(code('fresh', { expiresAt: at + 1 }));
      await store.codes.create(code('used', { expiresAt: at + 1 }));
      await store.codes.redeem('used', NOW);
      await store.refreshTokens.create(refreshToken('old', { expiresAt: at - 1 }));
      await store.refreshTokens.create(refreshToken('fresh', { expiresAt: at + 1 }));
      await store.grants.create(grant('old', { expiresAt: at }));
      await store.grants.create(grant('revoked-old', { expiresAt: at - 5, revokedAt: NOW }));
      await store.grants.create(grant('fresh', { expiresAt: FAR }));
      await store.assertions.remember('c1', 'old', at);
      await store.assertions.remember('c1', 'fresh', at + 1);
      await store.signingKeys.create(signingKey('retired', { retiresAt: at }));
      await store.signingKeys.create(signingKey('active'));
      await store.clients.create(testClient('unused', { expiresAt: at }), {
        now: NOW,
        maxActive: 0,
      });
      await store.clients.create(testClient('pending', { expiresAt: at + 1 }), {
        now: NOW,
        maxActive: 0,
      });
      await store.clients.create(testClient('kept'), { now: NOW, maxActive: 0 });

      expect(await store.deleteExpired(at)).toBe(7);
      expect(await store.deleteExpired(at)).toBe(0);

      expect((await store.codes.redeem('fresh', at)).outcome).toBe('redeemed');
      expect((await store.codes.redeem('used', at)).outcome).toBe('reused');
      expect((await store.codes.redeem('old', NOW)).outcome).toBe('unknown');
      expect(await store.refreshTokens.get('old')).toBeUndefined();
      expect(await store.refreshTokens.get('fresh')).toBeDefined();
      expect(await store.grants.get('old')).toBeUndefined();
      expect(await store.grants.get('revoked-old')).toBeUndefined();
      expect(await store.grants.get('fresh')).toBeDefined();
      expect(await store.assertions.remember('c1', 'old', at + 60)).toBe(true);
      expect(await store.assertions.remember('c1', 'fresh', at + 60)).toBe(false);
      expect((await store.signingKeys.list()).map((key) => key.kid)).toEqual(['active']);
      expect(await store.clients.get('unused', NOW)).toBeUndefined();
      expect(await store.clients.get('pending', NOW)).toBeDefined();
      expect(await store.clients.get('kept', at)).toBeDefined();
    });

    it('keeps a used code while its grant lives, so a late replay is still reuse', async () => {
      const store = await open();
      const at = NOW + 100;
      const later = at + 1_000;
      await store.grants.create(grant('live', { expiresAt: later }));
      await store.grants.create(grant('revoked', { expiresAt: later, revokedAt: NOW }));
      await store.grants.create(grant('ended', { expiresAt: at }));
      for (const [hash, grantId] of [
        ['live', 'live'],
        ['revoked', 'revoked'],
        ['ended', 'ended'],
        ['orphan', 'no-such-grant'],
      ] as const) {
        await store.codes.create(code(hash, { grantId, expiresAt: at }));
        await store.codes.redeem(hash, NOW);
      }
      await store.codes.create(code('unused', { grantId: 'live', expiresAt: at }));

      // the grant 'ended', the codes 'ended', 'orphan' and 'unused'
      expect(await store.deleteExpired(at)).toBe(4);
      expect(await store.deleteExpired(at)).toBe(0);
      expect((await store.codes.redeem('live', at)).outcome).toBe('reused');
      expect((await store.codes.redeem('revoked', at)).outcome).toBe('reused');
      expect((await store.codes.redeem('ended', at)).outcome).toBe('unknown');
      expect((await store.codes.redeem('orphan', at)).outcome).toBe('unknown');
      expect((await store.codes.redeem('unused', at)).outcome).toBe('unknown');

      // the grants 'live' and 'revoked' end, and their codes go with them
      expect(await store.deleteExpired(later)).toBe(4);
      expect((await store.codes.redeem('live', later)).outcome).toBe('unknown');
      expect((await store.codes.redeem('revoked', later)).outcome).toBe('unknown');
    });
  });

  describe('removeClient', () => {
    it("deletes the client, revokes its grants and deletes its consents; others' stay", async () => {
      const store = await open();
      const resource = 'https://mcp.example.com/mcp';
      await store.clients.create(testClient('gone'), { now: NOW, maxActive: 0 });
      await store.clients.create(testClient('stays'), { now: NOW, maxActive: 0 });
      await store.grants.create(grant('g1', { clientId: 'gone' }));
      const machine = grant('g2', { clientId: 'gone' });
      delete machine.userId;
      await store.grants.create(machine);
      await store.grants.create(grant('g-old', { clientId: 'gone', revokedAt: NOW - 10 }));
      await store.grants.create(grant('g-other', { clientId: 'stays' }));
      await store.consents.grant({
        userId: 'u1',
        clientId: 'gone',
        resource,
        scopes: ['a'],
        updatedAt: NOW,
      });
      await store.consents.grant({
        userId: 'u2',
        clientId: 'gone',
        resource: 'r2',
        scopes: ['a'],
        updatedAt: NOW,
      });
      await store.consents.grant({
        userId: 'u1',
        clientId: 'stays',
        resource,
        scopes: ['a'],
        updatedAt: NOW,
      });

      expect(await store.removeClient('gone', NOW + 5)).toEqual({
        clientRemoved: true,
        grantsRevoked: 2,
        consentsRemoved: 2,
      });
      expect(await store.clients.get('gone', NOW)).toBeUndefined();
      expect((await store.grants.get('g1'))?.revokedAt).toBe(NOW + 5);
      expect((await store.grants.get('g2'))?.revokedAt).toBe(NOW + 5);
      expect((await store.grants.get('g-old'))?.revokedAt).toBe(NOW - 10);
      expect(await store.consents.get('u1', 'gone', resource)).toBeUndefined();
      expect(await store.consents.get('u2', 'gone', 'r2')).toBeUndefined();

      expect(await store.clients.get('stays', NOW)).toBeDefined();
      expect((await store.grants.get('g-other'))?.revokedAt).toBeUndefined();
      expect(await store.consents.get('u1', 'stays', resource)).toBeDefined();

      // re-added under the same id, the client inherits nothing
      await store.clients.create(testClient('gone'), { now: NOW + 6, maxActive: 0 });
      expect((await store.grants.get('g1'))?.revokedAt).toBe(NOW + 5);
      expect(await store.consents.get('u1', 'gone', resource)).toBeUndefined();
    });

    it('revokes what a client removed earlier left behind, and reports an unknown id', async () => {
      const store = await open();
      await store.grants.create(grant('left', { clientId: 'removed-before' }));
      expect(await store.removeClient('removed-before', NOW)).toEqual({
        clientRemoved: false,
        grantsRevoked: 1,
        consentsRemoved: 0,
      });
      expect((await store.grants.get('left'))?.revokedAt).toBe(NOW);
      expect(await store.removeClient('never-there', NOW)).toEqual({
        clientRemoved: false,
        grantsRevoked: 0,
        consentsRemoved: 0,
      });
    });
  });
}
