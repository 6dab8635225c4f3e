/**
 * The database as Kysely sees it. Times are integer seconds since the epoch (`bigint` on PostgreSQL, so
 * values may come back as strings there: read them through `toSeconds`). Scopes are stored space-separated
 * (scope tokens contain no spaces); JSON documents as text, so both dialects share one schema.
 */
export interface Database {
  clients: ClientsTable;
  users: UsersTable;
  consents: ConsentsTable;
  codes: CodesTable;
  grants: GrantsTable;
  refresh_tokens: RefreshTokensTable;
  assertions: AssertionsTable;
  signing_keys: SigningKeysTable;
  audit_records: AuditRecordsTable;
  audit_heads: AuditHeadsTable;
}

/** A time column as written (a number) and as read (a number, or a string for PostgreSQL `bigint`). */
export type Seconds = number | string;

export interface ClientsTable {
  client_id: string;
  /** JSON of the RFC 7591 metadata. */
  metadata: string;
  client_id_issued_at: Seconds;
  client_secret_hash: string | null;
  client_secret_expires_at: Seconds | null;
  expires_at: Seconds | null;
  last_used_at: Seconds | null;
  fingerprint: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: Seconds;
  /** JSON object of the user's attributes (`UserRecord.claims`); null for none. */
  claims: string | null;
}

export interface ConsentsTable {
  user_id: string;
  client_id: string;
  resource: string;
  scopes: string;
  updated_at: Seconds;
}

export interface CodesTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  resource: string;
  scopes: string;
  code_challenge: string;
  grant_id: string;
  expires_at: Seconds;
  used_at: Seconds | null;
}

export interface GrantsTable {
  id: string;
  client_id: string;
  user_id: string | null;
  resource: string;
  scopes: string;
  created_at: Seconds;
  expires_at: Seconds;
  revoked_at: Seconds | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  grant_id: string;
  client_id: string;
  resource: string;
  scopes: string;
  expires_at: Seconds;
  used_at: Seconds | null;
}

export interface AssertionsTable {
  client_id: string;
  jti: string;
  expires_at: Seconds;
}

export interface SigningKeysTable {
  kid: string;
  /** JSON of the private JWK. */
  private_jwk: string;
  created_at: Seconds;
  activates_at: Seconds;
  retires_at: Seconds | null;
}

export interface AuditRecordsTable {
  id: string;
  seq: Seconds;
  type: string;
  time: string;
  hash: string;
  /** JSON of the whole record, as chained. */
  record: string;
}

/** Chain heads saved for `gatehouse-audit verify --anchor`, one row per `seq`. */
export interface AuditHeadsTable {
  seq: Seconds;
  hash: string;
  saved_at: Seconds;
}
