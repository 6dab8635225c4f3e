import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, NOW, refreshToken, testClient } from './store-conformance.js';
import { postgresDialect, sqliteFileDialect, type TestDialect } from './test-helpers.js';
import type { AuthStore } from './types.js';

/* Races between separate connections on one database: several better-sqlite3 connections (one per
   Kysely instance) on one WAL file, and two PostgreSQL pools of 12 connections on one schema. Single use
   must hold in the database itself, whichever connection each request arrives on. */

const ATTEMPTS = 50;
const ROUNDS = 3;

function tally<T extends string>(outcomes: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

const cases: [TestDialect, number][] = [
  [sqliteFileDialect(), 5],
  [postgresDialect(), 2],
];

for (const [dialect, connections] of cases) {
  describe(`concurrent requests on ${dialect.name} (${connections} stores)`, () => {
    let stores: AuthStore[] = [];
    beforeAll(async () => {
      stores = await dialect.openShared(connections);
    });
    afterAll(() => dialect.cleanup());
    const on = (index: number): AuthStore => stores[index % stores.length] as AuthStore;

    it(`${ATTEMPTS} concurrent redemptions of one code: exactly one succeeds`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const hash = `code-${round}`;
        await on(round).codes.create(code(hash));
        const results = await Promise.all(
          Array.from({ length: ATTEMPTS }, (_, index) => on(index).codes.redeem(hash, NOW + 1)),
        );
        expect(tally(results.map((result) => result.outcome))).toEqual({
          redeemed: 1,
          reused: ATTEMPTS - 1,
        });
      }
    });

    it(`${ATTEMPTS} concurrent refreshes of one refresh token: exactly one rotates`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const hash = `rt-${round}`;
        await on(round).refreshTokens.create(refreshToken(hash));
        const results = await Promise.all(
          Array.from({ length: ATTEMPTS }, (_, index) =>
            on(index).refreshTokens.rotate(hash, refreshToken(`${hash}-next-${index}`), NOW + 1),
          ),
        );
        expect(tally(results.map((result) => result.outcome))).toEqual({
          rotated: 1,
          reused: ATTEMPTS - 1,
        });
        const winner = results.findIndex((result) => result.outcome === 'rotated');
        const successors = await Promise.all(
          Array.from({ length: ATTEMPTS }, (_, index) =>
            on(0).refreshTokens.get(`${hash}-next-${index}`),
          ),
        );
        // Only the winner's successor was stored; the losers' were rolled back with them.
        expect(successors.flatMap((token, index) => (token === undefined ? [] : [index]))).toEqual([
          winner,
        ]);
      }
    });

    it('concurrent registrations on every connection never overshoot the client cap', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          on(index).clients.create(testClient(`c${index}`), { now: NOW, maxActive: 7 }),
        ),
      );
      expect(tally(outcomes)).toEqual({ created: 7, limit_reached: 17 });
    });

    it('concurrent consent grants from every connection keep every scope', async () => {
      const scopes = Array.from({ length: 12 }, (_, index) => `scope-${index}`);
      await Promise.all(
        scopes.map((scope, index) =>
          on(index).consents.grant({
            userId: 'u1',
            clientId: 'c1',
            resource: 'r',
            scopes: [scope],
            updatedAt: NOW,
          }),
        ),
      );
      const consent = await on(0).consents.get('u1', 'c1', 'r');
      expect([...(consent?.scopes ?? [])].sort()).toEqual([...scopes].sort());
    });

    it('a private_key_jwt assertion replayed on every connection at once is accepted once', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          on(index).assertions.remember('c1', 'jti', NOW + 60),
        ),
      );
      expect(results.filter(Boolean).length).toBe(1);
    });
  });
}
