import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/* Frozen once released, like 0001. Adds the users' attributes (`UserRecord.claims`), as JSON text so
   both dialects share it; null for a user without any. */

export const userClaims: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').addColumn('claims', 'text').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').dropColumn('claims').execute();
  },
};
