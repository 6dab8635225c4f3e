import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantsTable } from '../schema.js';
import { migrate } from './migrate.js';
import { type Param, precompile } from './precompiled.js';
import { openSqlite } from './sqlite.js';

const database = openSqlite(':memory:');
const { db } = database;

beforeAll(() => migrate(database));
afterAll(() => database.close());

describe('precompile', () => {
  it('compiles once and binds named values to every position they appear in', async () => {
    const insert = precompile((param: Param<GrantsTable>) =>
      db.insertInto('grants').values({
        id: param('id'),
        client_id: param('client_id'),
        user_id: param('user_id'),
        resource: param('resource'),
        scopes: param('scopes'),
        created_at: param('created_at'),
        expires_at: param('expires_at'),
        revoked_at: param('revoked_at'),
      }),
    );
    const grant = (id: string, createdAt: number, expiresAt: number): GrantsTable => ({
      id,
      client_id: 'client-1',
      user_id: null,
      resource: 'https://mcp.example.com/mcp',
      scopes: 'a b',
      created_at: createdAt,
      expires_at: expiresAt,
      revoked_at: null,
    });
    await database.run(insert.bind(grant('a', 1, 5)));
    await database.run(insert.bind(grant('b', 4, 9)));
    const liveAt = precompile((param: Param<{ at: number }>) =>
      db
        .selectFrom('grants')
        .select('id')
        .where('created_at', '<=', param('at'))
        .where('expires_at', '>=', param('at'))
        .where('revoked_at', 'is', null)
        .orderBy('id'),
    );
    const bound = liveAt.bind({ at: 4 });
    expect(bound.sql).toBe(liveAt.sql);
    expect(bound.parameters).toEqual([4, 4]);
    expect((await database.run(bound)).rows).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect((await database.run(liveAt.bind({ at: 7 }))).rows).toEqual([{ id: 'b' }]);
    expect((await database.run(liveAt.bind({ at: 0 }))).rows).toEqual([]);
  });

  it('refuses to run with a value missing, and never leaks a stand-in into a query', () => {
    const byId = precompile((param: Param<{ id: string }>) =>
      db.selectFrom('grants').selectAll().where('id', '=', param('id')),
    );
    expect(() => byId.bind({} as { id: string })).toThrow(TypeError);
    expect(byId.bind({ id: 'x' }).parameters).toEqual(['x']);
  });

  it('keeps the constant values Kysely parameterized as they were built', () => {
    const limited = precompile((param: Param<{ id: string }>) =>
      db
        .selectFrom('grants')
        .selectAll()
        .where('id', '=', param('id'))
        .where('expires_at', '>', 3)
        .limit(2),
    );
    expect(limited.bind({ id: 'y' }).parameters).toEqual(['y', 3, 2]);
  });
});
