import type { Migration, MigrationProvider } from 'kysely/migration';
import { initial } from './0001-initial.js';
import { userClaims } from './0002-user-claims.js';
import { dropRefreshGrantIndex } from './0003-drop-refresh-grant-index.js';

/** Every migration, in order. Names sort lexically; add the next as `0004-…`. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-user-claims': userClaims,
  '0003-drop-refresh-grant-index': dropRefreshGrantIndex,
};

/** The migrations compiled into the app (no file-system scan, so a bundled build finds them). */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
