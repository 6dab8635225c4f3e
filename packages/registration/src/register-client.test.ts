import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ClientStore,
  createMemoryClientStore,
  createRegistrationPolicy,
  hashClientSecret,
  RegistrationError,
  type RegistrationErrorCode,
  registerClient,
  verifyClientSecret,
} from './index.js';

const START = Date.UTC(2026, 0, 1);
const NOW = START / 1000;
const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
const PUBLIC = {
  client_name: 'Claude Code',
  redirect_uris: ['http://127.0.0.1:33418/callback'],
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  software_id: 'claude-code',
  software_version: '2.1.0',
};
const CONFIDENTIAL = {
  client_name: 'Web app',
  redirect_uris: ['https://app.example/cb'],
  token_endpoint_auth_method: 'client_secret_post',
};

async function rejection(promise: Promise<unknown>): Promise<RegistrationErrorCode | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (RegistrationError.isInstance(error)) return error.code;
    throw error;
  }
}

describe('registerClient', () => {
  let store: ClientStore;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
    store = createMemoryClientStore();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the RFC 7591 body of a public client: a random id, no secret', async () => {
    const body = await registerClient(PUBLIC, { store, policy });
    expect(body).toEqual({
      client_id: body.client_id,
      client_id_issued_at: NOW,
      client_name: 'Claude Code',
      redirect_uris: ['http://127.0.0.1:33418/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      application_type: 'native',
      software_id: 'claude-code',
      software_version: '2.1.0',
    });
    expect(body.client_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const stored = await store.get(body.client_id, NOW);
    expect(stored?.clientSecretHash).toBeUndefined();
    expect(stored?.expiresAt).toBe(NOW + 86_400);
  });

  it('never issues an https:// client id, and never the same one twice', async () => {
    const unique = createRegistrationPolicy({ allowedScopes: [], deduplicate: false });
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { client_id } = await registerClient(PUBLIC, { store, policy: unique });
      expect(client_id.startsWith('https://')).toBe(false);
      ids.add(client_id);
    }
    expect(ids.size).toBe(200);
  });

  it('gives confidential clients a secret stored only as its hash, with an expiry', async () => {
    const body = await registerClient(CONFIDENTIAL, { store, policy });
    expect(body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.client_secret_expires_at).toBe(NOW + 90 * 86_400);
    const stored = await store.get(body.client_id, NOW);
    expect(JSON.stringify(stored)).not.toContain(body.client_secret);
    expect(stored?.clientSecretHash).toBe(await hashClientSecret(body.client_secret ?? ''));
    await verifyClientSecret(stored, body.client_secret, NOW);
  });

  it('sets client_secret_expires_at to 0 when secrets do not expire', async () => {
    const forever = createRegistrationPolicy({ allowedScopes: [], clientSecretTtlSeconds: 0 });
    const body = await registerClient(CONFIDENTIAL, { store, policy: forever });
    expect(body.client_secret_expires_at).toBe(0);
  });

  it('deduplicates identical registrations of public clients (re-registration on every start)', async () => {
    const first = await registerClient(PUBLIC, { store, policy });
    vi.setSystemTime(START + 3_600_000);
    const reordered = { ...PUBLIC, grant_types: ['refresh_token', 'authorization_code'] };
    const second = await registerClient(reordered, { store, policy });
    expect(second.client_id).toBe(first.client_id);
    expect(second.client_id_issued_at).toBe(NOW);
    expect((await store.get(first.client_id, NOW))?.expiresAt).toBe(NOW + 3600 + 86_400);
    const otherVersion = await registerClient(
      { ...PUBLIC, software_version: '2.2.0' },
      { store, policy },
    );
    expect(otherVersion.client_id).not.toBe(first.client_id);
  });

  it('never deduplicates clients with secrets, nor when the policy says not to', async () => {
    const a = await registerClient(CONFIDENTIAL, { store, policy });
    const b = await registerClient(CONFIDENTIAL, { store, policy });
    expect(a.client_id).not.toBe(b.client_id);
    const noDedup = createRegistrationPolicy({ allowedScopes: [], deduplicate: false });
    const c = await registerClient(PUBLIC, { store, policy: noDedup });
    const d = await registerClient(PUBLIC, { store, policy: noDedup });
    expect(c.client_id).not.toBe(d.client_id);
  });

  it('does not deduplicate onto an expired client', async () => {
    const first = await registerClient(PUBLIC, { store, policy });
    vi.setSystemTime(START + 86_400_000);
    const second = await registerClient(PUBLIC, { store, policy });
    expect(second.client_id).not.toBe(first.client_id);
  });

  it('expires clients that never complete an authorization, and keeps touched ones', async () => {
    const unused = await registerClient(PUBLIC, { store, policy });
    const used = await registerClient({ ...PUBLIC, client_name: 'Used' }, { store, policy });
    expect(await store.touch(used.client_id, NOW + 60)).toBe(true);
    const later = NOW + 86_400;
    expect(await store.get(unused.client_id, later)).toBeUndefined();
    expect((await store.get(used.client_id, later))?.lastUsedAt).toBe(NOW + 60);
    const never = createRegistrationPolicy({ allowedScopes: [], unusedClientTtlSeconds: 0 });
    const kept = await registerClient({ ...PUBLIC, client_name: 'Kept' }, { store, policy: never });
    expect((await store.get(kept.client_id, NOW + 10 ** 8))?.expiresAt).toBeUndefined();
  });

  it('refuses registrations beyond the active client cap (a burst of 1,000)', async () => {
    const capped = createRegistrationPolicy({
      allowedScopes: [],
      maxActiveClients: 50,
      deduplicate: false,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        registerClient({ ...PUBLIC, client_name: `bot ${i}` }, { store, policy: capped }).then(
          () => 'created',
          (error: unknown) => (RegistrationError.isInstance(error) ? error.code : 'other'),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'ERR_REGISTRATION_CLIENT_LIMIT')).toHaveLength(950);
    const error = await registerClient(PUBLIC, { store, policy: capped }).catch((e: unknown) => e);
    expect(RegistrationError.isInstance(error) && [error.oauthError, error.status]).toEqual([
      'temporarily_unavailable',
      503,
    ]);
  });

  it('validates before storing anything', async () => {
    expect(
      await rejection(
        registerClient({ redirect_uris: ['http://evil.example/cb'] }, { store, policy }),
      ),
    ).toBe('ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP');
    expect(await store.deleteExpired(NOW + 10 ** 9)).toBe(0);
  });

  it('throws TypeError for missing or unknown options', async () => {
    await expect(registerClient(PUBLIC, { policy } as never)).rejects.toThrow(TypeError);
    await expect(registerClient(PUBLIC, { store, policy, extra: 1 } as never)).rejects.toThrow(
      TypeError,
    );
    await expect(
      registerClient(PUBLIC, { store, policy: { allowedScopes: [] } } as never),
    ).rejects.toThrow(TypeError);
  });
});

describe('verifyClientSecret', () => {
  it('refuses a wrong, missing, expired secret and an unknown client, as invalid_client', async () => {
    const store = createMemoryClientStore();
    const body = await registerClient(CONFIDENTIAL, { store, policy, clock: () => START });
    const client = await store.get(body.client_id, NOW);
    const secret = body.client_secret ?? '';
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await rejection(verifyClientSecret(client, wrong, NOW))).toBe(
      'ERR_REGISTRATION_CLIENT_SECRET_MISMATCH',
    );
    expect(await rejection(verifyClientSecret(client, undefined, NOW))).toBe(
      'ERR_REGISTRATION_CLIENT_SECRET_MISMATCH',
    );
    expect(await rejection(verifyClientSecret(client, client?.clientSecretHash, NOW))).toBe(
      'ERR_REGISTRATION_CLIENT_SECRET_MISMATCH',
    );
    expect(await rejection(verifyClientSecret(client, secret, NOW + 90 * 86_400))).toBe(
      'ERR_REGISTRATION_CLIENT_SECRET_EXPIRED',
    );
    expect(await rejection(verifyClientSecret(undefined, secret, NOW))).toBe(
      'ERR_REGISTRATION_CLIENT_UNKNOWN',
    );
    const publicClient = await store.get(
      (await registerClient(PUBLIC, { store, policy, clock: () => START })).client_id,
      NOW,
    );
    expect(await rejection(verifyClientSecret(publicClient, '', NOW))).toBe(
      'ERR_REGISTRATION_CLIENT_UNKNOWN',
    );
    const error = await verifyClientSecret(client, wrong, NOW).catch((e: unknown) => e);
    expect(RegistrationError.isInstance(error) && [error.oauthError, error.status]).toEqual([
      'invalid_client',
      401,
    ]);
  });
});
