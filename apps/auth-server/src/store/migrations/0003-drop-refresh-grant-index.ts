import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/* Frozen once released, like 0001. No query looks refresh tokens up by grant (a grant's revocation is
   read from `grants` whenever one of its tokens is used), yet every refresh token written updated the
   `refresh_tokens_grant_id` index: one more random page per token endpoint write. */

export const dropRefreshGrantIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('refresh_tokens_grant_id').ifExists().execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('refresh_tokens_grant_id')
      .ifNotExists()
      .on('refresh_tokens')
      .column('grant_id')
      .execute();
  },
};
