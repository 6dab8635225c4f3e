import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Work } from './atomic.js';

/** An open database of either dialect, as the table stores use it. */
export interface SqlDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` atomically (see {@link Work}); a thrown error rolls everything back. */
  atomic<T>(work: () => Work<T>): Promise<T>;
  close(): Promise<void>;
}
