import type { AuditRecord } from '@gatehouse/audit';
import type { ClientStore } from '@gatehouse/registration';

/**
 * Everything the authorization server keeps. Times are seconds since the epoch, passed in by the caller,
 * so stores need no clock. Secrets (codes, refresh tokens, passwords) are stored only as hashes computed by
 * the caller; a store never sees them in clear. Single-use operations (`redeemCode`, `rotateRefreshToken`,
 * `rememberAssertion`) are atomic in the database, so any number of server replicas is safe.
 */
export interface AuthStore {
  readonly clients: ClientStore;
  readonly users: UserStore;
  readonly consents: ConsentStore;
  readonly codes: CodeStore;
  readonly grants: GrantStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly assertions: AssertionStore;
  readonly signingKeys: SigningKeyStore;
  readonly audit: AuditStore;
  /**
   * Removes expired refresh tokens, grants, assertions, signing keys and clients, and expired codes,
   * except a used code whose grant still exists and has not expired (so its replay is still `reused`);
   * resolves to how many rows went.
   */
  deleteExpired(now: number): Promise<number>;
  /**
   * Removes a client and what it was given, in one transaction: deletes the client, revokes every
   * grant of its `client_id` (which kills their refresh tokens, codes and access tokens) and deletes
   * its consents, so a client added later under the same id inherits nothing. The grants and consents
   * go even when no client is stored under the id (those of a client removed by an older release).
   */
  removeClient(clientId: string, now: number): Promise<ClientRemoval>;
  close(): Promise<void>;
}

/** What {@link AuthStore.removeClient} did. */
export interface ClientRemoval {
  /** False when no client was stored under the id. */
  clientRemoved: boolean;
  /** Grants revoked by this call (grants revoked before are not counted). */
  grantsRevoked: number;
  consentsRemoved: number;
}

export interface UserRecord {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  passwordHash: string;
  createdAt: number;
  /**
   * The user's attributes (`tenant: 'acme'`), copied into the access tokens issued for the user when
   * their names are configured in `userClaims`. Absent when the user has none. Stores keep them as
   * given; `addUser` checks them (names, values, never a registered JWT claim).
   */
  claims?: Record<string, string>;
}

export interface UserStore {
  findByUsername(username: string): Promise<UserRecord | undefined>;
  get(id: string): Promise<UserRecord | undefined>;
  /** False if the username is taken. */
  create(user: UserRecord): Promise<boolean>;
  count(): Promise<number>;
}

/** What a user has allowed one client to do at one resource. */
export interface ConsentRecord {
  userId: string;
  clientId: string;
  resource: string;
  scopes: string[];
  updatedAt: number;
}

export interface ConsentStore {
  get(userId: string, clientId: string, resource: string): Promise<ConsentRecord | undefined>;
  /** Adds `scopes` to the consent (union with what was granted before), creating it if needed. */
  grant(consent: ConsentRecord): Promise<ConsentRecord>;
  revoke(userId: string, clientId: string, resource: string): Promise<boolean>;
}

/** An authorization code, stored by the SHA-256 of its value. */
export interface CodeRecord {
  codeHash: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  resource: string;
  scopes: string[];
  codeChallenge: string;
  /** The grant the code's tokens belong to (created with the code). */
  grantId: string;
  expiresAt: number;
  /** Set when redeemed. */
  usedAt?: number;
}

/**
 * `redeemed`: this call won the code. `reused`: it had been redeemed already (the caller revokes the
 * grant); a used code keeps this answer while its grant exists and has not expired. `unknown`: no such
 * code, or it expired unused.
 */
export type CodeRedemption =
  | { outcome: 'redeemed'; code: CodeRecord }
  | { outcome: 'reused'; code: CodeRecord }
  | { outcome: 'unknown' };

export interface CodeStore {
  create(code: CodeRecord): Promise<void>;
  /** One conditional update (`… WHERE used_at IS NULL RETURNING`): of concurrent calls, exactly one wins. */
  redeem(codeHash: string, now: number): Promise<CodeRedemption>;
}

/**
 * A grant: one authorization (or one client_credentials issuance) and everything issued from it. Revoking
 * it revokes its refresh-token family and makes introspection answer inactive for its access tokens.
 */
export interface GrantRecord {
  id: string;
  clientId: string;
  /** Absent for client_credentials. */
  userId?: string;
  resource: string;
  scopes: string[];
  createdAt: number;
  /** When the grant (and so its refresh tokens) ends. */
  expiresAt: number;
  revokedAt?: number;
}

export interface GrantStore {
  create(grant: GrantRecord): Promise<void>;
  get(id: string): Promise<GrantRecord | undefined>;
  /** False if unknown or already revoked. */
  revoke(id: string, now: number): Promise<boolean>;
}

/** A refresh token, stored by the SHA-256 of its value. */
export interface RefreshTokenRecord {
  tokenHash: string;
  grantId: string;
  clientId: string;
  resource: string;
  scopes: string[];
  expiresAt: number;
  /** Set when it was rotated (used). */
  usedAt?: number;
}

/**
 * `rotated`: this call used the token and `next` was stored in the same transaction. `reused`: it had been
 * used already (the caller revokes the grant). `unknown`: no such token, or it expired.
 */
export type RefreshRotation =
  | { outcome: 'rotated'; previous: RefreshTokenRecord }
  | { outcome: 'reused'; previous: RefreshTokenRecord }
  | { outcome: 'unknown' };

export interface RefreshTokenStore {
  create(token: RefreshTokenRecord): Promise<void>;
  get(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks `tokenHash` used and inserts `next`, atomically; of concurrent calls exactly one rotates. */
  rotate(tokenHash: string, next: RefreshTokenRecord, now: number): Promise<RefreshRotation>;
}

/** `private_key_jwt` assertion ids seen, kept until the assertion expires (RFC 7523 replay check). */
export interface AssertionStore {
  /** True if `(clientId, jti)` was new and is now remembered; false if it was seen before. */
  remember(clientId: string, jti: string, expiresAt: number): Promise<boolean>;
}

/** A signing key as stored: the private JWK (from `exportSigningKey`) and its schedule. */
export interface SigningKeyRecord {
  kid: string;
  privateJwk: Record<string, unknown>;
  createdAt: number;
  /** From then on new tokens are signed with it (published in the JWKS from `createdAt`). */
  activatesAt: number;
  /** Set when a newer key took over; the key is dropped once this has passed. */
  retiresAt?: number;
}

export interface SigningKeyStore {
  list(): Promise<SigningKeyRecord[]>;
  create(key: SigningKeyRecord): Promise<void>;
  setRetiresAt(kid: string, retiresAt: number): Promise<void>;
  delete(kid: string): Promise<void>;
}

/** Audit records kept in the database (a sink), and the chain head saved for `verify --anchor`. */
export interface AuditStore {
  append(records: readonly AuditRecord[]): Promise<void>;
  saveHead(head: { seq: number; hash: string; savedAt: number }): Promise<void>;
  latestHead(): Promise<{ seq: number; hash: string; savedAt: number } | undefined>;
}
