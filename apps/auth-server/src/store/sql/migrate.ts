import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from '../migrations/index.js';
import type { SqlDatabase } from './sql-database.js';

/** Brings the schema up to date; rejects with the failing migration's error. */
export async function migrate(database: SqlDatabase): Promise<void> {
  const { db, dialect } = database;
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    // Pin Kysely's bookkeeping to the schema we work in, or a migration table in another schema of the
    // same database would be taken for ours.
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const { error } = await migrator.migrateToLatest();
      if (error === undefined) return;
      throw error;
    } catch (error) {
      if (!isConcurrentSchemaDrop(error) || attempt === MAX_ATTEMPTS) throw error;
    }
  }
}

const MAX_ATTEMPTS = 10;

/**
 * Kysely's migrator lists the tables of every schema of the database (`has_schema_privilege` on each);
 * a schema that another user of the same database drops during that scan fails it with
 * `invalid_schema_name`. Nothing of ours changed, so the migration is simply tried again.
 */
function isConcurrentSchemaDrop(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '3F000';
}
