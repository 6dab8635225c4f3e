import {
  createMemoryMetadataDocumentCache,
  MetadataDocumentError,
  type ResolvedMetadataDocument,
} from '@gatehouse/registration';
import { describe, expect, it } from 'vitest';
import { limitDocumentLookups } from './document-lookups.js';

const LIMITS = { maxFetches: 2, failureSeconds: 30, maxFailures: 2 };

function documentFor(url: string, nowMs: number): ResolvedMetadataDocument {
  const fetchedAt = Math.floor(nowMs / 1000);
  return {
    clientId: url,
    metadata: {
      redirect_uris: ['http://127.0.0.1/cb'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      application_type: 'native',
    },
    warnings: [],
    fetchedAt,
    expiresAt: fetchedAt + 300,
  };
}

/** A resolver whose fetches the test finishes by hand; successes go to the cache, as the package's do. */
function harness() {
  let now = 1_800_000_000_000;
  const cache = createMemoryMetadataDocumentCache();
  const pending = new Map<string, { succeed(): void; fail(error: unknown): void }>();
  const fetches: string[] = [];
  const resolve = (url: string) => {
    const cached = cache.get(url) as ResolvedMetadataDocument | undefined;
    if (cached !== undefined && cached.expiresAt * 1000 > now) return Promise.resolve(cached);
    fetches.push(url);
    return new Promise<ResolvedMetadataDocument>((succeed, fail) => {
      pending.set(url, {
        succeed: () => {
          const document = documentFor(url, now);
          cache.set(url, document, 300);
          succeed(document);
        },
        fail,
      });
    });
  };
  const limited = limitDocumentLookups(resolve, cache, () => now, LIMITS);
  return {
    limited,
    fetches,
    finish: (url: string) => pending.get(url)?.succeed(),
    fail: (url: string, error: unknown) => pending.get(url)?.fail(error),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('limitDocumentLookups', () => {
  it('shares one fetch between concurrent lookups of the same document', async () => {
    const { limited, fetches, finish } = harness();
    const lookups = [1, 2, 3].map(() => limited('https://app.example/a.json'));
    await settle();
    finish('https://app.example/a.json');
    const documents = await Promise.all(lookups);
    expect(fetches).toEqual(['https://app.example/a.json']);
    expect(documents.map((document) => document.clientId)).toEqual([
      'https://app.example/a.json',
      'https://app.example/a.json',
      'https://app.example/a.json',
    ]);
  });

  it('refuses a document that failed, without fetching it again, until failureSeconds pass', async () => {
    const { limited, fetches, fail, advance } = harness();
    const url = 'https://app.example/missing.json';
    const first = limited(url);
    await settle();
    const error = new MetadataDocumentError('ERR_CIMD_STATUS', 'the server answered 404');
    fail(url, error);
    await expect(first).rejects.toBe(error);
    for (let i = 0; i < 5; i++) await expect(limited(url)).rejects.toBe(error);
    advance(29);
    await expect(limited(url)).rejects.toBe(error);
    expect(fetches).toEqual([url]);
    advance(2);
    void limited(url).catch(() => undefined);
    await settle();
    expect(fetches).toEqual([url, url]);
  });

  it('fetches at most maxFetches documents at once and refuses more with 503', async () => {
    const { limited, fetches, finish } = harness();
    const a = limited('https://a.example/c.json');
    const b = limited('https://b.example/c.json');
    await settle();
    await expect(limited('https://c.example/c.json')).rejects.toMatchObject({
      code: 'ERR_AS_CLIENT_LOOKUPS_BUSY',
      oauthError: 'temporarily_unavailable',
      status: 503,
    });
    expect(fetches).toEqual(['https://a.example/c.json', 'https://b.example/c.json']);
    finish('https://a.example/c.json');
    await a;
    const c = limited('https://c.example/c.json');
    await settle();
    expect(fetches).toHaveLength(3);
    finish('https://b.example/c.json');
    finish('https://c.example/c.json');
    await Promise.all([b, c]);
  });

  it('answers a cached document even while every fetch slot is taken', async () => {
    const { limited, finish } = harness();
    const cachedUrl = 'https://app.example/cached.json';
    const first = limited(cachedUrl);
    await settle();
    finish(cachedUrl);
    await first;
    void limited('https://slow1.example/c.json');
    void limited('https://slow2.example/c.json');
    await settle();
    await expect(limited(cachedUrl)).resolves.toMatchObject({ clientId: cachedUrl });
  });

  it('forgets the oldest failures beyond maxFailures', async () => {
    const { limited, fetches, fail } = harness();
    for (const name of ['one', 'two', 'three']) {
      const url = `https://app.example/${name}.json`;
      const lookup = limited(url);
      await settle();
      fail(url, new MetadataDocumentError('ERR_CIMD_STATUS', 'gone'));
      await expect(lookup).rejects.toThrow('gone');
    }
    void limited('https://app.example/one.json').catch(() => undefined);
    void limited('https://app.example/three.json').catch(() => undefined);
    await settle();
    expect(fetches.filter((url) => url.endsWith('/one.json'))).toHaveLength(2);
    expect(fetches.filter((url) => url.endsWith('/three.json'))).toHaveLength(1);
  });

  it('spends the budget only to start a fetch, never for the cache, a shared fetch or a failure', async () => {
    const { limited, fetches, finish, fail } = harness();
    let spent = 0;
    const budget = async () => {
      spent++;
    };
    const first = limited('https://app.example/a.json', budget);
    const joined = limited('https://app.example/a.json', budget);
    await settle();
    finish('https://app.example/a.json');
    await Promise.all([first, joined]);
    await limited('https://app.example/a.json', budget);
    expect(spent).toBe(1);
    const failing = limited('https://app.example/gone.json', budget);
    await settle();
    fail('https://app.example/gone.json', new MetadataDocumentError('ERR_CIMD_STATUS', 'gone'));
    await expect(failing).rejects.toThrow('gone');
    await expect(limited('https://app.example/gone.json', budget)).rejects.toThrow('gone');
    expect(spent).toBe(2);
    expect(fetches).toHaveLength(2);
  });

  it('fetches nothing when the budget refuses', async () => {
    const { limited, fetches } = harness();
    const refusal = new Error('over budget');
    await expect(limited('https://app.example/a.json', () => Promise.reject(refusal))).rejects.toBe(
      refusal,
    );
    expect(fetches).toEqual([]);
  });
});
